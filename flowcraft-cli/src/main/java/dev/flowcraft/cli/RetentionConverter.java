package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapterOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A retention period as {@code FLOWCRAFT_RETENTION} takes it: {@code 7d}, {@code 12h}, {@code P30D}; {@code 0} or {@code none}: forever. */
final class RetentionConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return KafkaAdapterOptions.parseRetention(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}, {@code 500ms}: the largest whole unit ({@code 0s} for zero). */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillis() % 86_400_000L == 0) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000L == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000L == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
