package dev.flowcraft.kafka.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.kafka.bench.RawReport.ProbeResult;
import dev.flowcraft.kafka.queue.KafkaJobQueue;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.io.PrintStream;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The limits of the servers themselves, measured from this machine with the kinds of connection and the
 * settings the workers use, so that the engine's numbers can be read as a fraction of what the servers allow:
 *
 * <ul>
 *   <li>Cassandra (java-driver, the workers' driver settings and consistency levels): single-partition INSERT,
 *       single-partition SELECT and lightweight-transaction {@code INSERT ... IF NOT EXISTS}, asynchronous with
 *       {@link Options#cassandraConcurrency()} requests in flight, in a scratch keyspace dropped at the end;</li>
 *   <li>Kafka (kafka-clients, the workers' producer settings: {@code acks=all}, idempotence, {@code linger.ms=1},
 *       plus the configured client properties): produce → consume round trips through a scratch topic with the
 *       workers' partition count (deleted at the end), one record in flight (the unloaded end-to-end latency) and
 *       {@link Options#kafkaInFlight()} in flight (round trips per second);</li>
 *   <li>Redis (Lettuce, one connection as a worker has): EVALSHA of a trivial script ({@code return 1}), one at a
 *       time (unpipelined), and with {@link Options#redisConcurrency()} commands in flight on the one connection,
 *       as the worker's handler threads share it.</li>
 * </ul>
 *
 * Each probe runs a warm-up, then is measured for {@link Options#duration()}: ops/s = operations completed in
 * that window / its length, latency = from each operation's send to its completion (for Kafka: from the send to
 * the consumer's poll returning it), over the operations sent in the window. Closed loop: a finished operation
 * makes room for the next, so latency includes any queueing behind the other operations in flight.
 */
public final class RawLimits {

  /** The servers a probe measures, for {@link Options#servers()}. */
  public enum Server {
    CASSANDRA, KAFKA, REDIS;

    /** cassandra, kafka or redis. */
    public static Server parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown server '" + name + "': use cassandra, kafka or redis");
      }
    }
  }

  /**
   * How to measure.
   *
   * @param duration             measured time of each probe
   * @param warmup               unmeasured time before it
   * @param cassandraConcurrency Cassandra requests in flight (64 in the targets of issue 6)
   * @param kafkaInFlight        records in flight in the Kafka throughput probe
   * @param redisConcurrency     Redis commands in flight on the one connection (a worker's concurrency)
   * @param servers              which servers to probe
   * @param progress             interval of progress lines (null: none)
   */
  public record Options(Duration duration, Duration warmup, int cassandraConcurrency, int kafkaInFlight,
      int redisConcurrency, Set<Server> servers, Duration progress) {

    public Options {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(warmup, "warmup");
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("the duration of a probe must be positive, got " + duration);
      }
      if (warmup.isNegative()) {
        throw new IllegalArgumentException("the warm-up must be >= 0, got " + warmup);
      }
      if (cassandraConcurrency < 1 || kafkaInFlight < 1 || redisConcurrency < 1) {
        throw new IllegalArgumentException("concurrency and in-flight counts must be >= 1");
      }
      servers = servers == null || servers.isEmpty() ? EnumSet.allOf(Server.class) : EnumSet.copyOf(servers);
    }

    /** Each probe {@code duration} long after a warm-up of a fifth of it (at most 3 s), at 64 / 1000 / 16. */
    public static Options of(Duration duration) {
      Duration warm = duration.dividedBy(5);
      return new Options(duration, warm.compareTo(Duration.ofSeconds(3)) > 0 ? Duration.ofSeconds(3) : warm, 64, 1000,
          16, EnumSet.allOf(Server.class), null);
    }
  }

  private final KafkaAdapterOptions servers;
  private final Options options;
  private final PrintStream progress;
  private final String scratch = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final AtomicReference<Probe> current = new AtomicReference<>();

  private RawLimits(KafkaAdapterOptions servers, Options options, PrintStream progress) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = progress;
  }

  /**
   * Runs the probes of {@code options.servers()} against {@code servers} (the connection options of the
   * workers). A server that cannot be reached or fails gives probes with an error, and the others still run.
   *
   * @param progress where progress lines go (stderr), or null for none
   */
  public static RawReport measure(KafkaAdapterOptions servers, Options options, PrintStream progress) {
    return new RawLimits(servers, options, progress).run();
  }

  private RawReport run() {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flowcraft-raw-progress");
      t.setDaemon(true);
      return t;
    });
    ScheduledFuture<?> lines = null;
    if (progress != null && options.progress() != null) {
      long every = Math.max(100, options.progress().toMillis());
      lines = ticker.scheduleAtFixedRate(this::showProgress, every, every, TimeUnit.MILLISECONDS);
    }
    List<ProbeResult> results = new ArrayList<>();
    try {
      if (options.servers().contains(Server.CASSANDRA)) {
        results.addAll(cassandra());
      }
      if (options.servers().contains(Server.KAFKA)) {
        results.addAll(kafka());
      }
      if (options.servers().contains(Server.REDIS)) {
        results.addAll(redis());
      }
    } finally {
      if (lines != null) {
        lines.cancel(false);
      }
      ticker.shutdownNow();
    }
    return new RawReport(results, options.duration().toMillis() / 1000.0, options.warmup().toMillis() / 1000.0);
  }

  // ---------------------------------------------------------------------------------------------- Cassandra

  private List<ProbeResult> cassandra() {
    String ks = "flowcraft_raw_" + scratch;
    var c = servers.cassandra();
    String replication = c.datacenter() == null
        ? "{'class': 'SimpleStrategy', 'replication_factor': " + c.replicationFactor() + "}"
        : "{'class': 'NetworkTopologyStrategy', '" + c.datacenter() + "': " + c.replicationFactor() + "}";
    List<ProbeResult> results = new ArrayList<>();
    int n = options.cassandraConcurrency();
    String insertName = "cassandra INSERT";
    String selectName = "cassandra SELECT";
    String lwtName = "cassandra LWT";
    CqlSession session;
    try {
      session = KafkaBackends.openSession(servers, null);
    } catch (RuntimeException e) {
      for (String name : List.of(insertName, selectName, lwtName)) {
        results.add(ProbeResult.failed(name, "", n, e));
      }
      return results;
    }
    try (session) {
      say("cassandra: creating scratch keyspace " + ks);
      session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = "
          + replication).setTimeout(Duration.ofSeconds(30)));
      session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + ks + ".kv (pk text, ck int, v blob,"
          + " PRIMARY KEY (pk, ck))").setTimeout(Duration.ofSeconds(30)));
      session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + ks + ".lwt (pk text PRIMARY KEY,"
          + " v blob)").setTimeout(Duration.ofSeconds(30)));
      session.checkSchemaAgreement();
      PreparedStatement insert = session.prepare("INSERT INTO " + ks + ".kv (pk, ck, v) VALUES (?, ?, ?)");
      PreparedStatement select = session.prepare("SELECT ck, v FROM " + ks + ".kv WHERE pk = ?");
      PreparedStatement lwt = session.prepare("INSERT INTO " + ks + ".lwt (pk, v) VALUES (?, ?) IF NOT EXISTS");
      ByteBuffer value = ByteBuffer.wrap(payload(100));
      int keys = 10_000;
      AtomicLong highestKey = new AtomicLong();
      results.add(closedLoop(insertName, "single-partition INSERT (one row, 100 B), " + c.consistency(), n, i -> {
        highestKey.accumulateAndGet(Math.min(i, keys - 1), Math::max);
        return session.executeAsync(insert.bind("p" + (i % keys), (int) (i / keys % 16), value.duplicate())
            .setConsistencyLevel(c.consistency()).setIdempotent(true));
      }));
      results.add(closedLoop(selectName, "single-partition SELECT (a partition of 1-16 rows), " + c.consistency(), n,
          i -> session.executeAsync(select.bind("p" + ThreadLocalRandom.current().nextLong(highestKey.get() + 1))
              .setConsistencyLevel(c.consistency()).setIdempotent(true)).thenApply(RawLimits::drain)));
      String lwtPrefix = "l" + scratch + "-";
      results.add(closedLoop(lwtName, "INSERT ... IF NOT EXISTS of a new row, " + c.serialConsistency() + " / "
          + c.consistency(), n, i -> session.executeAsync(lwt.bind(lwtPrefix + i, value.duplicate())
          .setConsistencyLevel(c.consistency()).setSerialConsistencyLevel(c.serialConsistency()))));
    } catch (RuntimeException e) {
      for (String name : List.of(insertName, selectName, lwtName)) {
        if (results.stream().noneMatch(r -> r.name().equals(name))) {
          results.add(ProbeResult.failed(name, "", n, e));
        }
      }
    } finally {
      dropKeyspace(ks);
    }
    return results;
  }

  private static AsyncResultSet drain(AsyncResultSet rs) {
    rs.currentPage().forEach(row -> { });
    return rs;
  }

  /** On a session of its own: the probe's session may be the reason to drop. */
  private void dropKeyspace(String ks) {
    try (CqlSession s = KafkaBackends.openSession(servers, null)) {
      s.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + ks).setTimeout(Duration.ofSeconds(60)));
      say("cassandra: dropped scratch keyspace " + ks);
    } catch (RuntimeException e) {
      say("cassandra: could not drop scratch keyspace " + ks + ": " + e);
    }
  }

  // -------------------------------------------------------------------------------------------------- Kafka

  private List<ProbeResult> kafka() {
    String topic = "flowcraft-raw-" + scratch;
    String one = "kafka round trip, 1 in flight";
    String many = "kafka round trip, " + options.kafkaInFlight() + " in flight";
    List<ProbeResult> results = new ArrayList<>();
    KafkaQueueOptions queue = queueOptions();
    Map<String, Object> admin = new HashMap<>();
    servers.kafkaProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        admin.put(k, v);
      }
    });
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap());
    try (Admin a = Admin.create(admin)) {
      try {
        say("kafka: creating scratch topic " + topic + " (" + queue.partitions() + " partitions)");
        a.createTopics(List.of(new NewTopic(topic, queue.partitions(), queue.replicationFactor()))).all()
            .get(30, TimeUnit.SECONDS);
        try (KafkaRoundTrips trips = new KafkaRoundTrips(topic, queue)) {
          results.add(trips.probe(one, 1));
          results.add(trips.probe(many, options.kafkaInFlight()));
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        for (String name : List.of(one, many)) {
          if (results.stream().noneMatch(r -> r.name().equals(name))) {
            results.add(ProbeResult.failed(name, "", name.equals(one) ? 1 : options.kafkaInFlight(), e));
          }
        }
      } finally {
        try {
          a.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          say("kafka: deleted scratch topic " + topic);
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          say("kafka: could not delete scratch topic " + topic + ": " + e);
        }
      }
    } catch (RuntimeException e) {
      for (String name : List.of(one, many)) {
        if (results.stream().noneMatch(r -> r.name().equals(name))) {
          results.add(ProbeResult.failed(name, "", name.equals(one) ? 1 : options.kafkaInFlight(), e));
        }
      }
    }
    return results;
  }

  /** The workers' queue options (partitions, replication, client properties), as {@code KafkaBackends} builds them. */
  private KafkaQueueOptions queueOptions() {
    KafkaQueueOptions.Builder b = KafkaQueueOptions.builder(servers.kafkaBootstrap()).topic(servers.topic())
        .partitions(servers.partitions()).concurrency(servers.concurrency());
    servers.kafkaProperties().forEach((k, v) -> {
      b.producerProperty(k, v);
      b.consumerProperty(k, v);
    });
    return b.build();
  }

  /** A producer and a consumer (assigned every partition, no group) on the scratch topic. */
  private final class KafkaRoundTrips implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Thread poller;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Probe probe;

    KafkaRoundTrips(String topic, KafkaQueueOptions queue) {
      this.topic = topic;
      Map<String, Object> p = KafkaJobQueue.producerConfig(queue); // the workers' producer
      // as KafkaSubscription's consumer, without the group (partitions are assigned, nothing is committed)
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, queue.bootstrapServers());
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
      c.putAll(queue.consumerProperties());
      c.remove(ConsumerConfig.GROUP_ID_CONFIG);
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      producer = new KafkaProducer<>(p);
      try {
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < queue.partitions(); i++) {
          partitions.add(new TopicPartition(topic, i));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
      } catch (RuntimeException e) {
        producer.close(Duration.ofSeconds(5));
        throw e;
      }
      poller = new Thread(this::poll, "flowcraft-raw-kafka-consumer");
      poller.setDaemon(true);
      poller.start();
    }

    private void poll() {
      try {
        while (!stop.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.nanoTime();
            Probe p = probe;
            if (p != null && r.value() != null && r.value().length >= 8) {
              p.done(ByteBuffer.wrap(r.value()).getLong(), now, null);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // closing
      } finally {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      }
    }

    ProbeResult probe(String name, int inFlight) {
      byte[] filler = payload(92); // about a job record
      AtomicLong key = new AtomicLong();
      Probe p = new Probe(name, "produce (acks=all) -> consume, " + (filler.length + 8) + " B records, "
          + "the workers' partition count", inFlight);
      probe = p;
      try {
        return p.run((i, sent) -> {
          byte[] value = ByteBuffer.allocate(8 + filler.length).putLong(sent).put(filler).array();
          producer.send(new ProducerRecord<>(topic, Long.toString(key.incrementAndGet()).getBytes(UTF_8), value), (m, e) -> {
            if (e != null) {
              p.done(sent, System.nanoTime(), e);
            }
          });
        });
      } finally {
        probe = null;
      }
    }

    @Override
    public void close() {
      stop.set(true);
      consumer.wakeup();
      try {
        poller.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(10));
    }
  }

  // -------------------------------------------------------------------------------------------------- Redis

  private List<ProbeResult> redis() {
    String one = "redis EVALSHA, 1 in flight";
    String many = "redis EVALSHA, " + options.redisConcurrency() + " in flight";
    List<ProbeResult> results = new ArrayList<>();
    RedisClient client = null;
    try {
      client = KafkaBackends.redisClient(servers.redisUri(), null);
      try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8)) {
        var async = connection.async();
        String sha = connection.sync().scriptLoad("return 1");
        String what = "a trivial script (return 1) on one connection, as a worker's";
        results.add(closedLoop(one, what + ", unpipelined", 1,
            i -> async.<Long>evalsha(sha, ScriptOutputType.INTEGER)));
        results.add(closedLoop(many, what + ", commands of " + options.redisConcurrency() + " callers in flight", options
            .redisConcurrency(), i -> async.<Long>evalsha(sha, ScriptOutputType.INTEGER)));
      }
    } catch (RuntimeException e) {
      for (String name : List.of(one, many)) {
        if (results.stream().noneMatch(r -> r.name().equals(name))) {
          results.add(ProbeResult.failed(name, "", name.equals(one) ? 1 : options.redisConcurrency(), e));
        }
      }
    } finally {
      if (client != null) {
        client.shutdown(0, 2, TimeUnit.SECONDS);
      }
    }
    return results;
  }

  // ------------------------------------------------------------------------------------------------ driving

  /** Closed loop over an asynchronous operation: {@code op.apply(i)} starts operation number i. */
  private ProbeResult closedLoop(String name, String description, int inFlight,
      LongFunction<? extends CompletionStage<?>> op) {
    Probe p = new Probe(name, description, inFlight);
    return p.run((i, sent) -> {
      CompletionStage<?> stage;
      try {
        stage = op.apply(i);
      } catch (RuntimeException e) {
        p.done(sent, System.nanoTime(), e);
        return;
      }
      stage.whenComplete((r, e) -> p.done(sent, System.nanoTime(), e));
    });
  }

  @FunctionalInterface
  private interface Sender {
    /** Starts operation {@code i}, sent at {@code sentNanos}; its completion must call {@link Probe#done}. */
    void send(long i, long sentNanos);
  }

  /** One probe: a warm-up, then the measured window; up to {@code inFlight} operations at once. */
  private final class Probe {
    final String name;
    final String description;
    final int inFlight;
    final Semaphore permits;
    final LatencyHistogram latency = new LatencyHistogram();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    volatile long measureStart = Long.MAX_VALUE;
    volatile long measureEnd = Long.MAX_VALUE;
    final AtomicBoolean anyOk = new AtomicBoolean();
    volatile long started;

    Probe(String name, String description, int inFlight) {
      this.name = name;
      this.description = description;
      this.inFlight = inFlight;
      this.permits = new Semaphore(inFlight);
    }

    ProbeResult run(Sender sender) {
      current.set(this);
      say(name + ": " + description + " (" + options.warmup().toMillis() / 1000.0 + " s warm-up, "
          + options.duration().toMillis() / 1000.0 + " s measured)");
      long t0 = System.nanoTime();
      started = t0;
      long warmEnd = t0 + options.warmup().toNanos();
      long end = warmEnd + options.duration().toNanos();
      measureStart = warmEnd;
      measureEnd = end;
      try {
        long i = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
          if (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            continue;
          }
          long sent = System.nanoTime();
          if (sent >= end) {
            permits.release();
            break;
          }
          sender.send(i++, sent);
          if (errors.get() > 1000 && !anyOk.get()) {
            break; // nothing works: stop hammering
          }
        }
        // drain: wait for the operations in flight (their completions outside the window are not counted)
        if (!permits.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
          say(name + ": " + (inFlight - permits.availablePermits()) + " operations still in flight after 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        current.set(null);
      }
      double seconds = options.duration().toNanos() / 1e9;
      Throwable e = firstError.get();
      ProbeResult r = new ProbeResult(name, description, inFlight, seconds, completed.get(), errors.get(),
          latency.summary(), e == null ? null : e.toString());
      say(String.format(Locale.ROOT, "%s: %.0f ops/s, p50 %.2f ms, p99 %.2f ms%s", name, r.opsPerS(),
          r.latencyMs().p50(), r.latencyMs().p99(), r.errors() > 0 ? ", " + r.errors() + " errors" : ""));
      return r;
    }

    /** One operation finished ({@code error} null: successfully); counted if it was sent in the window. */
    void done(long sentNanos, long nowNanos, Throwable error) {
      try {
        if (error == null) {
          anyOk.lazySet(true);
        }
        if (sentNanos >= measureStart && nowNanos <= measureEnd) {
          if (error == null) {
            completed.incrementAndGet();
            latency.recordNanos(nowNanos - sentNanos);
          } else {
            errors.incrementAndGet();
            firstError.compareAndSet(null, error);
          }
        } else if (error != null) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, error);
        }
      } finally {
        permits.release();
      }
    }
  }

  private void showProgress() {
    Probe p = current.get();
    if (p == null) {
      return;
    }
    long now = System.nanoTime();
    if (now < p.measureStart) {
      say(String.format(Locale.ROOT, "%s: warming up, %.1f s", p.name, (now - p.started) / 1e9));
      return;
    }
    long done = p.completed.get();
    double elapsed = (now - p.measureStart) / 1e9;
    LatencyHistogram.Summary l = p.latency.summary();
    say(String.format(Locale.ROOT, "%s: measuring %5.1f s: %d ops (%.0f/s), p50 %.2f ms, p99 %.2f ms, %d errors",
        p.name, elapsed, done, elapsed > 0 ? done / elapsed : 0.0, l.p50(), l.p99(), p.errors.get()));
  }

  private void say(String line) {
    if (progress != null) {
      progress.println("[raw] " + line);
      progress.flush();
    }
  }

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
