package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.AwaitingNode;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance of "every pattern distributed" on the real servers with two workers: a durable sleep across
 * a restart of all workers, a human decision routed by its action, a batch of 1,000 items over both workers,
 * a subflow's child as a run of its own, and cancellation.
 */
@FlowcraftStackTest
class DistributedPatternsAcceptanceIT {

  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static TestStack stack;
  private static String keyspace;

  /** Node bodies executed, as runId/nodeId. */
  private final List<String> executed = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void servers(TestStack s) {
    stack = s;
    keyspace = s.uniqueName("accept");
  }

  private NodeRegistry.Builder registry() {
    return NodeRegistry.builder()
        .register("echo", ctx -> {
          executed.add(ctx.runId() + "/" + ctx.nodeId());
          return NodeResult.of(ctx.params().getOrDefault("value", ctx.input()));
        })
        .register("boom", ctx -> {
          executed.add(ctx.runId() + "/" + ctx.nodeId());
          throw new IllegalStateException("boom");
        });
  }

  @Test
  void aThreeSecondSleepSurvivesARestartOfAllWorkersAndCompletes() throws Exception {
    Blueprint b = bp("nap3", List.of(node("start", "echo", Map.of("value", 42)), node("nap", "sleep", Map.of("duration", "3s")),
        node("after", "echo")), List.of(edge("start", "nap"), edge("nap", "after")));
    NodeRegistry reg = registry().build();
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, reg, List.of())) {
      FlowRuntime client = cluster.client();
      RunResult asleep = client.run(b, Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE));
      assertThat(asleep.status()).isEqualTo(RunStatus.AWAITING);
      Instant wakeUpAt = asleep.awaitingDetails().get("nap").wakeUpAt();
      assertThat(wakeUpAt).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(4));

      cluster.stopWorkers();
      // no worker runs: the run waits, and its status says for what
      RunResult paused = client.status(asleep.runId()).orElseThrow();
      assertThat(paused.status()).isEqualTo(RunStatus.AWAITING);
      AwaitingNode nap = paused.awaitingDetails().get("nap");
      assertThat(nap.reason()).isEqualTo("timer");
      assertThat(nap.wakeUpAt()).isEqualTo(wakeUpAt);
      // the timer falls due while no worker runs
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), wakeUpAt).toMillis()) + 1000);
      assertThat(client.status(asleep.runId()).orElseThrow().status()).isEqualTo(RunStatus.AWAITING);

      long restart = System.nanoTime();
      cluster.addWorker(reg);
      cluster.addWorker(reg);
      RunResult done = client.awaitFinal(asleep.runId(), SETTLE);
      System.out.printf("sleep overdue by %d ms completed %d ms after starting two new workers%n",
          Duration.between(wakeUpAt, Instant.now()).toMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart));
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(done.output("after")).isEqualTo(42);
      assertThat(done.awaitingDetails()).isEmpty();
      assertThat(executed).containsOnlyOnce(asleep.runId() + "/after");
    }
  }

  private static Blueprint approval() {
    return bp("approval", List.of(node("submit", "echo", Map.of("value", "req")), node("approval", "wait"),
            node("approved", "echo"), node("rejected", "echo")),
        List.of(edge("submit", "approval"), edge("approval", "approved").withAction("approve"),
            edge("approval", "rejected").withAction("reject")));
  }

  @Test
  void aHumanDecisionRoutesByItsActionAndWrongResumesGetClearErrors() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    NodeRegistry reg = registry().register("hold", ctx -> {
      release.await(30, TimeUnit.SECONDS);
      return NodeResult.of("held");
    }).build();
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, reg, List.of())) {
      FlowRuntime client = cluster.client();
      RunResult waiting = client.run(approval(), Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE));
      String id = waiting.runId();
      assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
      assertThat(waiting.awaiting()).containsExactly("approval");
      assertThat(waiting.awaitingDetails().get("approval").reason()).isEqualTo("external_event");

      assertThatThrownBy(() -> client.requestResume(id, "approval", "maybe", null))
          .isInstanceOf(FlowcraftException.class).hasMessageContaining("no edge with that action")
          .hasMessageContaining("[approve, reject]");
      client.requestResume(id, "approval", "reject", Map.of("by", "ann"));
      RunResult r = client.await(id, SETTLE);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.nodes()).containsEntry("rejected", NodeStatus.COMPLETED).containsEntry("approved", NodeStatus.SKIPPED);
      assertThat(r.output("rejected")).isEqualTo(Map.of("by", "ann"));
      assertThat(executed).contains(id + "/rejected").doesNotContain(id + "/approved");
      assertThatThrownBy(() -> client.requestResume(id, null, "approve", null))
          .isInstanceOf(FlowcraftException.class).hasMessageContaining("already completed");

      // twice in a row: the second is refused whether the first has continued yet or not
      String twice = client.run(approval(), Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE)).runId();
      client.requestResume(twice, null, "reject", null);
      assertThatThrownBy(() -> client.requestResume(twice, null, "approve", null))
          .isInstanceOf(FlowcraftException.class)
          .message().containsAnyOf("already resumed with action 'reject'", "already completed");
      assertThat(client.await(twice, SETTLE).nodes()).containsEntry("approved", NodeStatus.SKIPPED)
          .containsEntry("rejected", NodeStatus.COMPLETED);

      // a run that does not wait
      String busy = client.start(bp("busy", List.of(node("h", "hold")), List.of()), Map.of(), RunOptions.DEFAULT);
      assertThatThrownBy(() -> client.requestResume(busy, null, "approve", null))
          .isInstanceOf(FlowcraftException.class).hasMessageContaining("is not awaiting anything (status running)");
      release.countDown();
      assertThat(client.await(busy, SETTLE).status()).isEqualTo(RunStatus.COMPLETED);
      assertThatThrownBy(() -> client.requestResume("no-such-run", null, "approve", null))
          .isInstanceOf(FlowcraftException.class).hasMessageContaining("not found");
    }
  }

  @Test
  void aBatchOfAThousandItemsInChunksOfAHundredRunsOnBothWorkersAndGathersInOrder() {
    Map<Integer, String> ranBy = new ConcurrentHashMap<>();
    List<NodeRegistry> workers = new ArrayList<>();
    for (String worker : List.of("w0", "w1")) {
      workers.add(registry()
          .register("load", ctx -> NodeResult.of(IntStream.range(0, 1000).boxed().toList()))
          .register("double", ctx -> {
            int n = ((Number) ctx.input()).intValue();
            ranBy.put(n, worker);
            return NodeResult.of(n * 2);
          }).build());
    }
    Blueprint b = bp("batch1000",
        List.of(node("load", "load"),
            node("d_scatter", "batch-scatter", Map.of("workerUsesKey", "double", "outputKey", "doubled",
                "gatherNodeId", "d_gather", "chunkSize", 100)).withInputs(InputMapping.key("load")),
            node("d_gather", "batch-gather", Map.of("outputKey", "doubled", "gatherNodeId", "d_gather"))),
        List.of(edge("load", "d_scatter"), edge("d_scatter", "d_gather")));
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), workers, workers.get(0), List.of())) {
      long t0 = System.nanoTime();
      RunResult r = cluster.client().run(b, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(180)));
      System.out.printf("batch of 1000 in chunks of 100 on 2 workers: %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      assertThat(r.status()).as(String.valueOf(r.errors())).isEqualTo(RunStatus.COMPLETED);
      List<Integer> expected = IntStream.range(0, 1000).map(i -> i * 2).boxed().toList();
      assertThat(r.context().get("doubled")).isEqualTo(expected);
      assertThat(r.output("d_gather")).isEqualTo(expected);
      assertThat(r.output("d_scatter")).isEqualTo(Map.of("count", 1000, "chunkSize", 100));
      assertThat(ranBy).hasSize(1000);
      assertThat(new HashSet<>(ranBy.values())).as("workers that ran items").containsExactlyInAnyOrder("w0", "w1");
    }
  }

  @Test
  void aSubflowsChildIsARunOfItsOwnAndItsFailureFailsOrFallsBackInTheParent() {
    Blueprint gated = bp("gated-child", List.of(node("gate", "wait"), node("done", "echo")), List.of(edge("gate", "done")));
    Blueprint broken = bp("broken-child", List.of(node("x", "boom")), List.of());
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, registry().build(), List.of(gated, broken))) {
      FlowRuntime client = cluster.client();
      Blueprint parent = bp("parent", List.of(node("call", "subflow", Map.of("blueprintId", "gated-child")),
          node("after", "echo")), List.of(edge("call", "after")));
      RunResult waiting = client.run(parent, Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE));
      assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
      AwaitingNode call = waiting.awaitingDetails().get("call");
      assertThat(call.reason()).isEqualTo("subflow");
      assertThat(call.childRunId()).isEqualTo(waiting.runId() + "/call");
      assertThat(call.childStatus()).isEqualTo("awaiting");
      RunResult child = client.status(call.childRunId()).orElseThrow();
      assertThat(child.blueprintId()).isEqualTo("gated-child");
      assertThat(child.status()).isEqualTo(RunStatus.AWAITING);
      assertThat(child.awaitingDetails().get("gate").reason()).isEqualTo("external_event");

      // resuming the parent resumes the node its child awaits
      assertThat(client.requestResume(waiting.runId(), null, null, "go")).isEqualTo("gate");
      RunResult done = client.awaitFinal(waiting.runId(), SETTLE);
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(done.output("after")).isEqualTo("go");
      assertThat(client.status(call.childRunId()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);

      Blueprint withFallback = bp("parent-fb",
          List.of(node("call", "subflow", Map.of("blueprintId", "broken-child"))
              .withConfig(NodeConfig.DEFAULT.withFallback("plan-b")), node("plan-b", "echo", Map.of("value", "recovered")),
              node("next", "echo")), List.of(edge("call", "next")));
      RunResult fellBack = client.run(withFallback, Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE));
      assertThat(fellBack.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(fellBack.nodes()).containsEntry("call", NodeStatus.FELL_BACK);
      assertThat(fellBack.output("next")).isEqualTo("recovered");
      assertThat(client.status(fellBack.runId() + "/call").orElseThrow().status()).isEqualTo(RunStatus.FAILED);

      RunResult failed = client.run(bp("parent-nofb", List.of(node("call", "subflow", Map.of("blueprintId", "broken-child"))),
          List.of()), Map.of(), RunOptions.DEFAULT.withTimeout(SETTLE));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.errors().get(0).nodeId()).isEqualTo("call");
      assertThat(failed.reason()).contains("did not complete successfully");
      RunResult failedChild = client.status(failed.runId() + "/call").orElseThrow();
      assertThat(failedChild.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failedChild.errors().get(0).message()).contains("boom");
    }
  }

  @Test
  void cancellingADistributedRunStartsNoNewJobSignalsTheRunningNodeAndKeepsThePartialContext() throws Exception {
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch sawCancel = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    NodeRegistry reg = registry()
        .register("block", ctx -> {
          executed.add(ctx.runId() + "/" + ctx.nodeId());
          ctx.signal().onCancel(sawCancel::countDown);
          blocking.countDown();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (!ctx.signal().isCancelled() && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          ctx.signal().throwIfCancelled();
          return NodeResult.of("never");
        })
        .register("slow", ctx -> {
          executed.add(ctx.runId() + "/" + ctx.nodeId());
          slowStarted.countDown();
          Thread.sleep(2000); // still running when the run is cancelled; its successor must not start
          return NodeResult.of("slow done");
        }).build();
    Blueprint b = bp("cancel-me",
        List.of(node("a", "echo", Map.of("value", "done")), node("b", "block"), node("c", "echo"),
            node("slow", "slow"), node("next", "echo")),
        List.of(edge("a", "b"), edge("b", "c"), edge("a", "slow"), edge("slow", "next")));
    try (Cluster cluster = Cluster.start(Cluster.options(stack, keyspace), 2, reg, List.of())) {
      FlowRuntime client = cluster.client();
      String id = client.start(b, Map.of(), RunOptions.DEFAULT);
      assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(client.cancel(id)).isTrue();
      assertThat(sawCancel.await(5, TimeUnit.SECONDS)).as("the running node sees its cancellation signal").isTrue();
      RunResult r = client.awaitFinal(id, SETTLE);
      assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(r.output("a")).isEqualTo("done");
      Thread.sleep(1000); // time for a wrongly scheduled successor to run
      assertThat(executed).contains(id + "/a", id + "/b", id + "/slow")
          .doesNotContain(id + "/c", id + "/next");
      RunResult later = client.status(id).orElseThrow();
      assertThat(later.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(later.nodes()).doesNotContainKeys("c", "next");
      assertThat(client.cancel(id)).as("a second cancel of an ended run").isFalse();
    }
  }

  private static NodeDefinition node(String id, String uses) {
    return NodeDefinition.of(id, uses);
  }

  private static NodeDefinition node(String id, String uses, Map<String, Object> params) {
    return NodeDefinition.of(id, uses).withParams(params);
  }

  private static EdgeDefinition edge(String s, String t) {
    return EdgeDefinition.of(s, t);
  }

  private static Blueprint bp(String id, List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    return new Blueprint(id, nodes, edges);
  }
}
