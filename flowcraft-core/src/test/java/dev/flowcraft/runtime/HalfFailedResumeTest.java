package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 2: a resume that stored its decision and then failed before the wake-up was enqueued (a Kafka
 * or Redis error, the client killed) left the run awaiting for ever: every retry answered "already resumed".
 * A retry with the same action now completes it; another action is still refused.
 */
class HalfFailedResumeTest {

  @Test
  void aRetryWithTheSameActionCompletesAResumeThatFailedHalfWay() {
    Backends memory = Backends.inMemory(2, Clock.systemUTC());
    AtomicBoolean failNextWake = new AtomicBoolean(true);
    JobQueue flaky = new JobQueue() {
      @Override
      public void enqueue(Job job) {
        if (job.kind() == JobKind.WAKE && failNextWake.compareAndSet(true, false)) {
          throw new IllegalStateException("broker unavailable (injected)");
        }
        memory.queue().enqueue(job);
      }

      @Override
      public AutoCloseable subscribe(JobHandler handler) {
        return memory.queue().subscribe(handler);
      }
    };
    Backends backends = new Backends(memory.runs(), memory.coordination(), flaky, memory.timers(), memory.blueprints());
    NodeRegistry registry = NodeRegistry.builder().register("echo", ctx -> NodeResult.of(ctx.nodeId())).build();
    Blueprint bp = new Blueprint("approval", List.of(NodeDefinition.of("approval", "wait"),
        NodeDefinition.of("approved", "echo"), NodeDefinition.of("rejected", "echo")),
        List.of(EdgeDefinition.of("approval", "approved").withAction("approve"),
            EdgeDefinition.of("approval", "rejected").withAction("reject")));
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.withRunId("half-resumed"));
      assertThat(rt.await(runId, Duration.ofSeconds(5)).status()).isEqualTo(RunStatus.AWAITING);

      assertThatThrownBy(() -> rt.requestResume(runId, "approval", "reject", Map.of("by", "ann")))
          .hasMessageContaining("injected");
      // the decision is stored, the wake-up never sent: nothing would move the run
      assertThat(rt.status(runId).orElseThrow().ran("rejected")).isFalse();
      // another decision is refused, the same one completes the resume
      assertThatThrownBy(() -> rt.requestResume(runId, "approval", "approve", null))
          .isInstanceOf(FlowcraftException.class).hasMessageContaining("already resumed with action 'reject'");
      rt.requestResume(runId, "approval", "reject", Map.of("by", "ann"));

      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.nodes()).containsEntry("rejected", NodeStatus.COMPLETED).containsEntry("approved", NodeStatus.SKIPPED);
    }
  }
}
