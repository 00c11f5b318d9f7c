package dev.flowcraft.tooling;

/**
 * Codes of linter issues that are not plain validator codes: Flowcraft's six codes (kept verbatim so tools
 * written against Flowcraft keep working) and our warnings. Any other issue code is a
 * {@link dev.flowcraft.validation.ValidationCodes validator code}.
 */
public final class LintCodes {

  private LintCodes() {}

  public static final String MISSING_NODE_IMPLEMENTATION = "MISSING_NODE_IMPLEMENTATION";
  public static final String INVALID_BATCH_WORKER_KEY = "INVALID_BATCH_WORKER_KEY";
  public static final String INVALID_SUBFLOW_BLUEPRINT_ID = "INVALID_SUBFLOW_BLUEPRINT_ID";
  public static final String INVALID_EDGE_SOURCE = "INVALID_EDGE_SOURCE";
  public static final String INVALID_EDGE_TARGET = "INVALID_EDGE_TARGET";
  public static final String ORPHAN_NODE = "ORPHAN_NODE";

  /** Warning: a cycle with no loop-controller runs once only, since completed nodes are not re-run. */
  public static final String CYCLE_WITHOUT_LOOP_CONTROLLER = "CYCLE_WITHOUT_LOOP_CONTROLLER";
}
