package dev.flowcraft.internal;

import dev.flowcraft.validation.BuiltInNodes;
import java.util.Set;

/** Which built-in keys ({@link BuiltInNodes}, the one list) the engine implements itself. */
public final class Builtins {
  private Builtins() {}

  public static final String WAIT = BuiltInNodes.WAIT;
  public static final String SLEEP = BuiltInNodes.SLEEP;
  public static final String WEBHOOK = BuiltInNodes.WEBHOOK;
  public static final String SUBFLOW = BuiltInNodes.SUBFLOW;
  public static final String BATCH_SCATTER = BuiltInNodes.BATCH_SCATTER;
  public static final String BATCH_GATHER = BuiltInNodes.BATCH_GATHER;
  public static final String LOOP_CONTROLLER = BuiltInNodes.LOOP_CONTROLLER;

  /** Keys handled inside the engine (they need its state), unless a registry overrides them. */
  public static final Set<String> ENGINE_KEYS = Set.of(WAIT, SLEEP, WEBHOOK, SUBFLOW, BATCH_SCATTER, BATCH_GATHER, LOOP_CONTROLLER);

  public static boolean isKnown(String uses) {
    return BuiltInNodes.isBuiltIn(uses);
  }
}
