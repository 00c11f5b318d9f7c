package dev.flowcraft.kafka;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.flowcraft.cassandra.CassandraBlueprintStore;
import dev.flowcraft.cassandra.CassandraRunStateStore;
import dev.flowcraft.cassandra.CassandraSchema;
import dev.flowcraft.cassandra.CassandraTimerStore;
import dev.flowcraft.cassandra.CassandraWebhookRegistry;
import dev.flowcraft.kafka.queue.KafkaJobQueue;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import dev.flowcraft.kafka.queue.KafkaTopics;
import dev.flowcraft.redis.RedisCoordinationStore;
import dev.flowcraft.redis.RedisStoreException;
import dev.flowcraft.runtime.Backends;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.util.concurrent.TimeUnit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one process to Kafka, Cassandra and Redis, and the stores on them: run state, timers
 * blueprints and webhook endpoints in Cassandra, coordination in Redis, jobs on Kafka. Thread-safe; close it once, after the
 * runtimes that use it. {@link #counters()} counts the calls made on these connections (for {@code flowcraft bench}).
 */
public final class KafkaBackends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBackends.class);

  private final Backends backends;
  private final List<AutoCloseable> resources;
  private final ServerCallCounters counters;
  private final CassandraWebhookRegistry webhooks;
  private final KafkaJobQueue queue;

  private KafkaBackends(Backends backends, CassandraWebhookRegistry webhooks, List<AutoCloseable> resources,
      ServerCallCounters counters, KafkaJobQueue queue) {
    this.queue = queue;
    this.backends = backends;
    this.webhooks = webhooks;
    this.resources = resources;
    this.counters = counters;
  }

  /**
   * Connects to the three servers (creating keyspace, tables and topics when the options say so).
   *
   * @throws IllegalStateException saying which server could not be reached and what to check
   */
  public static KafkaBackends connect(KafkaAdapterOptions options) {
    List<AutoCloseable> opened = new ArrayList<>();
    ServerCallCounters counters = new ServerCallCounters();
    try {
      CqlSession session = openSession(options, counters);
      opened.add(session);
      if (options.createSchema()) {
        CassandraSchema.create(session, options.cassandra());
      }
      RedisClient redis = redisClient(options.redisUri(), counters);
      opened.add(() -> redis.shutdown(0, 2, TimeUnit.SECONDS));
      RedisCoordinationStore coordination = connectRedis(redis, options.redisUri());
      opened.add(coordination);
      KafkaQueueOptions queueOptions = queueOptions(options);
      if (options.createSchema()) {
        KafkaTopics.ensure(queueOptions);
      }
      KafkaJobQueue queue = new KafkaJobQueue(queueOptions);
      opened.add(queue);
      Backends backends = new Backends(new CassandraRunStateStore(session, options.cassandra()), coordination,
          counters.countingQueue(queue),
          new CassandraTimerStore(session, options.cassandra()), new CassandraBlueprintStore(session, options.cassandra()));
      // closed in reverse: the queue first, Cassandra last
      List<AutoCloseable> closeOrder = new ArrayList<>(opened);
      java.util.Collections.reverse(closeOrder);
      CassandraWebhookRegistry webhooks = new CassandraWebhookRegistry(session, options.cassandra(),
          options.webhookBaseUrl(), options.webhookSecret() == null ? null
              : options.webhookSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      counters.pollRestarts(queue::pollRestarts);
      return new KafkaBackends(backends, webhooks, closeOrder, counters, queue);
    } catch (RuntimeException e) {
      java.util.Collections.reverse(opened);
      opened.forEach(KafkaBackends::closeQuietly);
      throw e;
    }
  }

  static KafkaQueueOptions queueOptions(KafkaAdapterOptions o) {
    KafkaQueueOptions.Builder b = KafkaQueueOptions.builder(o.kafkaBootstrap())
        .topic(o.topic())
        .groupId(o.groupId())
        .deadLetterTopic(o.deadLetterTopic())
        .partitions(o.partitions())
        .concurrency(o.concurrency());
    o.kafkaProperties().forEach((k, v) -> {
      b.producerProperty(k, v);
      b.consumerProperty(k, v);
    });
    return b.build();
  }

  /**
   * A client of our own (not the store's), so that its commands can be counted. Public for tools that must
   * use the workers' kind of connection ({@code flowcraft bench --raw}); {@code counters} may be null.
   */
  public static RedisClient redisClient(String redisUri, ServerCallCounters counters) {
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      throw new RedisStoreException("Invalid Redis URI '" + redact(redisUri)
          + "': expected redis://[[user]:password@]host[:port][/database] (rediss:// for TLS)", e);
    }
    RedisClient client = RedisClient.create(uri);
    if (counters != null) {
      client.addListener(counters.redisListener());
    }
    return client;
  }

  private static RedisCoordinationStore connectRedis(RedisClient client, String redisUri) {
    try {
      return RedisCoordinationStore.connect(client);
    } catch (RedisStoreException e) {
      throw new RedisStoreException(e.getMessage().replace("the RedisClient's URI", redact(redisUri)), e.getCause());
    }
  }

  private static String redact(String uri) {
    return uri == null ? "null" : uri.replaceAll("(?<=//)[^@/]*@", "***@");
  }

  /**
   * A Cassandra session with the workers' driver settings. Public for tools that must use the same kind of
   * connection ({@code flowcraft bench --raw}); {@code counters} may be null. The caller closes it.
   */
  public static CqlSession openSession(KafkaAdapterOptions o, ServerCallCounters counters) {
    var config = DriverConfigLoader.programmaticBuilder()
        // a loaded 2-core box can take longer than the 2 s default; a timeout would only redeliver the job
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        // close at once instead of the 2 s quiet period of Netty's event loops
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build();
    var builder = CqlSession.builder().withConfigLoader(config).withLocalDatacenter(o.cassandraDc());
    if (counters != null) {
      builder.addRequestTracker(counters.cassandraTracker());
    }
    for (String contact : o.cassandraContact().split(",")) {
      String c = contact.trim();
      int colon = c.lastIndexOf(':');
      if (colon < 0) {
        builder.addContactPoint(new InetSocketAddress(c, 9042));
      } else {
        builder.addContactPoint(new InetSocketAddress(c.substring(0, colon), Integer.parseInt(c.substring(colon + 1))));
      }
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot connect to Cassandra at " + o.cassandraContact() + " (data center "
          + o.cassandraDc() + "): " + e.getMessage() + ". Is it running (flowcraft stack status) and is the data center"
          + " name right?", e);
    }
  }

  public Backends backends() {
    return backends;
  }

  /** Webhook endpoints, durable and shared by every process on the keyspace. */
  public CassandraWebhookRegistry webhooks() {
    return webhooks;
  }

  /** The calls made on these connections so far: Cassandra requests, Redis commands, Kafka records. */
  public ServerCallCounters counters() {
    return counters;
  }

  /** The job queue itself (the backends' queue wraps it to count its records). */
  public KafkaJobQueue jobQueue() {
    return queue;
  }

  @Override
  public void close() {
    resources.forEach(KafkaBackends::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("Closing {} failed", c.getClass().getSimpleName(), e);
    }
  }
}
