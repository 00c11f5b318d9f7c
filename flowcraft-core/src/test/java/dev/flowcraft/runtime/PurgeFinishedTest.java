package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention in memory: {@link FlowRuntime#purgeFinished} deletes old finished runs and never a live one. */
class PurgeFinishedTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    volatile Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Blueprint one(String id, String uses) {
    return new Blueprint(id, List.of(NodeDefinition.of("n", uses)), List.of());
  }

  @Test
  void deletesFinishedRunsOlderThanTheCutoffOldestFirstAndNeverLiveOnes() {
    TestClock clock = new TestClock();
    Backends backends = Backends.inMemory(2, clock);
    NodeRegistry registry = NodeRegistry.builder()
        .register("ok", ctx -> NodeResult.of("fine"))
        .register("boom", ctx -> {
          throw new IllegalStateException("boom");
        })
        .build();
    Blueprint waits = new Blueprint("waits", List.of(NodeDefinition.of("w", "wait"), NodeDefinition.of("after", "ok")),
        List.of(EdgeDefinition.of("w", "after")));
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).clock(clock).build()) {
      String failed = rt.run(one("bad", "boom"), Map.of(), RunOptions.withRunId("failed")).runId();
      clock.now = T0.plusSeconds(1);
      String completed = rt.run(one("good", "ok"), Map.of(), RunOptions.withRunId("completed")).runId();
      clock.now = T0.plusSeconds(2);
      String cancelled = rt.run(waits, Map.of(), RunOptions.withRunId("cancelled")).runId();
      assertThat(rt.cancel(cancelled)).isTrue();
      String awaiting = rt.run(waits, Map.of(), RunOptions.withRunId("awaiting")).runId();
      assertThat(rt.status(failed).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
      assertThat(rt.status(completed).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(rt.status(cancelled).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(rt.status(awaiting).orElseThrow().status()).isEqualTo(RunStatus.AWAITING);
      // a timer left behind by a finished run (e.g. a crash between its final status and the timer cleanup)
      backends.timers().schedule(new Timer("leftover", T0.plus(Duration.ofDays(30)),
          new Job(JobKind.WAKE, completed, "n", "", -1, 1)));

      clock.now = T0.plus(Duration.ofDays(8));
      String recent = rt.run(one("good", "ok"), Map.of(), RunOptions.withRunId("recent")).runId();
      Instant cutoff = clock.now.minus(Duration.ofDays(7));

      PurgeStats preview = rt.previewPurge(cutoff, 100);
      assertThat(preview.matchedRuns()).isEqualTo(3);
      assertThat(preview.deletedRuns()).isZero();
      assertThat(preview.byStatus()).isEqualTo(Map.of(RunStatus.FAILED, 1, RunStatus.COMPLETED, 1, RunStatus.CANCELLED, 1));
      assertThat(preview.oldestFinishedAt()).isEqualTo(T0);
      assertThat(preview.newestFinishedAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(rt.status(failed)).as("a preview deletes nothing").isPresent();
      List<PurgeStats> progress = new java.util.ArrayList<>();
      assertThat(rt.previewPurge(cutoff, 100, progress::add)).isEqualTo(preview);
      assertThat(progress).as("one page").containsExactly(preview);

      PurgeStats first = rt.purgeFinished(cutoff, 2);
      assertThat(first.deletedRuns()).isEqualTo(2);
      assertThat(first.byStatus()).isEqualTo(Map.of(RunStatus.FAILED, 1, RunStatus.COMPLETED, 1));
      assertThat(rt.status(failed)).isEmpty();
      assertThat(rt.status(completed)).isEmpty();
      assertThat(backends.timers().due(T0.plus(Duration.ofDays(31)), 10)).as("the run's timers go with it").isEmpty();
      assertThat(rt.status(cancelled)).isPresent();

      PurgeStats rest = rt.purgeFinished(cutoff, 100);
      assertThat(rest.matchedRuns()).isEqualTo(1);
      assertThat(rest.deletedRuns()).isEqualTo(1);
      assertThat(rt.status(cancelled)).isEmpty();
      assertThat(rt.purgeFinished(cutoff, 100)).isEqualTo(PurgeStats.NONE);

      // the awaiting run, 8 days old, and the recent run stay; the awaiting one still resumes
      assertThat(rt.status(recent).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(rt.status(awaiting).orElseThrow().status()).isEqualTo(RunStatus.AWAITING);
      assertThat(rt.purgeFinished(clock.now.plusSeconds(1), 100).deletedRuns()).as("everything finished").isEqualTo(1);
      assertThat(rt.status(recent)).isEmpty();
      assertThat(rt.status(awaiting)).isPresent();
      assertThat(rt.resume(awaiting, "w", null, "go").status()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void statsAddUp() {
    PurgeStats a = new PurgeStats(2, 2, 0, Map.of(RunStatus.COMPLETED, 2), T0.plusSeconds(5), T0.plusSeconds(9));
    PurgeStats b = new PurgeStats(3, 1, 1, Map.of(RunStatus.COMPLETED, 1, RunStatus.FAILED, 2), T0, T0.plusSeconds(7));
    assertThat(a.plus(b)).isEqualTo(new PurgeStats(5, 3, 1, Map.of(RunStatus.COMPLETED, 3, RunStatus.FAILED, 2), T0,
        T0.plusSeconds(9)));
    assertThat(PurgeStats.NONE.plus(a)).isEqualTo(a);
    assertThat(a.plus(PurgeStats.NONE)).isEqualTo(a);
  }
}
