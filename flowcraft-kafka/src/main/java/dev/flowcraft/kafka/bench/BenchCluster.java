package dev.flowcraft.kafka.bench;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.kafka.ServerCallCounters;
import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import dev.flowcraft.runtime.FlowRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * What a benchmark runs against: a client, and either {@code workers} in-process workers (each with its own
 * connections, as separate processes would have, built like {@code KafkaAdapter.start} builds one, so that
 * their calls can be counted and their finish events seen) or none, for workers running elsewhere.
 */
public final class BenchCluster implements AutoCloseable {

  private final List<KafkaBackends> workerConnections;
  private final List<FlowRuntime> workers;
  private final KafkaBackends clientConnections;
  private final FlowRuntime client;
  private final CompletionSource completions;

  private BenchCluster(List<KafkaBackends> workerConnections, List<FlowRuntime> workers, KafkaBackends clientConnections,
      FlowRuntime client, CompletionSource completions) {
    this.workerConnections = workerConnections;
    this.workers = workers;
    this.clientConnections = clientConnections;
    this.client = client;
    this.completions = completions;
  }

  /**
   * Connects a client and starts {@code workerCount} workers serving {@code nodes}; with 0 workers, runs are
   * left to external workers and their completion is polled every {@code pollInterval}.
   */
  public static BenchCluster start(KafkaAdapterOptions options, int workerCount, NodeRegistry nodes,
      Duration pollInterval) {
    List<KafkaBackends> connections = new ArrayList<>();
    List<FlowRuntime> runtimes = new ArrayList<>();
    try {
      EventCompletion events = new EventCompletion();
      for (int i = 0; i < workerCount; i++) {
        KafkaBackends kb = KafkaBackends.connect(options);
        connections.add(kb);
        runtimes.add(FlowRuntime.builder().backends(kb.backends()).registry(nodes).startWorkers(true)
            .concurrency(options.concurrency()).timerPollInterval(options.timerPollInterval()).eventBus(events).build());
      }
      KafkaBackends clientConnections = KafkaBackends.connect(options);
      connections.add(clientConnections);
      FlowRuntime client = FlowRuntime.builder().backends(clientConnections.backends()).registry(nodes)
          .startWorkers(false).build();
      runtimes.add(client);
      CompletionSource completions = workerCount > 0 ? events
          : new PollingCompletion(clientConnections.backends().runs(), pollInterval);
      return new BenchCluster(connections.subList(0, workerCount), runtimes.subList(0, workerCount), clientConnections,
          client, completions);
    } catch (RuntimeException e) {
      runtimes.forEach(BenchCluster::closeQuietly);
      connections.forEach(BenchCluster::closeQuietly);
      throw e;
    }
  }

  /**
   * Waits until the workers' consumer group is stable with every in-process worker holding partitions, so
   * that the first measured runs do not wait for a rebalance (the broker delays the first one by
   * {@code group.initial.rebalance.delay.ms}, 3 s by default, and each later join revokes everything once).
   *
   * @return false if that did not happen within {@code timeout} (the benchmark goes on)
   */
  public boolean awaitWorkersAssigned(KafkaAdapterOptions options, Duration timeout) {
    if (workers.isEmpty()) {
      return true;
    }
    Map<String, Object> config = new HashMap<>();
    options.kafkaProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        config.put(k, v);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(options.groupId())).describedGroups()
            .get(options.groupId()).get(5, TimeUnit.SECONDS);
        long assigned = group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        if (group.groupState() == GroupState.STABLE && assigned >= Math.min(workers.size(), options.partitions())) {
          return true;
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      org.slf4j.LoggerFactory.getLogger(BenchCluster.class).warn("Cannot describe consumer group {}: {}",
          options.groupId(), e.toString());
    }
    return false;
  }

  public FlowRuntime client() {
    return client;
  }

  public CompletionSource completions() {
    return completions;
  }

  public int workerCount() {
    return workers.size();
  }

  /** Calls on the connections of all in-process workers so far. */
  public Snapshot workerCalls() {
    Snapshot sum = Snapshot.ZERO;
    for (KafkaBackends kb : workerConnections) {
      sum = sum.plus(kb.counters().snapshot());
    }
    return sum;
  }

  /** Calls so far by kind (statement, command), workers and client together; see {@link ServerCallCounters#byKind()}. */
  public Map<String, Long> callsByKind() {
    Map<String, Long> sum = new java.util.TreeMap<>();
    for (KafkaBackends kb : workerConnections) {
      kb.counters().byKind().forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    clientConnections.counters().byKind().forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }

  /** Calls on the client's connections so far. */
  public Snapshot clientCalls() {
    return clientConnections.counters().snapshot();
  }

  /** Stops the workers (finishing their jobs in flight), then disconnects everything. */
  @Override
  public void close() {
    closeQuietly(completions);
    closeQuietly(client);
    workers.forEach(BenchCluster::closeQuietly);
    workerConnections.forEach(BenchCluster::closeQuietly);
    closeQuietly(clientConnections);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(BenchCluster.class).warn("Closing {} failed", c, e);
    }
  }
}
