package dev.flowcraft.kafka.queue;

/** Kafka did not accept a job (or a topic), so the caller must not assume it is durable. */
public final class KafkaQueueException extends RuntimeException {

  public KafkaQueueException(String message) {
    super(message);
  }

  public KafkaQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
