package dev.flowcraft.validation;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code duration} parameter of the built-in {@code sleep} node: a number of milliseconds
 * {@code >= 0}, or a string of digits followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * (Flowcraft had no {@code ms}). Stateless and thread-safe.
 */
public final class SleepDurations {

  private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private SleepDurations() {}

  /** The duration, or empty when {@code value} is not a valid sleep duration (including overflow). */
  public static Optional<Duration> parse(Object value) {
    try {
      if (value instanceof Number n) {
        double ms = n.doubleValue();
        // Flowcraft accepts any non-negative number of milliseconds; fractions are truncated.
        return Double.isFinite(ms) && ms >= 0 && ms <= Long.MAX_VALUE
            ? Optional.of(Duration.ofMillis(n.longValue()))
            : Optional.empty();
      }
      if (value instanceof String s) {
        Matcher m = TEXT.matcher(s);
        if (!m.matches()) {
          return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(Duration.of(amount, unit(m.group(2))));
      }
    } catch (ArithmeticException | NumberFormatException overflow) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static ChronoUnit unit(String suffix) {
    return switch (suffix) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> ChronoUnit.DAYS;
    };
  }
}
