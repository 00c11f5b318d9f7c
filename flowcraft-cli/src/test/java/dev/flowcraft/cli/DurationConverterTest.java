package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter c = new DurationConverter();

  @Test
  void acceptsUnitsBareSecondsAndIso() {
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(c.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(c.convert("P2D")).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void rejectsNonsenseWithAnExample() {
    assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("60s");
  }
}
