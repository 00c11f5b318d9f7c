package dev.flowcraft.spi;

import java.time.Instant;

/**
 * A serialisable description of a failure.
 *
 * @param nodeId  the failing node, or null for run-level errors
 * @param type    the exception class name or an error code
 * @param message human-readable message
 * @param fatal   whether retries and fallbacks were skipped
 * @param at      when it happened
 */
public record ErrorInfo(String nodeId, String type, String message, boolean fatal, Instant at) {

  public static ErrorInfo of(String nodeId, Throwable t, boolean fatal) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new ErrorInfo(nodeId, t.getClass().getName(), msg, fatal, Instant.now());
  }
}
