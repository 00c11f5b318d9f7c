package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.JobHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a {@link KafkaJobQueue}. A single poll thread owns the (not thread-safe) KafkaConsumer;
 * records go to a pool of handler threads, so jobs of one partition run in parallel and a slow job does not
 * hold up its partition, and the poll thread keeps polling while handlers run (no rebalance because of a
 * long job). Completed offsets come back through a queue; per partition the position below which all records
 * are done is committed ({@link PartitionOffsets}) every commit interval, and synchronously on revocation and
 * close. When {@code maxInFlight} records are taken and not done, fetching pauses.
 *
 * <p>Thread-safety: {@link #close()} may be called from any thread; everything else runs
 * on the poll thread, except {@link PartitionWork}'s start/finish and the completion queue.
 */
final class KafkaSubscription implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
  private static final AtomicInteger IDS = new AtomicInteger();

  /** How often the poll thread looks for records handled longer than {@code detachAfter}. */
  private static final Duration DETACH_CHECK = Duration.ofMillis(500);

  private record Completion(PartitionWork work, long offset) {}

  /** A record a handler thread works on now. */
  private static final class Running {
    final PartitionWork work;
    final ConsumerRecord<byte[], byte[]> record;
    final long startNanos = System.nanoTime();
    volatile boolean detached;

    Running(PartitionWork work, ConsumerRecord<byte[], byte[]> record) {
      this.work = work;
      this.record = record;
    }
  }

  private final KafkaQueueOptions options;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final int maxPollRecords;
  private final RecordProcessor processor;
  private final ExecutorService handlers;
  private final BiConsumer<KafkaSubscription, Throwable> onClosed;
  /** What stopped the poll thread, or null after a regular close. */
  private volatile Throwable failure;
  private final Thread pollThread;
  private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  private final KafkaJobQueue queue;
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Set when close gave up waiting: running handlers are interrupted and their records stay undone. */
  private volatile boolean forcedStop;

  // poll thread only
  private final Map<TopicPartition, PartitionWork> work = new HashMap<>();
  private boolean paused;
  private long nextCommitNanos;
  private long nextDetachCheckNanos;

  KafkaSubscription(KafkaJobQueue queue, JobHandler handler, BiConsumer<KafkaSubscription, Throwable> onClosed) {
    this.options = queue.options();
    this.queue = queue;
    this.onClosed = onClosed;
    this.maxPollRecords = maxPollRecords(options);
    this.consumer = new KafkaConsumer<>(consumerConfig(options, maxPollRecords));
    this.processor = new RecordProcessor(queue, handler, () -> forcedStop);
    int id = IDS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.handlers = new ThreadPoolExecutor(options.concurrency(), options.concurrency(), 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = daemon(r, "flowcraft-kafka-" + id + "-handler-" + n.incrementAndGet());
          handlerThreads.add(t);
          return t;
        });
    this.pollThread = daemon(this::run, "flowcraft-kafka-" + id + "-poll");
  }

  void start() {
    pollThread.start();
  }

  /**
   * Stops fetching, lets running handlers finish (at most the close timeout), commits and leaves the group.
   * Records taken but not started are dropped: uncommitted, they go to the next owner. Idempotent. Called
   * from one of its own handlers, it only starts the shutdown (which waits for that handler to return).
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true) || handlerThreads.contains(Thread.currentThread())) {
      return;
    }
    try {
      pollThread.join(options.closeTimeout().plusSeconds(15).toMillis());
      if (pollThread.isAlive()) {
        LOG.warn("Poll thread of {} did not stop in time", options.topic());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(options.topic()), new Rebalance());
      while (!closing.get()) {
        applyCompletions();
        flowControl();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (closing.get()) {
            break; // not handed out: uncommitted, the next owner gets them
          }
          dispatch(r);
        }
        applyCompletions();
        detachLongRunning();
        commitIfDue();
      }
      shutDown();
    } catch (Throwable t) {
      LOG.error("Consumer of {} stopped by an error; its uncommitted jobs go to other workers", options.topic(), t);
      failure = t;
      forcedStop = true;
      handlers.shutdownNow();
      closeConsumer();
    } finally {
      onClosed.accept(this, failure);
    }
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> r) {
    PartitionWork w = work.get(new TopicPartition(r.topic(), r.partition()));
    if (w == null) {
      return; // not assigned any more (cannot happen: poll returns only assigned partitions)
    }
    w.offsets.taken(r.offset());
    handlers.execute(() -> {
      // closing is checked too: a record from the last poll must not start once close() was called
      if (closing.get() || !w.tryStart()) {
        return; // revoked or closing: dropped, uncommitted
      }
      boolean done = false;
      Running run = new Running(w, r);
      running.add(run);
      try {
        done = processor.process(r);
      } catch (Throwable t) {
        LOG.error("Record {}-{}@{} left undone", r.topic(), r.partition(), r.offset(), t);
      } finally {
        running.remove(run);
        if (done) {
          completions.add(new Completion(w, r.offset()));
        }
        w.finished();
      }
    });
  }

  private void applyCompletions() {
    for (Completion c; (c = completions.poll()) != null; ) {
      if (work.get(c.work().partition) == c.work()) {
        c.work().offsets.done(c.offset());
      }
    }
  }

  /**
   * Records handled longer than {@code detachAfter} stop holding back their partition's commit: a copy goes to
   * the end of the partition, and once Kafka has it the original counts as done. Without this, one stuck job
   * pins its partition's committed offset, and a restart redelivers every job after it. The copy is a duplicate
   * to the handler (the engine drops it while the original runs here, and rechecks it later); the original's
   * handler goes on, and its outcome is recorded as usual.
   */
  private void detachLongRunning() {
    long now = System.nanoTime();
    if (now - nextDetachCheckNanos < 0) {
      return;
    }
    nextDetachCheckNanos = now + DETACH_CHECK.toNanos();
    long after = options.detachAfter().toNanos();
    for (Running run : running) {
      if (run.detached || now - run.startNanos < after || work.get(run.work.partition) != run.work) {
        continue;
      }
      run.detached = true;
      ConsumerRecord<byte[], byte[]> r = run.record;
      String where = r.topic() + "-" + r.partition() + "@" + r.offset();
      RecordHeaders headers = new RecordHeaders(r.headers().toArray());
      QueueHeaders.put(headers, QueueHeaders.DETACHED_FROM, where);
      try {
        queue.producer().send(new ProducerRecord<>(r.topic(), null, r.key(),
            r.value(), headers), (metadata, e) -> {
              if (e == null) {
                LOG.warn("Job at {} has been handled for over {} s; it no longer holds back its partition's commit:"
                    + " a copy went to offset {}", where, options.detachAfter().toSeconds(), metadata.offset());
                completions.add(new Completion(run.work, r.offset()));
              } else {
                LOG.warn("Could not detach the long-running job at {} (tried again): {}", where, e.toString());
                run.detached = false;
              }
            });
      } catch (RuntimeException e) {
        LOG.warn("Could not detach the long-running job at {} (tried again): {}", where, e.toString());
        run.detached = false;
      }
    }
  }

  /** Pauses fetching while a further poll could take more than maxInFlight records; resumes below. */
  private void flowControl() {
    int inFlight = 0;
    for (PartitionWork w : work.values()) {
      inFlight += w.offsets.inFlight();
    }
    boolean full = inFlight + maxPollRecords > options.maxInFlight();
    if (full != paused) {
      if (full) {
        consumer.pause(consumer.assignment());
      } else {
        consumer.resume(consumer.assignment());
      }
      paused = full;
    }
  }

  private void commitIfDue() {
    long now = System.nanoTime();
    if (now - nextCommitNanos < 0) {
      return;
    }
    nextCommitNanos = now + options.commitInterval().toNanos();
    Map<TopicPartition, OffsetAndMetadata> offsets = positions(work.values());
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(offsets, (committed, e) -> {
      if (e != null) {
        LOG.debug("Commit of {} failed (retried with the next one): {}", committed, e.toString());
        offsets.forEach((tp, om) -> {
          PartitionWork w = work.get(tp);
          if (w != null) {
            w.offsets.commitFailed(om.offset());
          }
        });
      }
    });
  }

  /** The positions of {@code ws} that moved since their last commit, marked as committed. */
  private static Map<TopicPartition, OffsetAndMetadata> positions(Collection<PartitionWork> ws) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionWork w : ws) {
      OptionalLong p = w.offsets.toCommit();
      if (p.isPresent()) {
        offsets.put(w.partition, new OffsetAndMetadata(p.getAsLong()));
        w.offsets.committed(p.getAsLong());
      }
    }
    return offsets;
  }

  private void commitSync(Collection<PartitionWork> ws) {
    applyCompletions();
    Map<TopicPartition, OffsetAndMetadata> offsets = positions(ws);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, options.closeTimeout());
    } catch (KafkaException e) {
      LOG.warn("Commit of {} failed; those jobs will be delivered again: {}", offsets, e.toString());
    }
  }

  /**
   * Stops handing out records of {@code ws}, waits (bounded) for the running ones, and commits what is done,
   * while the partitions are still ours; records not started are dropped for the next owner.
   */
  private void release(Collection<PartitionWork> ws, long deadlineNanos, boolean commit) {
    ws.forEach(PartitionWork::revoke);
    if (commit) {
      for (PartitionWork w : ws) {
        if (!w.awaitIdle(deadlineNanos)) {
          LOG.warn("Handlers of {} still running at revocation; their jobs will be delivered again", w.partition);
        }
      }
      commitSync(ws);
    }
    ws.forEach(w -> work.remove(w.partition));
  }

  private void shutDown() {
    List<PartitionWork> draining = new ArrayList<>(work.values());
    draining.forEach(PartitionWork::revoke);
    consumer.pause(consumer.assignment());
    paused = true;
    long deadline = System.nanoTime() + options.closeTimeout().toNanos();
    // keep polling (paused) while handlers finish, so the group does not evict us meanwhile
    while (!draining.stream().allMatch(PartitionWork::isIdle) && System.nanoTime() - deadline < 0) {
      consumer.poll(POLL_TIMEOUT);
      applyCompletions();
    }
    boolean idle = draining.stream().allMatch(PartitionWork::isIdle);
    if (!idle) {
      LOG.warn("Closing the consumer of {} with handlers still running; their jobs will be delivered again",
          options.topic());
      forcedStop = true;
    }
    commitSync(work.values());
    work.clear(); // committed: the revocation callback of consumer.close() has nothing left to wait for
    if (idle) {
      handlers.shutdown();
    } else {
      handlers.shutdownNow();
    }
    closeConsumer();
  }

  private void closeConsumer() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.warn("Closing the consumer of {} failed: {}", options.topic(), e.toString());
    }
  }

  /** Runs inside poll() on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        LOG.info("Partitions revoked: {}", partitions);
      }
      release(owned(partitions), System.nanoTime() + options.revocationTimeout().toNanos(), true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.warn("Partitions lost (no longer in the group): {}", partitions);
      release(owned(partitions), System.nanoTime(), false); // no longer ours: committing would fail
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        LOG.info("Partitions assigned: {}", partitions);
      }
      for (TopicPartition tp : partitions) {
        PartitionWork w = new PartitionWork(tp);
        if (closing.get()) {
          w.revoke();
        }
        work.put(tp, w);
      }
      if (paused) {
        consumer.pause(partitions);
      }
    }

    private List<PartitionWork> owned(Collection<TopicPartition> partitions) {
      return partitions.stream().map(work::get).filter(w -> w != null).toList();
    }
  }

  private static int maxPollRecords(KafkaQueueOptions o) {
    Object configured = o.consumerProperties().get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
    int wanted = configured == null ? Math.max(1, o.maxInFlight() / 4) : Integer.parseInt(configured.toString());
    return Math.max(1, Math.min(wanted, o.maxInFlight()));
  }

  private static Map<String, Object> consumerConfig(KafkaQueueOptions o, int maxPollRecords) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putAll(o.consumerProperties());
    // not overridable: the commit protocol and the byte format
    c.put(ConsumerConfig.GROUP_ID_CONFIG, o.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return c;
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
