package dev.flowcraft.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in blueprint JSON: a number of milliseconds (fractions allowed, down to nanoseconds), or a
 * string of a non-negative number and a unit {@code ms s m h d} ({@code "500ms"}, {@code "30s"},
 * {@code "1.5h"}); a bare digit string is milliseconds. Written back as milliseconds.
 */
final class DurationJson {

  private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal MAX_NANOS = new BigDecimal(Long.MAX_VALUE);

  private DurationJson() {}

  /** The duration, or empty when the node is neither a non-negative number nor a duration string. */
  static Optional<Duration> parse(JsonNode node) {
    if (node.isNumber()) {
      return ofMillis(node.decimalValue());
    }
    if (node.isTextual()) {
      Matcher m = TEXT.matcher(node.textValue().strip().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        BigDecimal amount = new BigDecimal(m.group(1));
        return ofMillis(amount.multiply(millisPer(m.group(2) == null ? "ms" : m.group(2))));
      }
    }
    return Optional.empty();
  }

  static JsonNode write(Duration d) {
    BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000))
        .add(BigInteger.valueOf(d.getNano()));
    BigDecimal millis = new BigDecimal(nanos, 6);
    if (millis.signum() == 0) {
      return JsonNodeFactory.instance.numberNode(0L);
    }
    BigDecimal stripped = millis.stripTrailingZeros();
    return stripped.scale() <= 0
        ? JsonNodeFactory.instance.numberNode(stripped.longValueExact())
        : JsonNodeFactory.instance.numberNode(stripped);
  }

  private static Optional<Duration> ofMillis(BigDecimal millis) {
    if (millis.signum() < 0) {
      return Optional.empty();
    }
    BigDecimal nanos = millis.multiply(NANOS_PER_MILLI);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
  }

  private static BigDecimal millisPer(String unit) {
    return switch (unit) {
      case "ms" -> BigDecimal.ONE;
      case "s" -> BigDecimal.valueOf(1_000);
      case "m" -> BigDecimal.valueOf(60_000);
      case "h" -> BigDecimal.valueOf(3_600_000);
      case "d" -> BigDecimal.valueOf(86_400_000);
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
