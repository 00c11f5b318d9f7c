package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A process that dies between a status transaction and its mirror batch leaves the header copy and the index
 * behind the status table. These tests simulate that by changing only the status row, and check the store
 * heals: stale index rows are skipped and removed, and a refused change of the final run rewrites the copy.
 */
@FlowcraftStackTest
class CassandraRunStateRepairIT {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static CqlSession session;
  private static CassandraOptions options;

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack);
    options = CassandraTestSession.sharedKeyspace(stack);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  /** What a crashed updateStatus leaves: the transaction applied, nothing else. */
  private void completeOnlyTheStatusRow(String runId, Instant at) {
    session.execute(SimpleStatement.newInstance("UPDATE " + CassandraSchema.table(options, options.statusTable())
        + " SET status = 'COMPLETED', reason = 'done', updated_at = ?, version = 1 WHERE run_id = ? IF version = 0",
        at, runId));
  }

  @Test
  void finishedRunsLeaveTheIndexAfterTheTtlAndStayInTheStatusTable() {
    CassandraRunStateStore store = new CassandraRunStateStore(session,
        options.toBuilder().finalIndexTtl(Duration.ofSeconds(1)).build());
    String id = "run-" + UUID.randomUUID();
    assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING,
        false, null, T0, T0), Map.of())).isTrue();
    assertThat(store.updateStatus(id, RunStatus.COMPLETED, null, T0.plusSeconds(1))).isTrue();
    assertThat(store.findByStatus(RunStatus.COMPLETED, 10_000)).extracting(RunRecord::runId).contains(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> store.findByStatus(RunStatus.COMPLETED, 10_000).stream()
        .noneMatch(r -> r.runId().equals(id)));
    assertThat(store.getRun(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void writesRightAfterCreateRunWinOverTheInitialContext() {
    // the initial context must not carry a write timestamp later than the writes that follow it
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    for (int i = 0; i < 50; i++) {
      String id = "run-" + UUID.randomUUID();
      assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING,
          false, null, T0, T0), Map.of("a", 1, "b", 1))).isTrue();
      store.patchContext(id, List.of(ContextOp.set("a", 2), ContextOp.delete("b")));
      assertThat(store.load(id).orElseThrow().context()).as("round %s", i).isEqualTo(Map.of("a", 2));
    }
  }

  @Test
  void aStartThatDiedAfterItsStatusTransactionIsShownAndItsRetryCompletesIt() {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    String id = "run-" + UUID.randomUUID();
    RunRecord header = new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false, null,
        T0, T0);
    // what a createRun that died after its transaction leaves: the status row, no header copy, no index row
    session.execute(SimpleStatement.newInstance("INSERT INTO " + CassandraSchema.table(options, options.statusTable())
        + " (run_id, blueprint_id, blueprint_ref, status, cancel_requested, created_at, updated_at, bucket, version,"
        + " base_timestamp) VALUES (?, 'bp', 'bp@1#0123456789abcdef', 'RUNNING', false, ?, ?, 0, 0, ?) IF NOT EXISTS",
        id, T0, T0, Cql.nowMicros()));
    assertThat(store.load(id)).as("no records").isEmpty();

    // status shows it (it used to say there is no such run)
    dev.flowcraft.runtime.Backends memory = dev.flowcraft.runtime.Backends.inMemory(1, java.time.Clock.systemUTC());
    try (dev.flowcraft.runtime.FlowRuntime rt = dev.flowcraft.runtime.FlowRuntime.builder()
        .backends(new dev.flowcraft.runtime.Backends(store, memory.coordination(), memory.queue(), memory.timers(),
            memory.blueprints()))
        .startWorkers(false).build()) {
      assertThat(rt.status(id)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING));
    }

    // the start retried with the same id completes it: records written, the run found by status
    assertThat(store.createRun(header, Map.of("input", 1))).isTrue();
    assertThat(store.load(id).orElseThrow().context()).isEqualTo(Map.of("input", 1));
    assertThat(store.load(id).orElseThrow().run()).isEqualTo(store.getRun(id).orElseThrow());
    assertThat(store.findByStatus(RunStatus.RUNNING, 10_000)).extracting(RunRecord::runId).contains(id);
    // from then on a retry is an ordinary duplicate, and another blueprint under the id is refused
    assertThat(store.createRun(header, Map.of("input", 2))).isFalse();
    assertThat(store.load(id).orElseThrow().context()).isEqualTo(Map.of("input", 1));
  }

  @Test
  void aCreateRunOfAnotherBlueprintUnderTheIdOfAnUnfinishedStartIsRefused() {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    String id = "run-" + UUID.randomUUID();
    session.execute(SimpleStatement.newInstance("INSERT INTO " + CassandraSchema.table(options, options.statusTable())
        + " (run_id, blueprint_id, blueprint_ref, status, cancel_requested, created_at, updated_at, bucket, version,"
        + " base_timestamp) VALUES (?, 'bp', 'bp@1#0123456789abcdef', 'RUNNING', false, ?, ?, 0, 0, ?) IF NOT EXISTS",
        id, T0, T0, Cql.nowMicros()));
    assertThat(store.createRun(new RunRecord(id, "other", "other@1#0123456789abcdef", null, null, RunStatus.RUNNING,
        false, null, T0, T0), Map.of())).isFalse();
    assertThat(store.load(id)).isEmpty();
  }

  @Test
  void aCrashBetweenTransactionAndMirrorIsHealed() {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    String id = "run-" + UUID.randomUUID();
    assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING,
        false, null, T0, T0), Map.of("a", 1))).isTrue();
    completeOnlyTheStatusRow(id, T0.plusSeconds(1));

    assertThat(store.getRun(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.load(id).orElseThrow().run().status()).as("the copy is behind").isEqualTo(RunStatus.RUNNING);
    assertThat(store.findByStatus(RunStatus.RUNNING, 10_000)).extracting(RunRecord::runId)
        .as("a stale index row is skipped").doesNotContain(id);

    // the engine (or a sweeper) tries to finish the run again: refused, and the copy is healed
    assertThat(store.updateStatus(id, RunStatus.FAILED, "late", T0.plusSeconds(2))).isFalse();
    RunRecord truth = store.getRun(id).orElseThrow();
    assertThat(truth.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.load(id).orElseThrow().run()).isEqualTo(truth);
    assertThat(store.findByStatus(RunStatus.COMPLETED, 10_000)).extracting(RunRecord::runId).contains(id);
    assertThat(store.findByStatus(RunStatus.RUNNING, 10_000)).extracting(RunRecord::runId).doesNotContain(id);
  }
}
