package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.kafka.queue.QueueHeaders;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.Backends;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** At-least-once delivery with exactly-once effects, wide fan-out, and bad messages, on the real servers. */
@FlowcraftStackTest
class DistributedDeliveryIT {

  private static TestStack stack;
  private static String keyspace;

  @BeforeAll
  static void servers(TestStack s) {
    stack = s;
    keyspace = s.uniqueName("delivery");
  }

  /** Body executions per run and node. */
  private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("count", ctx -> {
          executions.computeIfAbsent(ctx.runId() + "/" + ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          Object v = ctx.params().getOrDefault("value", ctx.input());
          if (ctx.params().get("key") instanceof String key) {
            ctx.context().set(key, v);
          }
          return NodeResult.of(v);
        })
        .register("pick", ctx -> {
          executions.computeIfAbsent(ctx.runId() + "/" + ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          int n = ((Number) ctx.context().get("n")).intValue();
          return NodeResult.action(n % 2 == 0 ? "even" : "odd", n);
        })
        .build();
  }

  /** start → 5 parallel → join (all) → pick → even|odd (only one taken) → end (any). */
  private static Blueprint mixed() {
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    nodes.add(NodeDefinition.of("start", "count").withParams(Map.of("value", "go")));
    // a join's _inputs entry is whichever predecessor wrote last (Flowcraft semantics); its output is made
    // deterministic by reading one predecessor's output
    nodes.add(NodeDefinition.of("join", "count").withInputs(dev.flowcraft.model.InputMapping.key("p4")));
    for (int i = 0; i < 5; i++) {
      nodes.add(NodeDefinition.of("p" + i, "count").withParams(Map.of("value", i, "key", "p" + i)));
      edges.add(EdgeDefinition.of("start", "p" + i));
      edges.add(EdgeDefinition.of("p" + i, "join"));
    }
    nodes.add(NodeDefinition.of("pick", "pick"));
    nodes.add(NodeDefinition.of("even", "count").withParams(Map.of("value", "E")));
    nodes.add(NodeDefinition.of("odd", "count").withParams(Map.of("value", "O")));
    nodes.add(NodeDefinition.of("end", "count").withConfig(NodeConfig.DEFAULT.withJoinStrategy(dev.flowcraft.model.JoinStrategy.ANY)));
    edges.add(EdgeDefinition.of("join", "pick"));
    edges.add(EdgeDefinition.of("pick", "even").withAction("even"));
    edges.add(EdgeDefinition.of("pick", "odd").withAction("odd"));
    edges.add(EdgeDefinition.of("even", "end"));
    edges.add(EdgeDefinition.of("odd", "end"));
    return new Blueprint("mixed", nodes, edges);
  }

  @Test
  void everyJobDeliveredTwiceGivesTheInMemoryResultsWithEachNodeRunOnceAndOneFinalStatus() {
    KafkaAdapterOptions options = Cluster.options(stack, keyspace);
    Map<String, AtomicInteger> finishes = new ConcurrentHashMap<>();
    List<KafkaBackends> connections = new ArrayList<>();
    List<FlowRuntime> workers = new ArrayList<>();
    try {
      for (int w = 0; w < 2; w++) {
        KafkaBackends kb = KafkaBackends.connect(options);
        connections.add(kb);
        Backends b = kb.backends();
        Backends duplicating = new Backends(b.runs(), b.coordination(), new DuplicatingJobQueue(b.queue()), b.timers(), b.blueprints());
        workers.add(FlowRuntime.builder().backends(duplicating).registry(registry()).concurrency(8)
            .timerPollInterval(Duration.ofMillis(50)).leaseTtl(Duration.ofSeconds(5))
            .eventBus(e -> {
              if (e instanceof FlowcraftEvent.WorkflowFinish f) {
                finishes.computeIfAbsent(f.runId(), k -> new AtomicInteger()).incrementAndGet();
              }
            }).build());
      }
      KafkaBackends clientConnections = KafkaBackends.connect(options);
      connections.add(clientConnections);
      FlowRuntime client = FlowRuntime.builder().backends(clientConnections.backends()).startWorkers(false)
          .registry(registry()).build();
      workers.add(client);

      int runs = 20;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        ids.add(client.start(mixed(), Map.of("n", i), RunOptions.DEFAULT));
      }
      Map<Integer, RunResult> expected = new LinkedHashMap<>();
      try (FlowRuntime memory = FlowRuntime.builder().registry(registry()).build()) {
        for (int i = 0; i < runs; i++) {
          expected.put(i, memory.run(mixed(), Map.of("n", i)));
        }
      }
      for (int i = 0; i < runs; i++) {
        RunResult r = client.await(ids.get(i), Duration.ofSeconds(60));
        assertThat(r.status()).as("run %s", i).isEqualTo(RunStatus.COMPLETED);
        RunResult mem = expected.get(i);
        Map<String, Object> want = new LinkedHashMap<>(mem.context());
        want.remove("_inputs.join");
        Map<String, Object> got = new LinkedHashMap<>(r.context());
        assertThat(got.remove("_inputs.join")).as("a predecessor's output").isIn(0, 1, 2, 3, 4);
        assertThat(got).as("run %s context", i).isEqualTo(want);
        assertThat(r.nodes()).isEqualTo(mem.nodes());
        String id = ids.get(i);
        for (String node : List.of("start", "p0", "p1", "p2", "p3", "p4", "join", "pick", "end", i % 2 == 0 ? "even" : "odd")) {
          assertThat(executions.get(id + "/" + node)).as("run %s node %s executions", i, node).hasValue(1);
        }
        assertThat(executions).doesNotContainKey(id + "/" + (i % 2 == 0 ? "odd" : "even"));
      }
      // the final status event fires once per run, on whichever worker settled it
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(finishes).hasSize(runs).allSatisfy((id, n) -> assertThat(n).hasValue(1)));
    } finally {
      workers.forEach(FlowRuntime::close);
      connections.forEach(KafkaBackends::close);
    }
  }

  /** Hardening: a 20 MB output used to exceed Cassandra's mutation size, fail every delivery and loop for ever. */
  @Test
  void twentyMegabyteOutputFailsItsRunNamingTheLimitInsteadOfBeingRedeliveredForEver() {
    AtomicInteger calls = new AtomicInteger();
    NodeRegistry huge = NodeRegistry.builder().register("huge", ctx -> {
      calls.incrementAndGet();
      return NodeResult.of("z".repeat(20 << 20));
    }).build();
    Blueprint bp = new Blueprint("huge-output", List.of(
        NodeDefinition.of("a", "huge").withConfig(NodeConfig.DEFAULT.withMaxRetries(3)),
        NodeDefinition.of("b", "huge")), List.of(EdgeDefinition.of("a", "b")));
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 1, huge, List.of())) {
      RunResult r = cluster.client().run(bp, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(60)));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors()).singleElement().satisfies(e -> {
        assertThat(e.nodeId()).isEqualTo("a");
        assertThat(e.message()).contains("RunLimits.maxOutputBytes");
      });
      assertThat(calls).hasValue(1);
      assertThat(r.ran("b")).isFalse();
    }
  }

  @Test
  void aHundredParallelBranchesEachWritingItsOwnKeyAllLand() {
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    nodes.add(NodeDefinition.of("start", "count").withParams(Map.of("value", 0)));
    nodes.add(NodeDefinition.of("join", "count"));
    for (int i = 0; i < 100; i++) {
      nodes.add(NodeDefinition.of("b" + i, "count").withParams(Map.of("value", i, "key", "key" + i)));
      edges.add(EdgeDefinition.of("start", "b" + i));
      edges.add(EdgeDefinition.of("b" + i, "join"));
    }
    Blueprint wide = new Blueprint("wide", nodes, edges);
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, registry(), List.of())) {
      RunResult r = cluster.client().run(wide, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(60)));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      for (int i = 0; i < 100; i++) {
        assertThat(r.context()).containsEntry("key" + i, i).containsEntry("_outputs.b" + i, i);
      }
      assertThat(executions.get(r.runId() + "/join")).hasValue(1);
    }
  }

  @Test
  void badMessagesGoToTheDeadLetterTopicOrFailTheirRunAndTheWorkerGoesOn() throws Exception {
    KafkaAdapterOptions options = Cluster.options(stack, keyspace);
    try (Cluster cluster = Cluster.start(options, 1, registry(), List.of());
        KafkaBackends raw = KafkaBackends.connect(options)) {
      // 1. bytes that are no job at all
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(options.topic(), "x".getBytes(StandardCharsets.UTF_8),
            "{not json".getBytes(StandardCharsets.UTF_8))).get();
      }
      // 2. a well-formed job for a run that does not exist
      String ghost = "ghost-" + UUID.randomUUID();
      raw.backends().queue().enqueue(Job.execute(ghost, "a", ""));
      // 3. a run whose blueprint is not in the blueprint store
      String orphan = "orphan-" + UUID.randomUUID();
      Instant now = Instant.now();
      raw.backends().runs().createRun(new RunRecord(orphan, "gone", "gone@1#deadbeef", null, null, RunStatus.RUNNING, false,
          null, now, now), Map.of());
      raw.backends().queue().enqueue(Job.execute(orphan, "a", ""));

      List<ConsumerRecord<byte[], byte[]>> dead = readAll(options.deadLetterTopic(), 2, Duration.ofSeconds(30));
      assertThat(dead).extracting(r -> QueueHeaders.text(r.headers(), QueueHeaders.ERROR))
          .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("json"))
          .anySatisfy(reason -> assertThat(reason).contains(ghost).contains("does not exist"));

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        RunResult r = cluster.client().status(orphan).orElseThrow();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.reason()).contains("gone@1#deadbeef").contains("not found in the blueprint store");
      });

      // and the worker goes on
      RunResult good = cluster.client().run(mixed(), Map.of("n", 3), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(60)));
      assertThat(good.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(good.output("odd")).isEqualTo("O");
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast, Duration wait) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
