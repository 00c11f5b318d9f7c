package dev.flowcraft.validation;

import java.util.Set;

/**
 * The {@code uses} keys the engine always provides, so validation and linting never report them as
 * missing implementations (Flowcraft's linter did, for {@code wait}, {@code sleep}, {@code webhook} and
 * {@code subflow}). Stateless and thread-safe.
 */
public final class BuiltInNodes {

  private BuiltInNodes() {}

  public static final String WAIT = "wait";
  public static final String SLEEP = "sleep";
  public static final String WEBHOOK = "webhook";
  public static final String SUBFLOW = "subflow";
  public static final String BATCH_SCATTER = "batch-scatter";
  public static final String BATCH_GATHER = "batch-gather";
  public static final String LOOP_CONTROLLER = "loop-controller";
  public static final String TRANSFORM = "transform";
  public static final String LOG = "log";
  public static final String HTTP = "http";
  public static final String FAIL = "fail";

  /** Every built-in key: the engine's own nodes plus the standard library. */
  public static final Set<String> KEYS = Set.of(
      WAIT, SLEEP, WEBHOOK, SUBFLOW, BATCH_SCATTER, BATCH_GATHER, LOOP_CONTROLLER, TRANSFORM, LOG, HTTP, FAIL);

  public static boolean isBuiltIn(String usesKey) {
    return usesKey != null && KEYS.contains(usesKey);
  }
}
