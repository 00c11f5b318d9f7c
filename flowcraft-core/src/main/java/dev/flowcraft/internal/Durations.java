package dev.flowcraft.internal;

import dev.flowcraft.api.FatalNodeException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the duration and count parameters of built-in nodes. */
public final class Durations {
  private Durations() {}

  private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

  /** Milliseconds as a number, or digits followed by ms, s, m, h or d. */
  public static Duration parse(Object value) {
    if (value instanceof Number n) {
      long ms = n.longValue();
      if (ms < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
        throw new IllegalArgumentException("a duration must be a whole number of milliseconds >= 0, got " + value);
      }
      return Duration.ofMillis(ms);
    }
    if (value instanceof String s) {
      Matcher m = DURATION.matcher(s.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid duration '" + s + "': use digits followed by ms, s, m, h or d, e.g. \"30s\"");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    throw new IllegalArgumentException("a duration must be a number of milliseconds or a string like \"30s\", got "
        + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }

  static Duration parseSleep(Object value, String nodeId) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new FatalNodeException("Sleep node '" + nodeId + "': " + e.getMessage());
    }
  }

  static int positiveInt(Object value, int dflt) {
    if (value instanceof Number n && n.intValue() > 0) {
      return n.intValue();
    }
    return dflt;
  }
}
