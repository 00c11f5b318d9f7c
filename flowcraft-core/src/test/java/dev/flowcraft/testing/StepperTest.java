package dev.flowcraft.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stepper runs one node instance per step; tests look at the context in between. */
class StepperTest {

  private static FlowRuntime.Builder builder() {
    return FlowRuntime.builder().registry(NodeRegistry.builder()
        .register("echo", ctx -> NodeResult.of(ctx.params().getOrDefault("value", ctx.input())))
        .register("inc", ctx -> NodeResult.of(((Number) ctx.input()).intValue() + 1))
        .build());
  }

  private static final Blueprint CHAIN = new Blueprint("chain",
      List.of(NodeDefinition.of("a", "echo").withParams(Map.of("value", 1)), NodeDefinition.of("b", "inc"),
          NodeDefinition.of("c", "inc")),
      List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "c")));

  @Test
  void nextRunsOneNodeAtATimeUntilDone() {
    try (Stepper stepper = Stepper.start(builder(), CHAIN, Map.of())) {
      assertThat(stepper.pending()).extracting(Job::nodeId).containsExactly("a");
      StepResult first = stepper.next();
      assertThat(first.number()).isEqualTo(1);
      assertThat(first.job().nodeId()).isEqualTo("a");
      assertThat(first.after().context()).containsEntry("_outputs.a", 1).doesNotContainKey("_outputs.b");
      assertThat(first.after().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(stepper.isDone()).isFalse();
      assertThat(stepper.next().after().output("b")).isEqualTo(2);
      StepResult last = stepper.next();
      assertThat(last.after().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(last.after().output("c")).isEqualTo(3);
      assertThat(stepper.isDone()).isTrue();
      assertThatThrownBy(stepper::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
    }
  }

  @Test
  void prevGoesBackOneStepAndResetStartsOver() {
    try (Stepper stepper = Stepper.start(builder(), CHAIN, Map.of())) {
      stepper.next();
      stepper.next();
      RunResult back = stepper.prev();
      assertThat(stepper.steps()).isEqualTo(1);
      assertThat(back.context()).containsEntry("_outputs.a", 1).doesNotContainKey("_outputs.b");
      assertThat(stepper.pending()).extracting(Job::nodeId).containsExactly("b");
      assertThat(stepper.next().job().nodeId()).isEqualTo("b");
      stepper.reset();
      assertThat(stepper.steps()).isZero();
      assertThat(stepper.state().context()).doesNotContainKey("_outputs.a");
      assertThat(stepper.runToEnd().output("c")).isEqualTo(3);
      stepper.reset();
      assertThatThrownBy(stepper::prev).isInstanceOf(IllegalStateException.class).hasMessageContaining("at its start");
    }
  }

  @Test
  void parallelBranchesAreSeparateStepsInQueueOrder() {
    Blueprint fork = new Blueprint("fork",
        List.of(NodeDefinition.of("s", "echo").withParams(Map.of("value", 0)), NodeDefinition.of("x", "inc"),
            NodeDefinition.of("y", "inc"), NodeDefinition.of("j", "echo")),
        List.of(EdgeDefinition.of("s", "x"), EdgeDefinition.of("s", "y"), EdgeDefinition.of("x", "j"),
            EdgeDefinition.of("y", "j")));
    try (Stepper stepper = Stepper.start(builder(), fork, Map.of())) {
      stepper.next();
      assertThat(stepper.pending()).extracting(Job::nodeId).containsExactly("x", "y");
      stepper.next();
      assertThat(stepper.pending()).extracting(Job::nodeId).containsExactly("y");
      stepper.next();
      assertThat(stepper.pending()).extracting(Job::nodeId).containsExactly("j");
      assertThat(stepper.runToEnd().status()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void anAwaitingNodeStopsTheStepsUntilResumedAndPrevRepeatsTheResume() {
    Blueprint hitl = new Blueprint("hitl",
        List.of(NodeDefinition.of("w", "wait"), NodeDefinition.of("ok", "echo").withParams(Map.of("value", "yes")),
            NodeDefinition.of("no", "echo").withParams(Map.of("value", "no"))),
        List.of(EdgeDefinition.of("w", "ok").withAction("approve"), EdgeDefinition.of("w", "no").withAction("deny")));
    try (Stepper stepper = Stepper.start(builder(), hitl, Map.of())) {
      assertThat(stepper.next().after().status()).isEqualTo(RunStatus.AWAITING);
      assertThat(stepper.isDone()).isFalse();
      assertThatThrownBy(stepper::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("awaiting [w]");
      stepper.resume("w", "approve", "granted");
      assertThat(stepper.next().after().output("w")).isEqualTo("granted");
      stepper.next();
      assertThat(stepper.isDone()).isTrue();
      assertThat(stepper.state().output("ok")).isEqualTo("yes");
      RunResult back = stepper.prev();
      assertThat(back.output("w")).isEqualTo("granted");
      assertThat(back.context()).doesNotContainKey("_outputs.ok");
      assertThat(stepper.next().job().nodeId()).isEqualTo("ok");
    }
  }
}
