package dev.flowcraft.internal;

import dev.flowcraft.api.FatalNodeException;
import dev.flowcraft.validation.SleepDurations;
import java.time.Duration;

/** Parameters of built-in nodes, read with the same rules the validator checks them with. */
final class Durations {
  private Durations() {}

  static Duration parseSleep(Object value, String nodeId) {
    return SleepDurations.parse(value).orElseThrow(() -> new FatalNodeException("Sleep node '" + nodeId
        + "': invalid duration " + value + ": use a number of milliseconds >= 0 or digits followed by ms, s, m, h"
        + " or d, e.g. \"30s\""));
  }

  static int positiveInt(Object value, int dflt) {
    if (value instanceof Number n && n.intValue() > 0) {
      return n.intValue();
    }
    return dflt;
  }
}
