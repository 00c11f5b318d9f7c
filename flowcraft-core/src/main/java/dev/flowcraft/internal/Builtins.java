package dev.flowcraft.internal;

import java.util.Set;

/** The {@code uses} keys the engine itself implements (unless a registry overrides them). */
public final class Builtins {
  private Builtins() {}

  public static final String WAIT = "wait";
  public static final String SLEEP = "sleep";
  public static final String WEBHOOK = "webhook";
  public static final String SUBFLOW = "subflow";
  public static final String BATCH_SCATTER = "batch-scatter";
  public static final String BATCH_GATHER = "batch-gather";
  public static final String LOOP_CONTROLLER = "loop-controller";

  public static final Set<String> ENGINE_KEYS = Set.of(WAIT, SLEEP, WEBHOOK, SUBFLOW, BATCH_SCATTER, BATCH_GATHER, LOOP_CONTROLLER);

  /** The standard node library: JSON-only blueprints can do useful work with these. */
  public static final Set<String> STANDARD_KEYS = Set.of("transform", "log", "http", "fail");

  public static boolean isKnown(String uses) {
    return ENGINE_KEYS.contains(uses) || STANDARD_KEYS.contains(uses);
  }
}
