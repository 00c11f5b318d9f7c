package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FatalNodeException;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of every pattern, run against a runtime chosen by the subclass: in memory
 * ({@link InMemoryPatternsTest}) or distributed over Kafka, Cassandra and Redis with several workers
 * (module flowcraft-kafka). Same blueprints, same assertions.
 */
public abstract class PatternSuite {

  private final List<String> order = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private FlowRuntime runtime;

  /**
   * The runtime under test, running nodes from {@code registry}, with {@code blueprints} available to subflow
   * nodes. Called at most once per test; {@link #closeRuntime} releases it.
   */
  protected abstract FlowRuntime newRuntime(NodeRegistry registry, List<Blueprint> blueprints);

  protected void closeRuntime(FlowRuntime rt) {
    rt.close();
  }

  /** How long a run may take here (distributed runs are slower than in-memory ones). */
  protected Duration settleTimeout() {
    return Duration.ofSeconds(5);
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      closeRuntime(runtime);
    }
  }

  protected NodeRegistry.Builder registry() {
    return NodeRegistry.builder()
        .register("echo", ctx -> {
          track(ctx.nodeId());
          return NodeResult.of(ctx.params().getOrDefault("value", ctx.input()));
        })
        .register("act", ctx -> {
          track(ctx.nodeId());
          return NodeResult.action((String) ctx.params().get("action"), ctx.params().get("value"));
        })
        .register("boom", ctx -> {
          track(ctx.nodeId());
          throw new IllegalStateException("boom " + ctx.attempt());
        });
  }

  private void track(String nodeId) {
    order.add(nodeId);
    calls.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
  }

  protected FlowRuntime runtime(NodeRegistry reg, Blueprint... blueprints) {
    runtime = newRuntime(reg, List.of(blueprints));
    return runtime;
  }

  protected static NodeDefinition node(String id, String uses) {
    return NodeDefinition.of(id, uses);
  }

  protected static NodeDefinition node(String id, String uses, Map<String, Object> params) {
    return NodeDefinition.of(id, uses).withParams(params);
  }

  protected static EdgeDefinition edge(String s, String t) {
    return EdgeDefinition.of(s, t);
  }

  protected static Blueprint bp(String id, List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    return new Blueprint(id, nodes, edges);
  }

  @Test
  void linearChainPassesOutputsAsInputs() {
    RunResult r = runtime(registry().build()).run(bp("lin",
        List.of(node("a", "echo", Map.of("value", 1)), node("b", "echo"), node("c", "echo")),
        List.of(edge("a", "b"), edge("b", "c"))));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("c")).isEqualTo(1);
    assertThat(r.context()).containsEntry("_outputs.a", 1).containsEntry("a", 1).containsEntry("_inputs.b", 1);
    assertThat(order).containsExactly("a", "b", "c");
  }

  @Test
  void actionBranchTakesOnlyMatchingEdgeAndDefaultIsElse() {
    Blueprint b = bp("branch",
        List.of(node("classify", "act", Map.of("action", "approve", "value", "x")), node("approve", "echo"),
            node("reject", "echo"), node("manual", "echo")),
        List.of(edge("classify", "approve").withAction("approve"), edge("classify", "reject").withAction("reject"),
            edge("classify", "manual")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(order).containsExactlyInAnyOrder("classify", "approve");
    assertThat(r.nodes()).containsEntry("reject", NodeStatus.SKIPPED).containsEntry("manual", NodeStatus.SKIPPED);
  }

  @Test
  void conditionsFireEveryTrueEdge() {
    Blueprint b = bp("cond",
        List.of(node("route", "echo", Map.of("value", Map.of("total", 700, "isVip", true))), node("vip", "echo"),
            node("mid", "echo"), node("std", "echo")),
        List.of(edge("route", "vip").withCondition("result.output.isVip"),
            edge("route", "mid").withCondition("route.total >= 500 && route.total <= 2000"),
            edge("route", "std").withCondition("route.total < 500")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(order).containsExactlyInAnyOrder("route", "vip", "mid");
    assertThat(r.nodes()).containsEntry("std", NodeStatus.SKIPPED);
  }

  @Test
  void allJoinAfterExclusiveBranchRunsThanksToDeadPathElimination() {
    Blueprint b = bp("dpe",
        List.of(node("decide", "act", Map.of("action", "L")), node("left", "echo", Map.of("value", "l")),
            node("right", "echo", Map.of("value", "r")), node("join", "echo", Map.of("value", "joined"))),
        List.of(edge("decide", "left").withAction("L"), edge("decide", "right").withAction("R"), edge("left", "join"),
            edge("right", "join")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.nodes()).containsEntry("join", NodeStatus.COMPLETED).containsEntry("right", NodeStatus.SKIPPED);
    assertThat(calls.get("join").get()).isEqualTo(1);
  }

  @Test
  void allJoinWaitsForEveryBranchAndInputsMapCollectsThem() {
    Blueprint b = bp("fan",
        List.of(node("start", "echo", Map.of("value", 0)), node("a", "echo", Map.of("value", "A")),
            node("b", "echo", Map.of("value", "B")), node("c", "echo", Map.of("value", "C")),
            node("merge", "echo").withInputs(InputMapping.fields(Map.of("a", "a", "b", "b", "c", "c")))),
        List.of(edge("start", "a"), edge("start", "b"), edge("start", "c"), edge("a", "merge"), edge("b", "merge"),
            edge("c", "merge")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.output("merge")).isEqualTo(Map.of("a", "A", "b", "B", "c", "C"));
    assertThat(order.indexOf("merge")).isEqualTo(4);
  }

  @Test
  void anyJoinFiresOnce() {
    Blueprint b = bp("any",
        List.of(node("s", "echo"), node("a", "echo", Map.of("value", 1)), node("b", "echo", Map.of("value", 2)),
            node("n", "echo").withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY))),
        List.of(edge("s", "a"), edge("s", "b"), edge("a", "n"), edge("b", "n")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls.get("n").get()).isEqualTo(1);
  }

  @Test
  void retriesExhaustedThenFallbackInheritsEdges() {
    Blueprint b = bp("resilient",
        List.of(node("primary", "boom").withConfig(NodeConfig.DEFAULT.withMaxRetries(3).withFallback("backup")),
            node("backup", "echo", Map.of("value", "cached")), node("use", "echo")),
        List.of(edge("primary", "use")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls.get("primary").get()).isEqualTo(3);
    assertThat(r.output("use")).isEqualTo("cached");
    assertThat(r.nodes()).containsEntry("primary", NodeStatus.FELL_BACK);
    assertThat(r.context().get("_catch_error")).asString().contains("boom 3");
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void failedNodeWithoutFallbackFailsTheRunEvenIfAFallbackRanElsewhere() {
    Blueprint b = bp("mixed",
        List.of(node("s", "echo"), node("p", "boom").withConfig(NodeConfig.DEFAULT.withFallback("fb")),
            node("fb", "echo", Map.of("value", 1)), node("q", "boom"), node("after", "echo")),
        List.of(edge("s", "p"), edge("s", "q"), edge("q", "after")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors()).extracting(e -> e.nodeId()).containsExactly("q");
    assertThat(r.nodes()).doesNotContainKey("after");
  }

  @Test
  void aFailedNodeFailsTheRunAtOnceAndOtherBranchesStartNoNewNode() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    NodeRegistry reg = registry()
        .register("fail-now", ctx -> {
          track(ctx.nodeId());
          slowStarted.await(10, TimeUnit.SECONDS);
          failed.countDown();
          throw new FatalNodeException("broken");
        })
        .register("slow", ctx -> {
          track(ctx.nodeId());
          slowStarted.countDown();
          failed.await(10, TimeUnit.SECONDS);
          Thread.sleep(300); // still running when the run fails
          return NodeResult.of("slow done");
        }).build();
    RunResult r = runtime(reg).run(bp("fail-fast",
        List.of(node("s", "echo"), node("bad", "fail-now"), node("slow", "slow"), node("next", "echo")),
        List.of(edge("s", "bad"), edge("s", "slow"), edge("slow", "next"))), Map.of(),
        RunOptions.DEFAULT.withTimeout(settleTimeout()));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.reason()).contains("broken");
    Thread.sleep(1000); // give the slow branch time to (wrongly) schedule its successor
    assertThat(calls).containsKey("slow").doesNotContainKey("next");
    assertThat(runtime.status(r.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void retryDelayBacksOffExponentially() {
    AtomicInteger attempts = new AtomicInteger();
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    NodeRegistry reg = registry().register("flaky", ctx -> {
      times.add(System.nanoTime());
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return NodeResult.of("ok");
    }).build();
    RunResult r = runtime(reg).run(bp("flaky", List.of(node("f", "flaky")
        .withConfig(NodeConfig.DEFAULT.withMaxRetries(3).withRetryDelay(Duration.ofMillis(100)))), List.of()));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    long first = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
    long second = TimeUnit.NANOSECONDS.toMillis(times.get(2) - times.get(1));
    // equal jitter: delay n is in [base*2^(n-1)/2, base*2^(n-1)]
    assertThat(first).isBetween(45L, 400L);
    assertThat(second).isBetween(95L, 600L);
  }

  @Test
  void fatalErrorSkipsRetriesAndFallback() {
    NodeRegistry reg = registry().register("fatal", ctx -> {
      track(ctx.nodeId());
      throw new FatalNodeException("no point retrying");
    }).build();
    RunResult r = runtime(reg).run(bp("fatal", List.of(
        node("f", "fatal").withConfig(NodeConfig.DEFAULT.withMaxRetries(5).withFallback("fb")), node("fb", "echo")),
        List.of()));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(calls.get("f").get()).isEqualTo(1);
    assertThat(calls).doesNotContainKey("fb");
    assertThat(r.errors().get(0).fatal()).isTrue();
  }

  @Test
  void timeoutFailsTheAttemptAndSignalsTheNode() {
    CountDownLatch sawCancel = new CountDownLatch(1);
    NodeRegistry reg = registry().register("slow", ctx -> {
      ctx.signal().onCancel(sawCancel::countDown);
      Thread.sleep(2000);
      return NodeResult.of("late");
    }).build();
    FlowRuntime rt = runtime(reg); // started first: the bound is on the run, not on starting workers
    long t0 = System.nanoTime();
    RunResult r = rt.run(bp("slow", List.of(
        node("s", "slow").withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ofMillis(100)))), List.of()));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("timed out after 100 ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
    assertThat(sawCancel.getCount()).isZero();
  }

  @Test
  void cancelMidRunKeepsPartialContext() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    NodeRegistry reg = registry().register("block", ctx -> {
      started.countDown();
      while (!ctx.signal().isCancelled()) {
        Thread.sleep(5);
      }
      ctx.signal().throwIfCancelled();
      return NodeResult.of("never");
    }).build();
    FlowRuntime rt = runtime(reg);
    String runId = rt.start(bp("c", List.of(node("a", "echo", Map.of("value", "done")), node("b", "block"),
        node("c", "echo")), List.of(edge("a", "b"), edge("b", "c"))), Map.of(), RunOptions.DEFAULT);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(rt.cancel(runId)).isTrue();
    RunResult r = rt.await(runId, settleTimeout());
    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(r.output("a")).isEqualTo("done");
    assertThat(r.nodes()).doesNotContainKey("c");
  }

  @Test
  void pauseHoldsTheReadyNodesAndResumeRunsThem() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    NodeRegistry reg = registry().register("gate", ctx -> {
      started.countDown();
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return NodeResult.of("opened");
    }).build();
    FlowRuntime rt = runtime(reg);
    String runId = rt.start(bp("pause", List.of(node("a", "gate"), node("b", "echo"), node("c", "echo"),
        node("d", "echo")), List.of(edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d"))),
        Map.of(), RunOptions.DEFAULT);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(rt.pause(runId)).isTrue();
    release.countDown();
    RunResult paused = rt.await(runId, settleTimeout());
    assertThat(paused.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(paused.awaiting()).containsExactlyInAnyOrder("b", "c");
    assertThat(paused.output("a")).isEqualTo("opened");
    assertThat(calls).doesNotContainKeys("b", "c", "d");
    assertThatThrownBy(() -> rt.resume(runId, "b", "go", null)).isInstanceOf(FlowcraftException.class)
        .hasMessageContaining("paused");
    RunResult done = rt.resume(runId);
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.context()).doesNotContainKey("_pause");
    assertThat(done.output("b")).isEqualTo("opened");
    assertThat(calls.get("b").get()).isEqualTo(1);
    assertThat(calls.get("c").get()).isEqualTo(1);
    assertThat(calls.get("d").get()).isEqualTo(1);
    assertThat(rt.pause(runId)).isFalse();
  }

  @Test
  void targetNodeRunsOnlyWhatTheTargetsNeed() {
    Blueprint b = bp("partial", List.of(node("a", "echo", Map.of("value", 1)), node("b", "echo"), node("c", "echo"),
        node("x", "echo"), node("y", "echo")),
        List.of(edge("a", "b"), edge("b", "c"), edge("a", "x"), edge("x", "y")));
    FlowRuntime rt = runtime(registry().build());
    RunResult one = rt.run(b, Map.of("_targetNode", "b", "keep", true));
    assertThat(one.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(order).containsExactly("a", "b");
    assertThat(one.nodes()).containsOnlyKeys("a", "b");
    assertThat(one.context()).doesNotContainKey("_targetNode").containsEntry("keep", true);
    order.clear();
    RunResult two = rt.run(b, Map.of("_targetNode", List.of("b", "y")));
    assertThat(order).containsExactlyInAnyOrder("a", "b", "x", "y");
    assertThat(two.nodes()).doesNotContainKey("c");
    assertThatThrownBy(() -> rt.run(b, Map.of("_targetNode", "nope"))).isInstanceOf(FlowcraftException.class)
        .hasMessageContaining("_targetNode 'nope' not found");
  }

  @Test
  void loopRunsWhileConditionHoldsAndBreaks() {
    NodeRegistry reg = registry()
        .register("init", ctx -> {
          ctx.context().set("count", 0);
          return NodeResult.of(0);
        })
        .register("inc", ctx -> {
          int c = ((Number) ctx.context().get("count")).intValue() + 1;
          ctx.context().set("count", c);
          track(ctx.nodeId());
          return NodeResult.of(c);
        }).build();
    Blueprint b = bp("loop",
        List.of(node("initialize", "init"), node("increment", "inc"),
            node("counter", "loop-controller", Map.of("condition", "count < 5"))
                .withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY)),
            node("finalize", "echo")),
        List.of(edge("counter", "finalize").withAction("break").withTransform("context[\"increment\"]"),
            edge("increment", "counter"),
            edge("counter", "increment").withAction("continue").withTransform("context[\"increment\"]"),
            edge("initialize", "counter")));
    RunResult r = runtime(reg).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls.get("increment").get()).isEqualTo(5);
    assertThat(r.context()).containsEntry("count", 5);
    assertThat(r.output("finalize")).isEqualTo(5);
  }

  @Test
  void batchWithChunksGathersInOrder() {
    NodeRegistry reg = registry()
        .register("load", ctx -> NodeResult.of(java.util.stream.IntStream.range(0, 25).boxed().toList()))
        .register("double", ctx -> NodeResult.of(((Number) ctx.input()).intValue() * 2)).build();
    Blueprint b = bp("batch",
        List.of(node("load", "load"),
            node("d_scatter", "batch-scatter", Map.of("workerUsesKey", "double", "outputKey", "doubled",
                "gatherNodeId", "d_gather", "chunkSize", 4)).withInputs(InputMapping.key("load")),
            node("d_gather", "batch-gather", Map.of("outputKey", "doubled", "gatherNodeId", "d_gather")),
            node("sum", "echo").withInputs(InputMapping.key("doubled"))),
        List.of(edge("load", "d_scatter"), edge("d_scatter", "d_gather"), edge("d_gather", "sum")));
    RunResult r = runtime(reg).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    List<Integer> expected = java.util.stream.IntStream.range(0, 25).map(i -> i * 2).boxed().toList();
    assertThat(r.context().get("doubled")).isEqualTo(expected);
    assertThat(r.output("sum")).isEqualTo(expected);
  }

  @Test
  void subflowMapsInputsAndOutputs() {
    NodeRegistry reg = registry().register("add", ctx -> NodeResult.of(
        ((Number) ctx.context().get("a")).intValue() + ((Number) ctx.context().get("b")).intValue())).build();
    Blueprint math = bp("math", List.of(node("add", "add")), List.of());
    runtime(reg, math);
    Blueprint parent = bp("parent",
        List.of(node("prep", "echo", Map.of("value", 1)),
            node("run-math", "subflow", Map.of("blueprintId", "math", "inputs", Map.of("a", "val1", "b", "val2"),
                "outputs", Map.of("sum", "add"))),
            node("report", "echo").withInputs(InputMapping.key("sum"))),
        List.of(edge("prep", "run-math"), edge("run-math", "report")));
    RunResult r = runtime.run(parent, Map.of("val1", 40, "val2", 2));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.context()).containsEntry("sum", 42);
    assertThat(r.output("report")).isEqualTo(42);
  }

  @Test
  void sleepAwaitsThenSchedulerResumesWithPassThroughOutput() {
    Blueprint b = bp("sleepy",
        List.of(node("start", "echo", Map.of("value", 42)), node("cooldown", "sleep", Map.of("duration", 200)),
            node("after", "echo")),
        List.of(edge("start", "cooldown"), edge("cooldown", "after")));
    FlowRuntime rt = runtime(registry().build());
    RunResult first = rt.run(b);
    assertThat(first.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(first.awaiting()).containsExactly("cooldown");
    RunResult done = rt.awaitFinal(first.runId(), settleTimeout());
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.output("after")).isEqualTo(42);
  }

  @Test
  void resumeRoutesByAction() {
    Blueprint b = bp("approval",
        List.of(node("submit", "echo", Map.of("value", "req")), node("approval", "wait"),
            node("approved", "echo"), node("rejected", "echo")),
        List.of(edge("submit", "approval"), edge("approval", "approved").withAction("approve"),
            edge("approval", "rejected").withAction("reject")));
    FlowRuntime rt = runtime(registry().build());
    RunResult waiting = rt.run(b);
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    assertThatThrownBy(() -> rt.resume(waiting.runId(), "approval", "maybe", null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("no edge with that action")
        .hasMessageContaining("approve");
    RunResult r = rt.resume(waiting.runId(), "approval", "reject", Map.of("by", "ann"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(order).contains("rejected").doesNotContain("approved");
    assertThat(r.output("rejected")).isEqualTo(Map.of("by", "ann"));
  }

  @Test
  void statusShowsWhatAnAwaitingRunWaitsFor() {
    Blueprint b = bp("waits",
        List.of(node("start", "echo", Map.of("value", 1)), node("nap", "sleep", Map.of("duration", "1h")),
            node("approval", "wait", Map.of("eventName", "approved"))),
        List.of(edge("start", "nap"), edge("start", "approval")));
    FlowRuntime rt = runtime(registry().build());
    RunResult r = rt.run(b, Map.of(), RunOptions.DEFAULT.withTimeout(settleTimeout()));
    assertThat(r.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(r.awaitingDetails()).containsOnlyKeys("nap", "approval");
    AwaitingNode nap = r.awaitingDetails().get("nap");
    assertThat(nap.reason()).isEqualTo("timer");
    assertThat(nap.wakeUpAt()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
    AwaitingNode approval = r.awaitingDetails().get("approval");
    assertThat(approval.reason()).isEqualTo("external_event");
    assertThat(approval.eventName()).isEqualTo("approved");
    assertThat(approval.since()).isNotNull();
    assertThat(rt.signal(r.runId(), "approved", "yes")).isEqualTo(1);
    assertThat(rt.signal(r.runId(), "approved", "again")).as("a duplicate event resumes nothing").isZero();
    assertThat(rt.cancel(r.runId())).isTrue();
    assertThat(rt.await(r.runId(), settleTimeout()).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void statusShowsTheAwaitedChildRunAndItsStatus() {
    Blueprint child = bp("child-waits", List.of(node("gate", "wait")), List.of());
    runtime(registry().build(), child);
    RunResult r = runtime.run(bp("parent-waits", List.of(node("call", "subflow", Map.of("blueprintId", "child-waits"))),
        List.of()), Map.of(), RunOptions.DEFAULT.withTimeout(settleTimeout()));
    assertThat(r.status()).isEqualTo(RunStatus.AWAITING);
    AwaitingNode call = r.awaitingDetails().get("call");
    assertThat(call.reason()).isEqualTo("subflow");
    assertThat(call.childRunId()).isEqualTo(r.runId() + "/call");
    assertThat(call.childStatus()).isEqualTo("awaiting");
    RunResult childRun = runtime.status(call.childRunId()).orElseThrow();
    assertThat(childRun.blueprintId()).isEqualTo("child-waits");
    assertThat(childRun.awaitingDetails().get("gate").reason()).isEqualTo("external_event");
  }

  @Test
  void resumingTwiceOrARunThatDoesNotWaitGivesClearErrors() {
    Blueprint b = bp("approval-twice",
        List.of(node("approval", "wait"), node("approved", "echo"), node("rejected", "echo")),
        List.of(edge("approval", "approved").withAction("approve"), edge("approval", "rejected").withAction("reject")));
    FlowRuntime rt = runtime(registry().build());
    RunResult waiting = rt.run(b, Map.of(), RunOptions.DEFAULT.withTimeout(settleTimeout()));
    rt.requestResume(waiting.runId(), null, "reject", null);
    // resumed but maybe not yet continued: a second resume is refused either way
    assertThatThrownBy(() -> rt.requestResume(waiting.runId(), null, "approve", null))
        .isInstanceOf(FlowcraftException.class)
        .satisfiesAnyOf(
            e -> assertThat(e).hasMessageContaining("already resumed with action 'reject'"),
            e -> assertThat(e).hasMessageContaining("already completed"));
    RunResult done = rt.await(waiting.runId(), settleTimeout());
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.nodes()).containsEntry("rejected", NodeStatus.COMPLETED).containsEntry("approved", NodeStatus.SKIPPED);
    assertThatThrownBy(() -> rt.requestResume(waiting.runId(), null, "approve", null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("already completed");
    assertThatThrownBy(() -> rt.requestResume("no-such-run", null, "approve", null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("not found");
  }

  @Test
  void unknownImplementationFailsWithClearMessage() {
    FlowRuntime rt = runtime(registry().build());
    assertThatThrownBy(() -> rt.run(bp("x", List.of(node("a", "nope")), List.of())))
        .hasMessageContaining("nope");
  }

  @Test
  void anyJoinConvergesExclusiveBranches() {
    Blueprint b = bp("any-join",
        List.of(node("decide", "act", Map.of("action", "R")), node("left", "echo", Map.of("value", "l")),
            node("right", "echo", Map.of("value", "r")),
            node("notify", "echo").withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY))),
        List.of(edge("decide", "left").withAction("L"), edge("decide", "right").withAction("R"), edge("left", "notify"),
            edge("right", "notify")));
    RunResult r = runtime(registry().build()).run(b);
    assertThat(r.output("notify")).isEqualTo("r");
    assertThat(calls.get("notify").get()).isEqualTo(1);
  }

  @Test
  void nestedSubflowsAwaitAndAResumeOfTheTopRunReachesTheInnermostWait() {
    Blueprint leaf = bp("leaf", List.of(node("ask", "wait"), node("answer", "echo")), List.of(edge("ask", "answer")));
    Blueprint middle = bp("middle", List.of(node("call-leaf", "subflow", Map.of("blueprintId", "leaf")),
        node("after-leaf", "echo")), List.of(edge("call-leaf", "after-leaf")));
    FlowRuntime rt = runtime(registry().build(), leaf, middle);
    Blueprint top = bp("top", List.of(node("call-middle", "subflow", Map.of("blueprintId", "middle")),
        node("end", "echo")), List.of(edge("call-middle", "end")));
    RunResult waiting = rt.run(top, Map.of(), RunOptions.DEFAULT.withTimeout(settleTimeout()));
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(waiting.awaiting()).containsExactly("call-middle");

    rt.requestResume(waiting.runId(), null, null, Map.of("answer", 42));
    RunResult done = rt.awaitFinal(waiting.runId(), settleTimeout());
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.output("end")).isEqualTo(Map.of("answer", 42));
  }

  @Test
  void failedSubflowFailsItsNodeThroughTheUsualFallbackPath() {
    Blueprint child = bp("broken", List.of(node("x", "boom")), List.of());
    runtime(registry().build(), child);
    Blueprint parent = bp("parent",
        List.of(node("call", "subflow", Map.of("blueprintId", "broken")).withConfig(NodeConfig.DEFAULT.withFallback("plan-b")),
            node("plan-b", "echo", Map.of("value", "recovered")), node("next", "echo")),
        List.of(edge("call", "next")));
    RunResult r = runtime.run(parent);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.nodes()).containsEntry("call", NodeStatus.FELL_BACK);
    assertThat(r.output("next")).isEqualTo("recovered");
    assertThat(r.context().get("_catch_error")).asString().contains("did not complete successfully");

    Blueprint noFallback = bp("parent2", List.of(node("call", "subflow", Map.of("blueprintId", "broken"))), List.of());
    RunResult failed = runtime.run(noFallback);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.errors().get(0).nodeId()).isEqualTo("call");
  }

  @Test
  void sleepWithFractionalMillisecondsIsAcceptedLikeTheValidatorSays() {
    Blueprint b = bp("frac", List.of(node("nap", "sleep", Map.of("duration", 20.5)), node("after", "echo", Map.of("value", 1))),
        List.of(edge("nap", "after")));
    FlowRuntime rt = runtime(registry().build());
    RunResult first = rt.run(b);
    assertThat(rt.awaitFinal(first.runId(), settleTimeout()).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void webhookDeliveryResumesTheWaitWithTheBody() {
    Blueprint b = bp("hook-demo",
        List.of(node("webhook_1", "webhook"), node("wait_for_webhook_1", "wait", Map.of("eventName", "webhook:webhook_1")),
            node("handle", "echo")),
        List.of(edge("webhook_1", "wait_for_webhook_1"), edge("wait_for_webhook_1", "handle")));
    FlowRuntime rt = runtime(registry().build());
    RunResult waiting = rt.run(b);
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    @SuppressWarnings("unchecked")
    Map<String, Object> hook = (Map<String, Object>) waiting.output("webhook_1");
    assertThat(hook.get("url")).asString().startsWith("http://127.0.0.1:8080/webhooks/").endsWith((String) hook.get("id"));
    assertThat(rt.deliverWebhook("no-such-id", Map.of())).isFalse();
    assertThat(rt.deliverWebhook((String) hook.get("id"), Map.of("paid", true))).isTrue();
    RunResult r = rt.awaitFinal(waiting.runId(), settleTimeout());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("handle")).isEqualTo(Map.of("paid", true));
  }
}
