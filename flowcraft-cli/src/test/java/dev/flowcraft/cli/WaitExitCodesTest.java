package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Hardening: --wait used to turn every error, "run not found" and interruption included, into exit 4. */
class WaitExitCodesTest {

  private final CountDownLatch release = new CountDownLatch(1);

  private FlowRuntime runtime() {
    return FlowRuntime.builder().registry(NodeRegistry.builder().register("block", ctx -> {
      release.await();
      return NodeResult.of(1);
    }).build()).build();
  }

  @Test
  void waitOnUnknownRunExitsNotFound() {
    try (FlowRuntime rt = runtime()) {
      CliException e = catchThrowableOfType(CliException.class,
          () -> RunLookup.await(rt, "no-such-run", Duration.ofSeconds(1), false));
      assertThat(e.exitCode()).isEqualTo(ExitCodes.INVALID);
      assertThat(e.getMessage()).contains("No run 'no-such-run'");
    }
  }

  @Test
  void waitOnARunThatDoesNotSettleExitsTimeout() {
    try (FlowRuntime rt = runtime()) {
      String id = rt.start(new Blueprint("slow", List.of(NodeDefinition.of("a", "block")), List.of()), Map.of(),
          dev.flowcraft.runtime.RunOptions.DEFAULT);
      CliException e = catchThrowableOfType(CliException.class,
          () -> RunLookup.await(rt, id, Duration.ofMillis(200), false));
      assertThat(e.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
      assertThat(e.getMessage()).contains("did not settle").contains("status running");
      release.countDown();
    }
  }

  @Test
  void interruptedWaitExitsInterrupted() {
    try (FlowRuntime rt = runtime()) {
      String id = rt.start(new Blueprint("slow", List.of(NodeDefinition.of("a", "block")), List.of()), Map.of(),
          dev.flowcraft.runtime.RunOptions.DEFAULT);
      Thread.currentThread().interrupt();
      CliException e = catchThrowableOfType(CliException.class,
          () -> RunLookup.await(rt, id, Duration.ofSeconds(5), false));
      Thread.interrupted();
      assertThat(e.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
      release.countDown();
    }
  }
}
