package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciler pages through the running runs until it has found {@code limit} stalled ones. It used to take
 * the 1,000 oldest running runs and apply the stall threshold afterwards, so healthy long runs (an old header,
 * recent node records) hid a stalled run behind them for ever.
 */
class ReconcilePagingTest {

  @Test
  void aStalledRunBehindMoreHealthyLongRunsThanOnePageIsReconciled() {
    Backends backends = Backends.inMemory(2, Clock.systemUTC());
    Blueprint bp = new Blueprint("paging", List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "b")));
    String ref = backends.blueprints().put(bp);
    Instant now = Instant.now();
    Instant base = now.minus(Duration.ofHours(2));
    int healthy = 1_200; // more than the pass's limit below, and than a page of the scan
    for (int i = 0; i < healthy; i++) {
      String id = String.format("healthy-%04d", i);
      RunRecord run = new RunRecord(id, bp.id(), ref, null, null, RunStatus.RUNNING, false, null, base, base.plusSeconds(i));
      assertThat(backends.runs().createRun(run, Map.of())).isTrue();
      // a long run making progress: its header is old, its last node record is recent
      backends.runs().commitNode(id, new NodeRecord("a", -1, "", NodeStatus.COMPLETED, "a", null, List.of("b"), null, 1,
          null, now.minusSeconds(5)), List.of());
    }
    // behind all of them in the index (a later header), and without progress for over an hour
    RunRecord stalled = new RunRecord("stalled", bp.id(), ref, null, null, RunStatus.RUNNING, false, null, base,
        base.plusSeconds(healthy + 100));
    assertThat(backends.runs().createRun(stalled, Map.of())).isTrue();
    // a run started a moment ago is neither stalled nor in the way
    assertThat(backends.runs().createRun(new RunRecord("fresh", bp.id(), ref, null, null, RunStatus.RUNNING, false, null,
        now, now), Map.of())).isTrue();

    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).startWorkers(false).checkUsesKeys(false).build()) {
      ReconciliationStats stats = rt.reconcileStalled(Duration.ofHours(1), 1_000);
      assertThat(stats.stalledRuns()).as("only the stalled run").isEqualTo(1);
      assertThat(stats.reconciledRuns()).isEqualTo(1);
      assertThat(rt.reconcile("stalled")).as("its start job was enqueued by the pass").contains("in flight");
    }
  }
}
