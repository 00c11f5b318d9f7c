package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the dead-letter topic of a {@link KafkaJobQueue} and replays its jobs to the job topic.
 *
 * <p>{@link #list} reads the topic from the beginning to the end it has when the call starts (all partitions
 * assigned, no consumer group, nothing committed) and tells for each record why it was dead-lettered, whether
 * it is a job, and whether it was replayed already.
 *
 * <p>{@link #replay} produces the selected jobs to the job topic again: same key and value, without the
 * dead-letter headers ({@link QueueHeaders#ERROR}, the {@code ORIGINAL_*} ones) and without the
 * {@link QueueHeaders#DELIVERY} count (the job gets its full number of deliveries again), with a
 * {@link #REPLAYED_FROM} header naming the dead letter. Records that are not jobs are reported and skipped: they
 * are never sent to the job topic and stay on the dead-letter topic, as does every record (replay reads it, it
 * never deletes). What was sent is recorded as the committed offsets of a consumer group of its own
 * ({@link #replayGroup()}, by default {@code <workers' group>-dlq-replay}; the group never has members, see
 * {@link ReplayProgress} for the format), and only once Kafka acknowledged the sends (idempotent producer,
 * {@code acks=all}), so a second replay does not send a record again. A crash between the acknowledgement and
 * the commit sends the last batch again on the next replay, which is safe: the engine drops copies of a job
 * and redoes only unfinished work.
 *
 * <p>Resetting the replay group ({@code kafka-consumer-groups --reset-offsets --to-earliest --group
 * <group>-dlq-replay --topic <topic>-dlq}) makes every dead letter pending again.
 *
 * <p>Thread-safety: instances are immutable and each call opens (and closes) its own Kafka clients, so calls
 * may run on any thread, also at the same time. Two replays of the same topic and replay group at the same time
 * (in any processes) may however both send a record, and the last commit wins: run one at a time.
 */
public final class DeadLetters {
  /** Header of a replayed job: the dead letter it came from, {@code <dead-letter topic>-<partition>@<offset>}. */
  public static final String REPLAYED_FROM = "flowcraft.replayed.from";
  /** Characters of a value kept in {@link DeadLetter#valuePreview()}. */
  public static final int PREVIEW_CHARS = 1000;

  private static final int BATCH = 500;
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaQueueOptions options;
  private final String replayGroup;
  private final Duration timeout;

  /** Dead letters of the queue with these options, with the replay group {@code <groupId>-dlq-replay}. */
  public DeadLetters(KafkaQueueOptions options) {
    this(options, defaultReplayGroup(options.groupId()), Duration.ofSeconds(30));
  }

  /**
   * @param replayGroup the consumer group that records what was replayed; not the workers' group
   * @param timeout     how long a Kafka request, or reading without progress, may take before the call fails
   */
  public DeadLetters(KafkaQueueOptions options, String replayGroup, Duration timeout) {
    this.options = Objects.requireNonNull(options, "options");
    if (replayGroup == null || replayGroup.isBlank()) {
      throw new IllegalArgumentException("replayGroup must not be blank");
    }
    if (replayGroup.equals(options.groupId())) {
      throw new IllegalArgumentException("the replay group must differ from the workers' group " + replayGroup);
    }
    this.replayGroup = replayGroup;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** {@code <workersGroup>-dlq-replay}. */
  public static String defaultReplayGroup(String workersGroup) {
    return workersGroup + "-dlq-replay";
  }

  public String topic() {
    return options.deadLetterTopic();
  }

  public String replayGroup() {
    return replayGroup;
  }

  /**
   * Which dead letters a call is about; the conditions that are set must all hold. A record is named by its
   * partition and offset.
   *
   * @param runId     the job's run id (for a record that is not a job: its key's), or null for any
   * @param partition partition of the dead-letter topic, or null for all
   * @param offset    the offset in {@code partition}, or null for all
   */
  public record Selection(String runId, Integer partition, Long offset) {
    public Selection {
      if (offset != null && partition == null) {
        throw new IllegalArgumentException("an offset needs its partition");
      }
    }

    public static Selection all() {
      return new Selection(null, null, null);
    }

    public static Selection run(String runId) {
      return new Selection(Objects.requireNonNull(runId, "runId"), null, null);
    }

    public static Selection record(int partition, long offset) {
      return new Selection(null, partition, offset);
    }

    public boolean matches(DeadLetter d) {
      return (partition == null || partition == d.partition()) && (offset == null || offset == d.offset())
          && (runId == null || runId.equals(d.runId()));
    }

    boolean excludesPartition(int p) {
      return partition != null && partition != p;
    }
  }

  /**
   * What {@link #list} found.
   *
   * @param deadLetters   the first {@code limit} matching records, by partition and offset
   * @param total         records read (the whole topic)
   * @param matched       records matching the selection
   * @param pending       of those, jobs not replayed yet
   * @param replayed      of those, jobs replayed already
   * @param unreplayable  of those, records that are not jobs
   * @param warnings      doubts about the replay progress (e.g. it belongs to an earlier topic of the same name)
   */
  public record Listing(String topic, String replayGroup, List<DeadLetter> deadLetters, long total, long matched,
      long pending, long replayed, long unreplayable, List<String> warnings) {}

  /**
   * What {@link #replay} did.
   *
   * @param replayed        jobs sent to the job topic (with {@code dryRun}: that would have been sent)
   * @param alreadyReplayed selected jobs skipped because an earlier replay sent them
   * @param unreplayable    selected records skipped because they are not jobs; they stay on the dead-letter topic
   * @param matched         records matching the selection
   * @param total           records read (the whole topic)
   */
  public record ReplayReport(String topic, String jobTopic, boolean dryRun, long replayed, long alreadyReplayed,
      long unreplayable, long matched, long total, List<String> warnings) {}

  /** Hears about each selected dead letter during {@link #replay}, on the calling thread. */
  public interface ReplayListener {
    /** Sent to the job topic and acknowledged (with a dry run: would be sent). */
    default void replayed(DeadLetter d) {}

    /** Not a job: skipped, it stays on the dead-letter topic. */
    default void unreplayable(DeadLetter d) {}

    /** Sent by an earlier replay: skipped. */
    default void alreadyReplayed(DeadLetter d) {}
  }

  /** The dead-letter topic (or its job topic) does not exist. */
  public static final class MissingTopicException extends RuntimeException {
    private final String topic;

    MissingTopicException(String topic, Throwable cause) {
      super("Kafka topic '" + topic + "' does not exist", cause);
      this.topic = topic;
    }

    public String topic() {
      return topic;
    }
  }

  /**
   * The records of the dead-letter topic that match {@code selection}, the first {@code limit} of them in
   * partition and offset order, and counts over all that match.
   *
   * @throws MissingTopicException if the dead-letter topic does not exist
   * @throws KafkaQueueException   if Kafka cannot be read
   */
  public Listing list(Selection selection, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    List<String> warnings = new ArrayList<>();
    try (Admin admin = Admin.create(adminConfig())) {
      TopicDescription dlq = describe(admin, topic());
      Map<Integer, List<DeadLetter>> firstPerPartition = new TreeMap<>();
      long[] counts = new long[5]; // total, matched, pending, replayed, unreplayable
      try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
        Scan scan = Scan.start(consumer, partitions(dlq, selection));
        Map<Integer, ReplayProgress> progress = progress(admin, dlq, scan, warnings);
        scan.run(timeout, r -> {
          counts[0]++;
          DeadLetter d = deadLetter(r, progress.get(r.partition()));
          if (!selection.matches(d)) {
            return;
          }
          counts[1]++;
          counts[2 + d.state().ordinal()]++;
          List<DeadLetter> kept = firstPerPartition.computeIfAbsent(d.partition(), p -> new ArrayList<>());
          if (kept.size() < limit) {
            kept.add(d);
          }
        });
      }
      List<DeadLetter> all = firstPerPartition.values().stream().flatMap(List::stream)
          .sorted(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset))
          .limit(limit).toList();
      return new Listing(topic(), replayGroup, all, counts[0], counts[1], counts[2], counts[3], counts[4],
          List.copyOf(warnings));
    }
  }

  /**
   * Sends the selected jobs that no replay sent yet to the job topic (see the class comment), in batches, each
   * recorded in the replay group once acknowledged. With {@code dryRun}, sends and records nothing and reports
   * what it would send.
   *
   * @throws MissingTopicException if the dead-letter topic or the job topic does not exist
   * @throws KafkaQueueException   if a send or the commit failed: what was acknowledged and committed before
   *                               stays done, the rest is sent by the next replay
   */
  public ReplayReport replay(Selection selection, boolean dryRun, ReplayListener listener) {
    Objects.requireNonNull(listener, "listener");
    List<String> warnings = new ArrayList<>();
    try (Admin admin = Admin.create(adminConfig())) {
      TopicDescription dlq = describe(admin, topic());
      describe(admin, options.topic()); // a send to a missing topic would create it with the broker's defaults
      String topicId = dlq.topicId().toString();
      long[] counts = new long[5]; // total, matched, replayed, already, unreplayable
      try (KafkaConsumer<byte[], byte[]> consumer = consumer();
          KafkaProducer<byte[], byte[]> producer = dryRun ? null : producer()) {
        Set<TopicPartition> partitions = partitions(dlq, selection);
        Scan scan = Scan.start(consumer, partitions);
        Map<Integer, ReplayProgress> progress = progress(admin, dlq, scan, warnings);
        Map<Integer, TreeSet<Long>> pending = new HashMap<>();
        List<DeadLetter> batch = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Runnable flush = () -> {
          if (!dryRun) {
            flush(admin, producer, batch, sends, progress, pending, scan, topicId, listener);
          }
          batch.clear();
          sends.clear();
        };
        scan.run(timeout, r -> {
          counts[0]++;
          ReplayProgress p = progress.get(r.partition());
          DeadLetter d = deadLetter(r, p);
          if (d.state() == DeadLetter.State.PENDING) {
            pending.computeIfAbsent(d.partition(), k -> new TreeSet<>()).add(d.offset());
          }
          if (!selection.matches(d)) {
            return;
          }
          counts[1]++;
          switch (d.state()) {
            case UNREPLAYABLE -> {
              counts[4]++;
              listener.unreplayable(d);
            }
            case REPLAYED -> {
              counts[3]++;
              listener.alreadyReplayed(d);
            }
            case PENDING -> {
              if (!dryRun && !p.fits(topicId, inFlight(batch, d))) {
                flush.run(); // records the batch; that may move the watermark and shorten the list
                if (!p.fits(topicId, inFlight(batch, d))) {
                  throw new KafkaQueueException("Cannot record more selective replays of partition " + d.partition()
                      + " of " + topic() + ": the list of replayed offsets above the first pending one (offset "
                      + p.watermark() + ") is too long for the group's offset metadata. Replay that partition in"
                      + " order (all of it, or the pending record at offset " + p.watermark() + " first).");
                }
              }
              counts[2]++;
              batch.add(d);
              if (dryRun) {
                listener.replayed(d);
              } else {
                try {
                  sends.add(producer.send(replayRecord(r)));
                } catch (KafkaException e) { // could not even start (e.g. no metadata within max.block.ms)
                  sends.add(java.util.concurrent.CompletableFuture.failedFuture(e));
                  flush.run(); // records what was acknowledged, then throws with this failure
                }
              }
              if (batch.size() >= BATCH) {
                flush.run();
              }
            }
          }
        });
        flush.run();
        if (!dryRun) {
          // the watermark also moves over records read after the last batch (not jobs, already replayed)
          commit(admin, progress, pending, scan, topicId, progress.keySet());
        }
      }
      return new ReplayReport(topic(), options.topic(), dryRun, counts[2], counts[3], counts[4], counts[1], counts[0],
          List.copyOf(warnings));
    }
  }

  /** The offsets of {@code d}'s partition in the batch, and {@code d}'s. */
  private static List<Long> inFlight(List<DeadLetter> batch, DeadLetter d) {
    List<Long> out = new ArrayList<>();
    for (DeadLetter b : batch) {
      if (b.partition() == d.partition()) {
        out.add(b.offset());
      }
    }
    out.add(d.offset());
    return out;
  }

  /** Awaits the batch's sends, marks the acknowledged ones replayed, commits; throws if a send failed. */
  private void flush(Admin admin, KafkaProducer<byte[], byte[]> producer, List<DeadLetter> batch,
      List<Future<RecordMetadata>> sends, Map<Integer, ReplayProgress> progress, Map<Integer, TreeSet<Long>> pending,
      Scan scan, String topicId, ReplayListener listener) {
    if (batch.isEmpty()) {
      return;
    }
    producer.flush();
    List<DeadLetter> acknowledged = new ArrayList<>();
    String failure = null;
    for (int i = 0; i < batch.size(); i++) {
      DeadLetter d = batch.get(i);
      try {
        sends.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        acknowledged.add(d);
        progress.get(d.partition()).markReplayed(d.offset());
        pending.get(d.partition()).remove(d.offset());
      } catch (ExecutionException | TimeoutException e) {
        if (failure == null) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          failure = "sending dead letter " + d.position() + " to " + options.topic() + " failed: " + cause;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted while awaiting the sends";
        break;
      }
    }
    Set<Integer> touched = new java.util.HashSet<>();
    acknowledged.forEach(d -> touched.add(d.partition()));
    commit(admin, progress, pending, scan, topicId, touched);
    acknowledged.forEach(listener::replayed);
    if (failure != null) {
      throw new KafkaQueueException("Replay stopped: " + failure + ". " + acknowledged.size() + " of this batch were"
          + " sent and recorded; run the replay again to send the rest.");
    }
  }

  /**
   * Moves the watermarks of {@code partitions} as far as the records read allow and commits those that differ
   * from what the group holds.
   */
  private void commit(Admin admin, Map<Integer, ReplayProgress> progress, Map<Integer, TreeSet<Long>> pending,
      Scan scan, String topicId, Set<Integer> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    for (int p : partitions) {
      ReplayProgress rp = progress.get(p);
      TopicPartition tp = new TopicPartition(topic(), p);
      if (!scan.end.containsKey(tp)) {
        continue; // not read: nothing learnt about it
      }
      rp.advance(pending.getOrDefault(p, new TreeSet<>()), scan.scannedUpTo(tp));
      OffsetAndMetadata now = rp.toCommit(topicId);
      if (!now.equals(scan.committed.get(tp))) {
        offsets.put(tp, now);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      admin.alterConsumerGroupOffsets(replayGroup, offsets).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      scan.committed.putAll(offsets);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new KafkaQueueException("Recording the replay progress in consumer group " + replayGroup + " failed ("
          + cause + "). The dead letters just sent are sent again by the next replay (the engine drops copies).",
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaQueueException("interrupted while recording the replay progress in group " + replayGroup, e);
    }
  }

  /** The replay progress of each partition, from the replay group's committed offsets. */
  private Map<Integer, ReplayProgress> progress(Admin admin, TopicDescription dlq, Scan scan, List<String> warnings) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = admin.listConsumerGroupOffsets(replayGroup).partitionsToOffsetAndMetadata()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new KafkaQueueException("Cannot read the replay progress (offsets of consumer group " + replayGroup
          + "): " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaQueueException("interrupted while reading the offsets of group " + replayGroup, e);
    }
    Map<Integer, ReplayProgress> out = new HashMap<>();
    String topicId = dlq.topicId().toString();
    for (var info : dlq.partitions()) {
      TopicPartition tp = new TopicPartition(topic(), info.partition());
      OffsetAndMetadata c = committed == null ? null : committed.get(tp);
      if (c != null) {
        scan.committed.put(tp, c);
      }
      long endOffset = scan.end.getOrDefault(tp, Long.MAX_VALUE);
      out.put(info.partition(), ReplayProgress.from(c, topicId, endOffset, tp.toString(), warnings::add));
    }
    return out;
  }

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, ReplayProgress progress) {
    byte[] value = r.value();
    Job job = null;
    String problem = null;
    if (value == null) {
      problem = "no value (it was too large for the dead-letter topic)";
    } else if (value.length > options.maxJobBytes()) {
      problem = "value of " + value.length + " bytes exceeds maxJobBytes " + options.maxJobBytes();
    } else {
      try {
        job = JobCodec.decode(value);
      } catch (MalformedJobException e) {
        problem = "not a job: " + e.getMessage();
      }
    }
    String preview = null;
    if (value != null) {
      String text = new String(value, 0, Math.min(value.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
      preview = text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text;
    }
    return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        QueueHeaders.text(r.headers(), QueueHeaders.ERROR),
        QueueHeaders.text(r.headers(), QueueHeaders.ORIGINAL_TOPIC),
        parseInt(QueueHeaders.text(r.headers(), QueueHeaders.ORIGINAL_PARTITION)),
        parseLong(QueueHeaders.text(r.headers(), QueueHeaders.ORIGINAL_OFFSET)),
        QueueHeaders.delivery(r.headers()),
        QueueHeaders.text(r.headers(), REPLAYED_FROM),
        value == null ? -1 : value.length, preview, job, problem,
        problem == null && progress != null && progress.replayed(r.offset()));
  }

  /** The job as the queue would produce it: same key and value, without dead-letter headers and delivery count. */
  private ProducerRecord<byte[], byte[]> replayRecord(ConsumerRecord<byte[], byte[]> r) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : r.headers()) {
      switch (h.key()) {
        case QueueHeaders.ERROR, QueueHeaders.DELIVERY, QueueHeaders.ORIGINAL_TOPIC, QueueHeaders.ORIGINAL_PARTITION,
            QueueHeaders.ORIGINAL_OFFSET, REPLAYED_FROM -> { }
        default -> headers.add(h);
      }
    }
    QueueHeaders.put(headers, REPLAYED_FROM, topic() + "-" + r.partition() + "@" + r.offset());
    return new ProducerRecord<>(options.topic(), null, r.key(), r.value(), headers);
  }

  private TopicDescription describe(Admin admin, String topic) {
    KafkaFuture<TopicDescription> f = admin.describeTopics(List.of(topic)).topicNameValues().get(topic);
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new MissingTopicException(topic, e.getCause());
      }
      throw new KafkaQueueException("Cannot describe Kafka topic " + topic + " at " + options.bootstrapServers() + ": "
          + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaQueueException("No answer from Kafka at " + options.bootstrapServers() + " within "
          + timeout.toSeconds() + " s (describing topic " + topic + "). Is it running and reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaQueueException("interrupted while describing topic " + topic, e);
    }
  }

  private Set<TopicPartition> partitions(TopicDescription dlq, Selection selection) {
    Set<TopicPartition> out = new java.util.LinkedHashSet<>();
    for (var p : dlq.partitions()) {
      if (!selection.excludesPartition(p.partition())) {
        out.add(new TopicPartition(topic(), p.partition()));
      }
    }
    return out;
  }

  private Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    options.producerProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        config.put(k, v);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    return config;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    c.putAll(options.consumerProperties());
    // no group: reading commits nothing and joins nothing; the replay group is written through the admin client
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(c);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(KafkaJobQueue.producerConfig(options)); // as the queue's: a send counts once durable
  }

  private static Integer parseInt(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseLong(String s) {
    try {
      return s == null ? null : Long.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Reads assigned partitions from their beginning up to the end offsets taken at the start. Not thread-safe
   * (it owns a consumer).
   */
  private static final class Scan {
    private final KafkaConsumer<byte[], byte[]> consumer;
    final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** What the replay group holds, as read at the start and committed since. */
    final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

    private Scan(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
      this.consumer = consumer;
      this.end = end;
    }

    static Scan start(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      consumer.seekToBeginning(partitions);
      return new Scan(consumer, end);
    }

    void run(Duration stallTimeout, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
      Set<TopicPartition> remaining = new java.util.HashSet<>();
      for (TopicPartition tp : end.keySet()) {
        long position = consumer.position(tp);
        next.put(tp, position);
        if (position < end.get(tp)) {
          remaining.add(tp);
        } else {
          consumer.pause(List.of(tp));
        }
      }
      long lastProgress = System.nanoTime();
      while (!remaining.isEmpty()) {
        boolean progressed = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            visitor.accept(r);
            next.put(tp, r.offset() + 1);
            progressed = true;
          }
        }
        for (TopicPartition tp : List.copyOf(remaining)) {
          long position = consumer.position(tp);
          if (position >= end.get(tp)) {
            next.put(tp, end.get(tp));
            remaining.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
        if (progressed) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
          throw new KafkaQueueException("Reading " + remaining + " made no progress for " + stallTimeout.toSeconds()
              + " s (positions " + next + ", end offsets " + end + ")");
        }
      }
    }

    /** The offset after the last record read of {@code tp} (its end offset once read to the end). */
    long scannedUpTo(TopicPartition tp) {
      return next.getOrDefault(tp, 0L);
    }
  }
}
