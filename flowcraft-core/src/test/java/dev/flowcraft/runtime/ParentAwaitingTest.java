package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 7: a parent run is {@code awaiting} only when all its work waits. It used to be marked
 * awaiting as soon as a child subflow awaited, while another branch of the parent still ran, so {@code await}
 * returned early and the reconciler stopped watching the parent.
 */
class ParentAwaitingTest {

  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch releaseSlow = new CountDownLatch(1);

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .register("slow", ctx -> {
          slowStarted.countDown();
          releaseSlow.await(10, TimeUnit.SECONDS);
          return NodeResult.of(ctx.nodeId());
        })
        .build();
  }

  @Test
  void defect7_aParentWithABranchStillRunningIsNotAwaitingWhenItsChildAwaits() throws Exception {
    Blueprint child = new Blueprint("child-waits", List.of(NodeDefinition.of("gate", "wait")), List.of());
    Blueprint parent = new Blueprint("parent",
        List.of(NodeDefinition.of("s", "step"),
            NodeDefinition.of("call", "subflow").withParams(Map.of("blueprintId", "child-waits")),
            NodeDefinition.of("slow", "slow")),
        List.of(EdgeDefinition.of("s", "call"), EdgeDefinition.of("s", "slow")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).blueprints(List.of(child)).build()) {
      String runId = rt.start(parent, Map.of(), RunOptions.withRunId("parent-with-branch"));
      assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
      String childRunId = runId + "/call";
      await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(childRunId)
          .map(r -> r.status() == RunStatus.AWAITING).orElse(false));
      Thread.sleep(200); // give a wrong status change time to land

      assertThat(rt.status(runId).orElseThrow().status()).as("slow still runs").isEqualTo(RunStatus.RUNNING);

      releaseSlow.countDown();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(rt.status(runId).orElseThrow().status()).as("only the child's wait is left")
              .isEqualTo(RunStatus.AWAITING));
      assertThat(rt.status(runId).orElseThrow().ran("slow")).isTrue();

      // and the child's resume finishes both
      rt.resume(childRunId, "gate", null, "ok");
      assertThat(rt.await(runId, Duration.ofSeconds(5)).status()).isEqualTo(RunStatus.COMPLETED);
    }
  }
}
