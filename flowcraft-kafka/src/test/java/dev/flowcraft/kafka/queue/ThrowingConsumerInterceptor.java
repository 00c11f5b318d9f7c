package dev.flowcraft.kafka.queue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer interceptor that throws an {@link Error} out of {@code poll()} while {@link #THROWS} is positive:
 * the client swallows exceptions from interceptors, not errors, so this stops the poll thread as a bug would.
 */
public final class ThrowingConsumerInterceptor implements ConsumerInterceptor<byte[], byte[]> {
  /** How many polls with records still throw. */
  static final AtomicInteger THROWS = new AtomicInteger();

  @Override
  public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
    if (!records.isEmpty() && THROWS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new AssertionError("injected: the poll thread meets an Error");
    }
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
  }

  @Override
  public void close() {
  }

  @Override
  public void configure(Map<String, ?> configs) {
  }
}
