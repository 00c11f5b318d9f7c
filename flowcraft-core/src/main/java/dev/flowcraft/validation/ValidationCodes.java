package dev.flowcraft.validation;

/** The stable codes of {@link ValidationError#code()}. Tools and tests match on these, never on messages. */
public final class ValidationCodes {

  private ValidationCodes() {}

  // Blueprint structure
  public static final String BLANK_BLUEPRINT_ID = "BLANK_BLUEPRINT_ID";
  public static final String NO_NODES = "NO_NODES";
  public static final String BLANK_NODE_ID = "BLANK_NODE_ID";
  public static final String DUPLICATE_NODE_ID = "DUPLICATE_NODE_ID";
  public static final String BLANK_USES = "BLANK_USES";
  public static final String MISSING_IMPLEMENTATION = "MISSING_IMPLEMENTATION";
  public static final String UNKNOWN_EDGE_SOURCE = "UNKNOWN_EDGE_SOURCE";
  public static final String UNKNOWN_EDGE_TARGET = "UNKNOWN_EDGE_TARGET";
  public static final String UNKNOWN_CYCLE_ENTRY_POINT = "UNKNOWN_CYCLE_ENTRY_POINT";

  // Node config
  public static final String UNKNOWN_FALLBACK = "UNKNOWN_FALLBACK";
  public static final String SELF_FALLBACK = "SELF_FALLBACK";
  public static final String INVALID_MAX_RETRIES = "INVALID_MAX_RETRIES";
  public static final String NEGATIVE_RETRY_DELAY = "NEGATIVE_RETRY_DELAY";
  public static final String INVALID_TIMEOUT = "INVALID_TIMEOUT";

  // Inputs and expressions
  public static final String BLANK_INPUT_KEY = "BLANK_INPUT_KEY";
  public static final String INVALID_EXPRESSION = "INVALID_EXPRESSION";

  // Built-in node parameters
  public static final String LOOP_MISSING_CONTINUE_EDGE = "LOOP_MISSING_CONTINUE_EDGE";
  public static final String LOOP_MISSING_CONDITION = "LOOP_MISSING_CONDITION";
  public static final String BATCH_MISSING_WORKER_KEY = "BATCH_MISSING_WORKER_KEY";
  public static final String BATCH_UNKNOWN_WORKER_KEY = "BATCH_UNKNOWN_WORKER_KEY";
  public static final String BATCH_MISSING_GATHER_NODE = "BATCH_MISSING_GATHER_NODE";
  public static final String BATCH_UNKNOWN_GATHER_NODE = "BATCH_UNKNOWN_GATHER_NODE";
  public static final String BATCH_INVALID_CHUNK_SIZE = "BATCH_INVALID_CHUNK_SIZE";
  public static final String SUBFLOW_MISSING_BLUEPRINT_ID = "SUBFLOW_MISSING_BLUEPRINT_ID";
  public static final String SUBFLOW_UNKNOWN_BLUEPRINT_ID = "SUBFLOW_UNKNOWN_BLUEPRINT_ID";
  public static final String SLEEP_INVALID_DURATION = "SLEEP_INVALID_DURATION";

  // Graph shape and limits (hardening)
  public static final String UNCONTROLLED_CYCLE = "UNCONTROLLED_CYCLE";
  public static final String LOOP_INVALID_MAX_ITERATIONS = "LOOP_INVALID_MAX_ITERATIONS";
  public static final String INVALID_NODE_ID = "INVALID_NODE_ID";
}
