package dev.flowcraft.kafka;

import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.ReconciliationStats;
import java.time.Duration;
import java.util.Objects;

/**
 * Finds running runs that made no progress for longer than a threshold and resumes them from their durable
 * records in Cassandra (see {@link FlowRuntime#reconcileStalled}): lost jobs are enqueued again, joins and
 * work sets lost with Redis are rebuilt. Untaken branches, completed nodes and jobs still in flight are never
 * enqueued. Workers also run it periodically ({@link KafkaAdapterOptions#reconcileInterval()}), one at a time.
 *
 * <pre>{@code
 * try (KafkaReconciler reconciler = KafkaReconciler.create(options, Duration.ofMinutes(5))) {
 *   ReconciliationStats stats = reconciler.run();
 * }
 * }</pre>
 *
 * <p>Thread-safe; close it to release its connections.
 */
public final class KafkaReconciler implements AutoCloseable {

  private final FlowRuntime client;
  private final Duration threshold;
  private final int limit;

  private KafkaReconciler(FlowRuntime client, Duration threshold, int limit) {
    this.client = client;
    this.threshold = threshold;
    this.limit = limit;
  }

  /** A reconciler with its own connections; runs stalled for longer than {@code threshold}, 1,000 per pass. */
  public static KafkaReconciler create(KafkaAdapterOptions options, Duration threshold) {
    return create(options, threshold, 1000);
  }

  public static KafkaReconciler create(KafkaAdapterOptions options, Duration threshold, int limit) {
    Objects.requireNonNull(threshold, "threshold");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return new KafkaReconciler(KafkaAdapter.client(options, FlowRuntime.builder().checkUsesKeys(false)), threshold, limit);
  }

  /** One pass. */
  public ReconciliationStats run() {
    return client.reconcileStalled(threshold, limit);
  }

  @Override
  public void close() {
    client.close();
  }
}
