package dev.flowcraft.kafka;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.PatternSuite;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pattern suite of the core engine, distributed: two workers and a client on real Kafka, Cassandra and
 * Redis. Same blueprints and assertions as in memory.
 */
@FlowcraftStackTest
class DistributedPatternsIT extends PatternSuite {

  private static TestStack stack;
  private static String keyspace;
  private final Map<FlowRuntime, Cluster> clusters = new ConcurrentHashMap<>();

  @BeforeAll
  static void servers(TestStack s) {
    stack = s;
    keyspace = s.uniqueName("patterns");
  }

  @Override
  protected FlowRuntime newRuntime(NodeRegistry registry, List<Blueprint> blueprints) {
    Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, registry, blueprints);
    clusters.put(cluster.client(), cluster);
    return cluster.client();
  }

  @Override
  protected void closeRuntime(FlowRuntime rt) {
    clusters.remove(rt).close();
  }

  @Override
  protected Duration settleTimeout() {
    return Duration.ofSeconds(30);
  }
}
