package dev.flowcraft.api;

/** Thrown by a node for an error that retrying cannot fix: no further attempt and no fallback. */
public class FatalNodeException extends FlowcraftException {
  public FatalNodeException(String message) {
    super(message);
  }

  public FatalNodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
