package dev.flowcraft.api;

/** Base class of the engine's exceptions. */
public class FlowcraftException extends RuntimeException {
  public FlowcraftException(String message) {
    super(message);
  }

  public FlowcraftException(String message, Throwable cause) {
    super(message, cause);
  }
}
