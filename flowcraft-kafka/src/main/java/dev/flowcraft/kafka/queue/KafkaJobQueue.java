package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@link JobQueue} on a Kafka topic, keyed by run id, with a dead-letter topic.
 *
 * <p>Delivery is at least once. A job counts as done (its offset may be committed) only when its handler
 * returned normally <em>and</em> every job the handler enqueued is acknowledged by Kafka, so a crash never
 * loses the successors of a committed job. A failing handler's job is produced again (with a delivery
 * count header) and dead-lettered after {@link KafkaQueueOptions#maxRedeliveries()} deliveries; a record
 * that is not a valid job, and a job whose handler throws {@link dev.flowcraft.spi.UnprocessableJobException},
 * are dead-lettered at once. Dead-letter records carry the reason in the {@link QueueHeaders#ERROR} header. See {@link KafkaSubscription} for the consumer side.
 *
 * <p>Jobs are not handled in order, not even those of one run: records of a partition are handled in
 * parallel (the engine does not need an order, and a slow job must not hold up the others).
 *
 * <p>Thread-safety: all methods may be called from any thread. {@link #enqueue(Job)} called on a handler
 * thread of a subscription of this queue does not block: the send is awaited, together with the others of
 * the same handler call, after the handler returns. Called elsewhere it blocks until the job is durable.
 * Do not close the queue from inside a handler: it closes the producer that handler still needs.
 */
public final class KafkaJobQueue implements JobQueue, AutoCloseable {
  private final KafkaQueueOptions options;
  private final Producer<byte[], byte[]> producer;
  /** The sends of the handler call running on this thread, or null outside handler calls. */
  private final ThreadLocal<List<Future<RecordMetadata>>> handlerSends = new ThreadLocal<>();
  private final Set<SupervisedSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.LongAdder pollRestarts = new java.util.concurrent.atomic.LongAdder();
  private final List<java.util.function.Consumer<Throwable>> failureListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A queue on existing topics; see {@link #open(KafkaQueueOptions)} to create them first. */
  public KafkaJobQueue(KafkaQueueOptions options) {
    this.options = options;
    this.producer = new KafkaProducer<>(producerConfig(options));
  }

  /** Creates the topics if missing ({@link KafkaTopics#ensure(KafkaQueueOptions)}), then opens the queue. */
  public static KafkaJobQueue open(KafkaQueueOptions options) {
    KafkaTopics.ensure(options);
    return new KafkaJobQueue(options);
  }

  public KafkaQueueOptions options() {
    return options;
  }

  /**
   * Produces the job. On a handler thread the send is only started (see the class comment); elsewhere this
   * returns once Kafka acknowledged the job and throws {@link KafkaQueueException} if it did not.
   *
   * @throws IllegalArgumentException if the encoded job exceeds {@link KafkaQueueOptions#maxJobBytes()}
   */
  @Override
  public void enqueue(Job job) {
    if (closed.get()) {
      throw new IllegalStateException("queue on topic " + options.topic() + " is closed");
    }
    byte[] value = JobCodec.encode(job);
    if (value.length > options.maxJobBytes()) {
      throw new IllegalArgumentException("job " + job + " encodes to " + value.length
          + " bytes, more than maxJobBytes " + options.maxJobBytes());
    }
    Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(options.topic(), JobCodec.key(job), value));
    List<Future<RecordMetadata>> pending = handlerSends.get();
    if (pending != null) {
      pending.add(sent);
      return;
    }
    try {
      sent.get();
    } catch (ExecutionException e) {
      throw new KafkaQueueException("job " + job + " was not enqueued to topic " + options.topic() + ": "
          + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaQueueException("interrupted before job " + job + " was acknowledged by Kafka", e);
    }
  }

  /**
   * Starts a consumer in the queue's group delivering jobs to {@code handler} on
   * {@link KafkaQueueOptions#concurrency()} threads; close the returned handle to stop it.
   */
  @Override
  public AutoCloseable subscribe(JobHandler handler) {
    if (closed.get()) {
      throw new IllegalStateException("queue on topic " + options.topic() + " is closed");
    }
    SupervisedSubscription s = new SupervisedSubscription(this, handler);
    subscriptions.add(s);
    s.start();
    return s;
  }

  /** How many times a subscription's consumer was restarted after its poll thread stopped on an error. */
  public long pollRestarts() {
    return pollRestarts.sum();
  }

  /**
   * Tells {@code listener} (on the failing poll thread) when a subscription gave up after
   * {@link KafkaQueueOptions#maxPollRestarts()} restarts in a row: it consumes nothing any more.
   */
  public void onSubscriptionFailure(java.util.function.Consumer<Throwable> listener) {
    failureListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  void pollRestarted() {
    pollRestarts.increment();
  }

  void subscriptionFailed(Throwable cause) {
    for (var l : failureListeners) {
      try {
        l.accept(cause);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(KafkaJobQueue.class).warn("A subscription failure listener failed", e);
      }
    }
  }

  void subscriptionClosed(SupervisedSubscription s) {
    subscriptions.remove(s);
  }

  /** Closes the open subscriptions, then the producer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (SupervisedSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    producer.close(options.closeTimeout());
  }

  Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** Collects the sends of {@code enqueue} on this thread until {@link #endHandlerCall()}. */
  List<Future<RecordMetadata>> beginHandlerCall() {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    handlerSends.set(sends);
    return sends;
  }

  void endHandlerCall() {
    handlerSends.remove();
  }

  /**
   * The producer settings of the queue, for every producer of job records (the queue's, a dead-letter replay,
   * the bench's probe): linger 1 ms, then the options' producer properties, then, not overridable, idempotence
   * and {@code acks=all} (the commit protocol relies on acknowledged = durable) and byte-array serializers.
   */
  public static Map<String, Object> producerConfig(KafkaQueueOptions o) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
    c.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    c.putAll(o.producerProperties());
    // not overridable: durability (the commit protocol relies on acknowledged = durable) and the byte format
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return c;
  }
}
