package dev.flowcraft.spi;

/**
 * Thrown by a {@link JobHandler} for a job that can never be processed, e.g. one for a run that does not
 * exist. Queues do not redeliver it: they dead-letter it with this message as the reason.
 */
public class UnprocessableJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnprocessableJobException(String message) {
    super(message);
  }
}
