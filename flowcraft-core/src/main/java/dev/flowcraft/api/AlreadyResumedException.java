package dev.flowcraft.api;

/**
 * A resume of a node that was already resumed: a node takes one decision, so a second one (a double click, a
 * retried request, a duplicate event) is refused rather than silently overwriting the first. Callers that
 * deliver events at least once can catch it and treat the delivery as done.
 */
public class AlreadyResumedException extends FlowcraftException {
  private static final long serialVersionUID = 1L;

  public AlreadyResumedException(String message) {
    super(message);
  }
}
