package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.ReconciliationStats;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis loses a run's coordination state mid-run; the reconciler finishes the run from Cassandra. */
@FlowcraftStackTest
class ReconcilerIT {

  @Test
  void runsWhoseRedisStateWasDeletedMidRunAreFinishedByTheReconciler(TestStack stack) throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    NodeRegistry registry = NodeRegistry.builder()
        .register("step", ctx -> {
          calls.computeIfAbsent(ctx.runId() + "/" + ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          return NodeResult.of(ctx.nodeId());
        })
        .register("held", ctx -> {
          calls.computeIfAbsent(ctx.runId() + "/" + ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          started.countDown();
          release.await(30, TimeUnit.SECONDS);
          return NodeResult.of(ctx.nodeId());
        }).build();
    Blueprint bp = new Blueprint("recon",
        List.of(NodeDefinition.of("s", "step"), NodeDefinition.of("a", "step"), NodeDefinition.of("b", "held"),
            NodeDefinition.of("join", "step"), NodeDefinition.of("end", "step")),
        List.of(EdgeDefinition.of("s", "a"), EdgeDefinition.of("s", "b"), EdgeDefinition.of("a", "join"),
            EdgeDefinition.of("b", "join"), EdgeDefinition.of("join", "end")));
    KafkaAdapterOptions options = Cluster.options(stack, stack.uniqueName("recon")).toBuilder()
        .reconcileInterval(null).build();
    try (Cluster cluster = Cluster.start(options, 2, registry, List.of())) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(cluster.client().start(bp, Map.of(), RunOptions.DEFAULT));
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      // Redis loses the runs' work sets and joins (as with FLUSHALL, but only ours: the server is shared)
      try (RedisClient redis = RedisClient.create(stack.redisUri());
          StatefulRedisConnection<String, String> c = redis.connect()) {
        for (String runId : runs) {
          List<String> keys = new ArrayList<>();
          ScanCursor cursor = ScanCursor.INITIAL;
          do {
            KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches("flowcraft:*" + runId + "*").limit(1000));
            keys.addAll(page.getKeys().stream().filter(k -> !k.startsWith("flowcraft:lease:")).toList());
            cursor = page;
          } while (!cursor.isFinished());
          assertThat(keys).as("the run had coordination state").isNotEmpty();
          c.sync().del(keys.toArray(String[]::new));
        }
      }
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> runs.stream()
          .allMatch(id -> cluster.client().status(id).orElseThrow().ran("b")));
      Thread.sleep(1000);
      for (String id : runs) {
        assertThat(cluster.client().status(id).orElseThrow().status()).as("stuck without Redis state").isEqualTo(RunStatus.RUNNING);
      }

      try (KafkaReconciler reconciler = KafkaReconciler.create(options, Duration.ZERO)) {
        ReconciliationStats stats = reconciler.run();
        assertThat(stats.stalledRuns()).isGreaterThanOrEqualTo(3);
        assertThat(stats.reconciledRuns()).isGreaterThanOrEqualTo(3);
        assertThat(stats.failedRuns()).isZero();
      }
      for (String id : runs) {
        RunResult r = cluster.client().await(id, Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.output("end")).isEqualTo("end");
        for (String node : List.of("s", "a", "b", "join", "end")) {
          assertThat(calls.get(id + "/" + node)).as(id + "/" + node).hasValue(1);
        }
      }
    }
  }
}
