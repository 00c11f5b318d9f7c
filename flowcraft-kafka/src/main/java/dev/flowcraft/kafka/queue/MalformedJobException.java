package dev.flowcraft.kafka.queue;

/**
 * A record on the job topic is not a valid job. The message says what is wrong (e.g. a missing field), so
 * the dead-letter header tells an operator why the record was set aside.
 */
public final class MalformedJobException extends RuntimeException {

  public MalformedJobException(String message) {
    super(message);
  }

  public MalformedJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
