package dev.flowcraft.kafka;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A distributed deployment inside one test JVM: N workers (each with its own connections, as separate
 * processes would have) and a client, on a topic of their own and a shared keyspace.
 */
final class Cluster implements AutoCloseable {

  private final List<KafkaAdapter> workers = new ArrayList<>();
  private final FlowRuntime client;
  private final KafkaAdapterOptions options;
  private final List<Blueprint> blueprints;

  private Cluster(List<KafkaAdapter> workers, FlowRuntime client, KafkaAdapterOptions options, List<Blueprint> blueprints) {
    this.workers.addAll(workers);
    this.client = client;
    this.options = options;
    this.blueprints = List.copyOf(blueprints);
  }

  static KafkaAdapterOptions options(TestStack stack, String keyspace) {
    String topic = stack.uniqueName("jobs");
    return KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc())
        .redisUri(stack.redisUri())
        .cassandra(CassandraOptions.builder().keyspace(keyspace).build())
        .topic(topic)
        .groupId(topic + "-workers")
        .partitions(4)
        .concurrency(8)
        .timerPollInterval(Duration.ofMillis(50))
        // short sessions, so a test that stops a worker does not wait long for the rebalance
        .kafkaProperty("session.timeout.ms", 6000)
        .kafkaProperty("heartbeat.interval.ms", 500)
        .build();
  }

  /** Starts {@code workerCount} workers serving {@code registry} and a client; blueprints are available to subflows. */
  static Cluster start(KafkaAdapterOptions options, int workerCount, NodeRegistry registry, List<Blueprint> blueprints) {
    return start(options, java.util.Collections.nCopies(workerCount, registry), registry, blueprints);
  }

  /**
   * Starts one worker per registry (so a test can tell which worker ran a node) and a client with
   * {@code clientRegistry}.
   */
  static Cluster start(KafkaAdapterOptions options, List<NodeRegistry> workerRegistries, NodeRegistry clientRegistry,
      List<Blueprint> blueprints) {
    List<KafkaAdapter> started = new ArrayList<>();
    try {
      for (NodeRegistry registry : workerRegistries) {
        started.add(worker(options, registry, blueprints));
      }
      FlowRuntime client = KafkaAdapter.client(options, FlowRuntime.builder().registry(clientRegistry).blueprints(blueprints));
      return new Cluster(started, client, options, blueprints);
    } catch (RuntimeException e) {
      started.forEach(KafkaAdapter::stop);
      throw e;
    }
  }

  private static KafkaAdapter worker(KafkaAdapterOptions options, NodeRegistry registry, List<Blueprint> blueprints) {
    return KafkaAdapter.create(options, FlowRuntime.builder().registry(registry).blueprints(blueprints)
        .leaseTtl(Duration.ofSeconds(10))).start();
  }

  /** Stops every worker (gracefully, as on SIGTERM); the client stays. */
  void stopWorkers() {
    workers.forEach(KafkaAdapter::stop);
    workers.clear();
  }

  /** Starts another worker on the same topic, group and keyspace. */
  void addWorker(NodeRegistry registry) {
    workers.add(worker(options, registry, blueprints));
  }

  FlowRuntime client() {
    return client;
  }

  List<KafkaAdapter> workers() {
    return workers;
  }

  @Override
  public void close() {
    client.close();
    workers.forEach(KafkaAdapter::stop);
  }
}
