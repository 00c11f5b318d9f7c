package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapterOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 7d}, a bare number of seconds, or ISO-8601
 * ({@code PT1M}, {@code P7D}): {@link KafkaAdapterOptions#parseDuration}, the grammar of the environment too.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return KafkaAdapterOptions.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
