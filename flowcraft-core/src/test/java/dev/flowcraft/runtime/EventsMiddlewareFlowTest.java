package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.BaseNode;
import dev.flowcraft.api.Flow;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.Middleware;
import dev.flowcraft.api.NodeContext;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EventsMiddlewareFlowTest {

  @Test
  void eventsCarryTheRunIdAndComeInOrder() {
    List<FlowcraftEvent> events = Collections.synchronizedList(new ArrayList<>());
    Flow flow = Flow.create("ev")
        .node("a", ctx -> NodeResult.of(1))
        .node("b", ctx -> NodeResult.of(2))
        .edge("a", "b", e -> e.withCondition("a == 1"));
    try (FlowRuntime rt = FlowRuntime.builder().registry(flow.registry()).eventBus(events::add).build()) {
      RunResult r = rt.run(flow.toBlueprint());
      // job events may still arrive from the worker thread: iterate a copy taken under the list's lock
      List<FlowcraftEvent> seen;
      synchronized (events) {
        seen = List.copyOf(events);
      }
      List<String> types = seen.stream().map(FlowcraftEvent::type).filter(t -> !t.startsWith("job:")).toList();
      assertThat(types).startsWith("workflow:start").endsWith("workflow:finish");
      assertThat(types).containsSubsequence("node:start", "edge:evaluate", "node:finish", "node:start", "node:finish",
          "workflow:finish");
      assertThat(seen).allSatisfy(e -> assertThat(e.runId()).isEqualTo(r.runId()));
      FlowcraftEvent.WorkflowFinish fin = (FlowcraftEvent.WorkflowFinish) seen.stream()
          .filter(e -> e instanceof FlowcraftEvent.WorkflowFinish).findFirst().orElseThrow();
      assertThat(fin.status()).isEqualTo("completed");
    }
  }

  @Test
  void throwingListenerDoesNotFailTheRun() {
    Flow flow = Flow.create("ev2").node("a", ctx -> NodeResult.of(1));
    try (FlowRuntime rt = FlowRuntime.builder().registry(flow.registry()).eventBus(e -> {
      throw new IllegalStateException("listener bug");
    }).build()) {
      assertThat(rt.run(flow.toBlueprint()).status()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void middlewareNestsAndAroundCanReplaceTheResult() {
    List<String> trace = Collections.synchronizedList(new ArrayList<>());
    Middleware outer = new Middleware() {
      @Override
      public NodeResult aroundNode(NodeContext ctx, Next next) throws Exception {
        trace.add("outer>");
        NodeResult r = next.proceed();
        trace.add("<outer");
        return NodeResult.of(r.output() + "!");
      }
    };
    Middleware inner = new Middleware() {
      @Override
      public void beforeNode(NodeContext ctx) {
        trace.add("before");
      }

      @Override
      public void afterNode(NodeContext ctx, NodeResult result, Throwable error) {
        trace.add("after:" + (result == null ? "error" : result.output()));
      }

      @Override
      public NodeResult aroundNode(NodeContext ctx, Next next) throws Exception {
        trace.add("inner>");
        NodeResult r = next.proceed();
        trace.add("<inner");
        return r;
      }
    };
    Flow flow = Flow.create("mw").node("a", ctx -> NodeResult.of("x"));
    try (FlowRuntime rt = FlowRuntime.builder().registry(flow.registry()).middleware(outer).middleware(inner).build()) {
      RunResult r = rt.run(flow.toBlueprint());
      assertThat(r.output("a")).isEqualTo("x!");
      assertThat(trace).containsExactly("outer>", "inner>", "before", "after:x", "<inner", "<outer");
    }
  }

  @Test
  void middlewareCanShortCircuit() {
    Middleware cache = new Middleware() {
      @Override
      public NodeResult aroundNode(NodeContext ctx, Next next) {
        return NodeResult.of("from-cache");
      }
    };
    Flow flow = Flow.create("sc").node("a", ctx -> {
      throw new IllegalStateException("must not run");
    });
    try (FlowRuntime rt = FlowRuntime.builder().registry(flow.registry()).middleware(cache).build()) {
      assertThat(rt.run(flow.toBlueprint()).output("a")).isEqualTo("from-cache");
    }
  }

  static final class Shout extends BaseNode {
    static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Object prep(NodeContext ctx) {
      CALLS.add("prep");
      return String.valueOf(ctx.input());
    }

    @Override
    public Object exec(Object prepResult, NodeContext ctx) {
      CALLS.add("exec");
      if ("fail".equals(prepResult)) {
        throw new IllegalArgumentException("bad");
      }
      return ((String) prepResult).toUpperCase();
    }

    @Override
    public Object fallback(Exception error, NodeContext ctx) {
      CALLS.add("fallback");
      return "rescued";
    }

    @Override
    public void recover(Exception error, NodeContext ctx) {
      CALLS.add("recover");
    }
  }

  @Test
  void classNodeLifecycleWithFallbackAndRecover() {
    Flow flow = Flow.create("cls").node("in", ctx -> NodeResult.of("fail")).classNode("shout", Shout::new)
        .edge("in", "shout");
    Shout.CALLS.clear();
    RunResult r = flow.run(Map.of());
    assertThat(r.output("shout")).isEqualTo("rescued");
    assertThat(Shout.CALLS).containsExactly("prep", "exec", "fallback", "recover");
  }

  @Test
  void asyncNodesAndBuilderLoopAndBatch() {
    Flow flow = Flow.create("built")
        .node("init", ctx -> {
          ctx.context().set("n", 0);
          return NodeResult.of(List.of(1, 2, 3, 4));
        })
        .asyncNode("tick", ctx -> CompletableFuture.supplyAsync(() -> {
          int n = ((Number) ctx.context().get("n")).intValue() + 1;
          ctx.context().set("n", n);
          return NodeResult.of(n);
        }))
        .loop("again", "tick", "tick", "n < 3")
        .batch("sq", ctx -> NodeResult.of(((Number) ctx.input()).intValue() * ((Number) ctx.input()).intValue()),
            "init", "squares", 3)
        .node("done", ctx -> NodeResult.of(ctx.context().get("squares")))
        .edge("init", "again")
        // A break edge delivers the loop's last output unless it says otherwise; "input" here is the value
        // of the scatter's own inputs key ("init"), as in Flowcraft's transform rule.
        .edge("again", "sq", e -> e.withTransform("input"))
        .edge("sq", "done");
    Blueprint bp = flow.toBlueprint();
    assertThat(bp.edges()).anySatisfy(e -> {
      assertThat(e.source()).isEqualTo("again");
      assertThat(e.target()).isEqualTo("sq_scatter");
      assertThat(e.action()).isEqualTo("break");
    });
    RunResult r = flow.run(Map.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.context()).containsEntry("n", 3);
    assertThat(r.output("done")).isEqualTo(List.of(1, 4, 9, 16));
  }
}
