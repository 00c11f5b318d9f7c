package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client runtime (no workers) and worker runtimes sharing one set of backends. */
class ClientModeTest {

  private final Blueprint blueprint = new Blueprint("greet",
      List.of(NodeDefinition.of("hello", "hello"), NodeDefinition.of("shout", "shout")),
      List.of(EdgeDefinition.of("hello", "shout")));

  private final NodeRegistry registry = NodeRegistry.builder()
      .register("hello", ctx -> NodeResult.of("hello " + ctx.context().get("name")))
      .register("shout", ctx -> NodeResult.of(String.valueOf(ctx.input()).toUpperCase()))
      .build();

  @Test
  void aClientSubmitsAndAwaitsWhileTheWorkerRuns() {
    Backends shared = Backends.inMemory(2, Clock.systemUTC());
    try (FlowRuntime client = FlowRuntime.builder().backends(shared).startWorkers(false).checkUsesKeys(false).build()) {
      String runId = client.start(blueprint, Map.of("name", "ann"), RunOptions.withRunId("run-1"));
      // nothing runs without a worker
      assertThat(client.status(runId)).get().extracting(RunResult::status).isEqualTo(RunStatus.RUNNING);
      try (FlowRuntime worker = FlowRuntime.builder().backends(shared).registry(registry).build()) {
        RunResult r = client.await(runId, Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.output("shout")).isEqualTo("HELLO ANN");
        // the same run id again is the same run, not a second one
        assertThat(client.start(blueprint, Map.of("name", "bob"), RunOptions.withRunId("run-1"))).isEqualTo("run-1");
        assertThat(client.await("run-1", Duration.ofSeconds(5)).output("shout")).isEqualTo("HELLO ANN");
      }
    }
  }

  @Test
  void aCancelFromTheClientReachesTheNodeRunningInTheWorker() {
    Backends shared = Backends.inMemory(2, Clock.systemUTC());
    NodeRegistry blocking = NodeRegistry.builder()
        .register("block", ctx -> {
          while (!ctx.signal().isCancelled()) {
            Thread.sleep(5);
          }
          ctx.signal().throwIfCancelled();
          return NodeResult.of("never");
        }).build();
    Blueprint b = new Blueprint("blocking", List.of(NodeDefinition.of("b", "block")), List.of());
    try (FlowRuntime worker = FlowRuntime.builder().backends(shared).registry(blocking).build();
        FlowRuntime client = FlowRuntime.builder().backends(shared).startWorkers(false).registry(blocking).build()) {
      String runId = client.start(b, Map.of(), RunOptions.DEFAULT);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> shared.coordination().workCount("flowcraft:work:" + runId) == 1);
      assertThat(client.cancel(runId)).isTrue();
      RunResult r = client.await(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void aClientThatChecksUsesKeysRejectsUnknownOnes() {
    try (FlowRuntime client = FlowRuntime.builder().startWorkers(false).build()) {
      assertThatThrownBy(() -> client.start(blueprint, Map.of(), RunOptions.DEFAULT))
          .hasMessageContaining("hello");
    }
  }

  @Test
  void anOversizedInitialContextIsRefusedWithTheLimit() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry).maxPayloadBytes(1000).build()) {
      assertThatThrownBy(() -> rt.start(blueprint, Map.of("name", "x".repeat(2000)), RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit is 1000")
          .hasMessageContaining("maxPayloadBytes");
      assertThat(rt.run(blueprint, Map.of("name", "y")).output("shout")).isEqualTo("HELLO Y");
    }
  }
}
