package dev.flowcraft.kafka.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KafkaJobQueue}. Immutable; build with {@link #builder(String)}.
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param topic              the job topic
 * @param groupId            the consumer group of the workers
 * @param deadLetterTopic    where jobs go that cannot be decoded or failed {@code maxRedeliveries} times
 * @param partitions         partitions when {@link KafkaTopics} creates the topics: the upper bound of workers
 * @param replicationFactor  replication factor when creating the topics
 * @param concurrency        handler threads per subscription
 * @param maxInFlight        records taken from Kafka and not yet done, per subscription; beyond, fetching pauses
 * @param maxRedeliveries    deliveries of a job whose handler keeps failing before it is dead-lettered
 * @param maxJobBytes        the largest encoded job accepted by {@code enqueue} and by the consumer
 * @param producerProperties extra producer settings (e.g. security); they override the defaults
 * @param consumerProperties extra consumer settings (e.g. session timeouts); they override the defaults
 * @param commitInterval     how often completed offsets are committed
 * @param closeTimeout       how long closing a subscription waits for running handlers
 * @param revocationTimeout  how long a rebalance waits for the running handlers of revoked partitions; keep it
 *                           below {@code max.poll.interval.ms}
 * @param redeliveryBackoff  how long a failed job waits before its redelivery is produced, doubled on each further
 *                           failure (zero: at once); a store that is briefly down then gets time to come back
 *                           before the job runs out of deliveries and is dead-lettered
 * @param maxRedeliveryBackoff the cap of that wait
 * @param detachAfter        how long a handler may work on a record before the record stops holding back its
 *                           partition's committed offset: a copy is produced (same key, so the same partition) and
 *                           the original counts as done, so one stuck job does not pin the offsets of the jobs
 *                           after it (a restart would redeliver them all); the handler must treat the copy as a
 *                           duplicate, as it treats any redelivery
 * @param maxPollRestarts    how many times in a row a consumer whose poll thread stopped on an error is started
 *                           again (with back-off) before the subscription gives up and tells the queue's failure
 *                           listeners
 */
public record KafkaQueueOptions(
    String bootstrapServers,
    String topic,
    String groupId,
    String deadLetterTopic,
    int partitions,
    short replicationFactor,
    int concurrency,
    int maxInFlight,
    int maxRedeliveries,
    int maxJobBytes,
    Map<String, Object> producerProperties,
    Map<String, Object> consumerProperties,
    Duration commitInterval,
    Duration closeTimeout,
    Duration revocationTimeout,
    Duration redeliveryBackoff,
    Duration maxRedeliveryBackoff,
    Duration detachAfter,
    int maxPollRestarts) {

  public static final String DEFAULT_TOPIC = "flowcraft-jobs";
  public static final String DEFAULT_GROUP = "flowcraft-workers";

  public KafkaQueueOptions {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(topic, "topic");
    requireText(groupId, "groupId");
    requireText(deadLetterTopic, "deadLetterTopic");
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException("deadLetterTopic must differ from topic " + topic);
    }
    atLeast(partitions, 1, "partitions");
    atLeast(replicationFactor, 1, "replicationFactor");
    atLeast(concurrency, 1, "concurrency");
    atLeast(maxInFlight, concurrency, "maxInFlight (at least concurrency)");
    atLeast(maxRedeliveries, 1, "maxRedeliveries");
    atLeast(maxJobBytes, 64, "maxJobBytes");
    producerProperties = Map.copyOf(Objects.requireNonNull(producerProperties, "producerProperties"));
    consumerProperties = Map.copyOf(Objects.requireNonNull(consumerProperties, "consumerProperties"));
    positive(commitInterval, "commitInterval");
    positive(closeTimeout, "closeTimeout");
    positive(revocationTimeout, "revocationTimeout");
    positive(detachAfter, "detachAfter");
    atLeast(maxPollRestarts, 0, "maxPollRestarts");
    if (redeliveryBackoff == null || redeliveryBackoff.isNegative()) {
      throw new IllegalArgumentException("redeliveryBackoff must be zero or positive, got " + redeliveryBackoff);
    }
    if (maxRedeliveryBackoff == null || maxRedeliveryBackoff.compareTo(redeliveryBackoff) < 0) {
      throw new IllegalArgumentException("maxRedeliveryBackoff must be >= redeliveryBackoff (" + redeliveryBackoff
          + "), got " + maxRedeliveryBackoff);
    }
  }

  /** How long a job that failed waits before delivery {@code nextDelivery} (2 for the first redelivery). */
  public Duration backoffBefore(int nextDelivery) {
    return Builder.backoffBefore(nextDelivery, redeliveryBackoff, maxRedeliveryBackoff);
  }

  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(bootstrapServers).topic(topic).groupId(groupId).deadLetterTopic(deadLetterTopic)
        .partitions(partitions).replicationFactor(replicationFactor).concurrency(concurrency)
        .maxInFlight(maxInFlight).maxRedeliveries(maxRedeliveries).maxJobBytes(maxJobBytes)
        .commitInterval(commitInterval).closeTimeout(closeTimeout).revocationTimeout(revocationTimeout)
        .redeliveryBackoff(redeliveryBackoff).maxRedeliveryBackoff(maxRedeliveryBackoff).detachAfter(detachAfter)
        .maxPollRestarts(maxPollRestarts);
    producerProperties.forEach(b::producerProperty);
    consumerProperties.forEach(b::consumerProperty);
    return b;
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void atLeast(int v, int min, String name) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
    }
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** Builder with the defaults documented on each setter. Not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private String groupId = DEFAULT_GROUP;
    private String deadLetterTopic; // null: <topic>-dlq
    private int partitions = 16;
    private short replicationFactor = 1;
    private int concurrency = 16;
    private Integer maxInFlight; // null: 4 x concurrency
    private int maxRedeliveries = 5;
    private int maxJobBytes = 64 * 1024;
    private final Map<String, Object> producerProperties = new LinkedHashMap<>();
    private final Map<String, Object> consumerProperties = new LinkedHashMap<>();
    private Duration commitInterval = Duration.ofMillis(100);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private Duration revocationTimeout = Duration.ofSeconds(10);
    private Duration redeliveryBackoff = Duration.ofMillis(500);
    private Duration maxRedeliveryBackoff = Duration.ofSeconds(10);
    private Duration detachAfter = Duration.ofSeconds(30);
    private int maxPollRestarts = 10;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    /** Default {@value KafkaQueueOptions#DEFAULT_TOPIC}. */
    public Builder topic(String v) {
      topic = v;
      return this;
    }

    /** Default {@value KafkaQueueOptions#DEFAULT_GROUP}. */
    public Builder groupId(String v) {
      groupId = v;
      return this;
    }

    /** Default {@code <topic>-dlq}. */
    public Builder deadLetterTopic(String v) {
      deadLetterTopic = v;
      return this;
    }

    /** Default 16. */
    public Builder partitions(int v) {
      partitions = v;
      return this;
    }

    /** Default 1. */
    public Builder replicationFactor(int v) {
      if (v > Short.MAX_VALUE) {
        throw new IllegalArgumentException("replicationFactor too large: " + v);
      }
      replicationFactor = (short) v;
      return this;
    }

    /** Default 16. */
    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    /** Default 4 x concurrency. */
    public Builder maxInFlight(int v) {
      maxInFlight = v;
      return this;
    }

    /** Default 5. */
    public Builder maxRedeliveries(int v) {
      maxRedeliveries = v;
      return this;
    }

    /** Default 64 KiB. */
    public Builder maxJobBytes(int v) {
      maxJobBytes = v;
      return this;
    }

    public Builder producerProperty(String key, Object value) {
      producerProperties.put(key, value);
      return this;
    }

    public Builder consumerProperty(String key, Object value) {
      consumerProperties.put(key, value);
      return this;
    }

    /** Default 100 ms. */
    public Builder commitInterval(Duration v) {
      commitInterval = v;
      return this;
    }

    /** Default 30 s. */
    public Builder closeTimeout(Duration v) {
      closeTimeout = v;
      return this;
    }

    /** Default 10 s. */
    public Builder revocationTimeout(Duration v) {
      revocationTimeout = v;
      return this;
    }

    /** Default 500 ms (then 1 s, 2 s, ...): with 5 deliveries a job rides out a store outage of about 15 s. */
    public Builder redeliveryBackoff(Duration v) {
      redeliveryBackoff = v;
      return this;
    }

    /** Default 10 s. */
    public Builder maxRedeliveryBackoff(Duration v) {
      maxRedeliveryBackoff = v;
      return this;
    }

    /** Default 30 s. */
    public Builder detachAfter(Duration v) {
      detachAfter = v;
      return this;
    }

    /** Default 10. */
    public Builder maxPollRestarts(int v) {
      maxPollRestarts = v;
      return this;
    }

    /** The wait before delivery {@code nextDelivery} (2 for the first redelivery). */
    static Duration backoffBefore(int nextDelivery, Duration initial, Duration max) {
      long ms = initial.toMillis();
      for (int d = 2; d < nextDelivery && ms < max.toMillis(); d++) {
        ms *= 2;
      }
      return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    public KafkaQueueOptions build() {
      return new KafkaQueueOptions(bootstrapServers, topic, groupId,
          deadLetterTopic == null && topic != null ? topic + "-dlq" : deadLetterTopic,
          partitions, replicationFactor, concurrency, maxInFlight == null ? 4 * concurrency : maxInFlight,
          maxRedeliveries, maxJobBytes, producerProperties, consumerProperties, commitInterval, closeTimeout,
          revocationTimeout, redeliveryBackoff, maxRedeliveryBackoff, detachAfter, maxPollRestarts);
    }
  }
}
