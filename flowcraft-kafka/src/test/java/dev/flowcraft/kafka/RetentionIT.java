package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The life cycle of a distributed run's data: its Redis keys are deleted when it ends (only attempt leases
 * remain, until their TTL), and the workers' periodic pass deletes it from Cassandra once it has been finished
 * for longer than the retention, while running and awaiting runs stay however old they get.
 */
@FlowcraftStackTest
class RetentionIT {

  private static final Duration RETENTION = Duration.ofSeconds(3);
  /** The lease TTL of {@link Cluster}'s workers. */
  private static final long LEASE_TTL_MS = 10_000;

  private final CountDownLatch release = new CountDownLatch(1);

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("load", ctx -> NodeResult.of(IntStream.range(0, 10).boxed().toList()))
        .register("double", ctx -> NodeResult.of(((Number) ctx.input()).intValue() * 2))
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .register("held", ctx -> {
          release.await(60, TimeUnit.SECONDS);
          return NodeResult.of("released");
        })
        .build();
  }

  /** load → batch (3 chunks) → gather → p1, p2 → join (all) → end: work set, batch chunk and join keys. */
  private static Blueprint busy() {
    return new Blueprint("busy",
        List.of(NodeDefinition.of("load", "load"),
            NodeDefinition.of("scatter", "batch-scatter").withParams(Map.of("workerUsesKey", "double",
                "outputKey", "doubled", "gatherNodeId", "gather", "chunkSize", 4)).withInputs(InputMapping.key("load")),
            NodeDefinition.of("gather", "batch-gather").withParams(Map.of("outputKey", "doubled", "gatherNodeId", "gather")),
            NodeDefinition.of("p1", "step"), NodeDefinition.of("p2", "step"), NodeDefinition.of("join", "step"),
            NodeDefinition.of("end", "step")),
        List.of(EdgeDefinition.of("load", "scatter"), EdgeDefinition.of("scatter", "gather"),
            EdgeDefinition.of("gather", "p1"), EdgeDefinition.of("gather", "p2"), EdgeDefinition.of("p1", "join"),
            EdgeDefinition.of("p2", "join"), EdgeDefinition.of("join", "end")));
  }

  private static List<String> redisKeysOf(StatefulRedisConnection<String, String> c, String runId) {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches("flowcraft:*" + runId + "*").limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  @Test
  void finishedRunsLeaveNoRedisKeysAndAreDeletedAfterTheRetentionWhileLiveRunsStay(TestStack stack) {
    KafkaAdapterOptions options = Cluster.options(stack, stack.uniqueName("retention")).toBuilder()
        .retention(RETENTION).reconcileInterval(Duration.ofMillis(500)).build();
    Blueprint waits = new Blueprint("waits", List.of(NodeDefinition.of("w", "wait"), NodeDefinition.of("after", "step")),
        List.of(EdgeDefinition.of("w", "after")));
    Blueprint slow = new Blueprint("slow", List.of(NodeDefinition.of("h", "held"), NodeDefinition.of("after", "step")),
        List.of(EdgeDefinition.of("h", "after")));
    try (Cluster cluster = Cluster.start(options, 2, registry(), List.of());
        RedisClient redis = RedisClient.create(stack.redisUri());
        StatefulRedisConnection<String, String> c = redis.connect()) {
      String awaiting = cluster.client().start(waits, Map.of(), RunOptions.DEFAULT);
      String running = cluster.client().start(slow, Map.of(), RunOptions.DEFAULT);
      assertThat(cluster.client().await(awaiting, Duration.ofSeconds(30)).status()).isEqualTo(RunStatus.AWAITING);

      List<String> done = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = cluster.client().start(busy(), Map.of(), RunOptions.DEFAULT);
        RunResult r = cluster.client().await(id, Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.output("end")).isEqualTo("end");
        done.add(id);
        // right after its final status the run's work set, joins and batch chunks are deleted in one call; only
        // the attempt leases remain, until their TTL
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redisKeysOf(c, id))
            .as("left in Redis by run " + id).allMatch(k -> k.startsWith("flowcraft:lease:")));
        for (String key : redisKeysOf(c, id)) {
          assertThat(c.sync().pttl(key)).as("TTL of " + key).isBetween(1L, LEASE_TTL_MS);
        }
      }

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> done.stream().allMatch(id -> cluster.client().status(id).isEmpty()));
      // older than the retention by now, but live: never deleted
      assertThat(cluster.client().status(awaiting).orElseThrow().status()).isEqualTo(RunStatus.AWAITING);
      assertThat(cluster.client().status(running).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

      // they go on, finish, and go the same way
      release.countDown();
      assertThat(cluster.client().resume(awaiting, "w", null, "go").status()).isIn(RunStatus.RUNNING, RunStatus.COMPLETED);
      assertThat(cluster.client().awaitFinal(running, Duration.ofSeconds(30)).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(cluster.client().awaitFinal(awaiting, Duration.ofSeconds(30)).status()).isEqualTo(RunStatus.COMPLETED);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.client().status(awaiting).isEmpty() && cluster.client().status(running).isEmpty());
      for (String id : List.of(awaiting, running)) {
        // the resume guard lives 10 minutes, so that a second resume is answered "already resumed"
        assertThat(redisKeysOf(c, id)).allMatch(k -> k.startsWith("flowcraft:lease:") || k.startsWith("flowcraft:resume:"));
        for (String key : redisKeysOf(c, id)) {
          assertThat(c.sync().pttl(key)).as("TTL of " + key).isPositive();
        }
      }
    }
  }
}
