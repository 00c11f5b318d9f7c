package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention on Cassandra beyond the shared contract: a deleted run leaves no row in any table, index rows
 * without a run (an interrupted deletion, an earlier run of a reused id) are skipped, removed and do not shorten
 * a page, and a run whose final mirror was lost by a crash is still found and deleted.
 */
@FlowcraftStackTest
class CassandraRetentionIT {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static CqlSession session;
  private static CassandraOptions options;
  private CassandraRunStateStore store;

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

  @BeforeEach
  void emptyIndex() {
    CassandraTestSession.truncate(session, options, options.statusIndexTable());
    store = new CassandraRunStateStore(session, options);
  }

  private static String newId() {
    return "run-" + UUID.randomUUID();
  }

  private String finished(RunStatus status, Instant at) {
    String id = newId();
    assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false,
        null, T0, T0), Map.of("input", 1))).isTrue();
    store.commitNode(id, new NodeRecord("a", -1, "", NodeStatus.COMPLETED, "out", null, List.of(), null, 1, Map.of(), T0),
        List.of(ContextOp.set("a", "out")));
    assertThat(store.updateStatus(id, status, null, at)).isTrue();
    return id;
  }

  private List<Row> rows(String table, String where, Object... values) {
    return session.execute(SimpleStatement.newInstance("SELECT * FROM " + CassandraSchema.table(options, table)
        + " WHERE " + where, values)).all();
  }

  /** Index rows of the run in any status and period: a whole-table scan, which a test's keyspace can afford. */
  private int indexRowsOf(String runId) {
    int n = 0;
    for (Row r : session.execute(SimpleStatement.newInstance("SELECT run_id FROM "
        + CassandraSchema.table(options, options.statusIndexTable())))) {
      n += runId.equals(r.getString("run_id")) ? 1 : 0;
    }
    return n;
  }

  /** An index row and its period's entry, as if written by an earlier version or run. */
  private void insertIndexRow(RunStatus status, Instant updatedAt, String runId) {
    long period = Math.floorDiv(updatedAt.toEpochMilli(), options.statusPeriod().toMillis());
    int bucket = Cql.bucket(runId, options.statusBuckets());
    session.execute(SimpleStatement.newInstance("INSERT INTO " + CassandraSchema.table(options, options.statusIndexTable())
        + " (status, bucket, period, updated_at, run_id) VALUES (?, ?, ?, ?, ?)", status.name(), bucket, period,
        updatedAt, runId));
    session.execute(SimpleStatement.newInstance("INSERT INTO " + CassandraSchema.table(options, options.statusPeriodsTable())
        + " (status, bucket, period) VALUES (?, ?, ?)", status.name(), bucket, period));
  }

  @Test
  void aDeletedRunLeavesNoRowInAnyTable() {
    String id = finished(RunStatus.COMPLETED, T0.plusSeconds(5));
    assertThat(rows(options.contextTable(), "run_id = ?", id)).as("input, a, the record of a").hasSize(3);
    assertThat(indexRowsOf(id)).isEqualTo(1);

    assertThat(store.deleteRun(id)).isTrue();
    assertThat(rows(options.contextTable(), "run_id = ?", id)).as("context partition").isEmpty();
    assertThat(rows(options.statusTable(), "run_id = ?", id)).as("status row").isEmpty();
    assertThat(indexRowsOf(id)).as("index rows").isZero();

    // a late refused status change (the engine's resync of a final run) cannot bring it back
    assertThat(store.updateStatus(id, RunStatus.FAILED, "late", T0.plusSeconds(6))).isFalse();
    assertThat(rows(options.contextTable(), "run_id = ?", id)).isEmpty();
    assertThat(indexRowsOf(id)).isZero();
  }

  @Test
  void indexRowsWithoutTheirRunAreSkippedAndRemovedWithoutShorteningThePage() {
    List<String> orphans = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String orphan = newId(); // an interrupted deletion, or a run purged by hand
      insertIndexRow(RunStatus.COMPLETED, T0.plusMillis(i), orphan);
      orphans.add(orphan);
    }
    String a = finished(RunStatus.FAILED, T0.plusSeconds(10));
    String b = finished(RunStatus.COMPLETED, T0.plusSeconds(11));
    String c = finished(RunStatus.CANCELLED, T0.plusSeconds(12));

    assertThat(store.findFinished(T0.plusSeconds(100), null, 2)).extracting(RunRecord::runId).containsExactly(a, b);
    for (String orphan : orphans) {
      assertThat(indexRowsOf(orphan)).as("removed").isZero();
    }
    assertThat(store.findFinished(T0.plusSeconds(100), null, 10)).extracting(RunRecord::runId).containsExactly(a, b, c);
  }

  @Test
  void anIndexRowOfAnEarlierRunOfTheSameIdIsNotTakenForTheCurrentRun() {
    String id = finished(RunStatus.COMPLETED, T0.plusSeconds(5));
    assertThat(store.deleteRun(id)).isTrue();
    assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false,
        null, T0.plusSeconds(50), T0.plusSeconds(50)), Map.of())).isTrue();
    insertIndexRow(RunStatus.COMPLETED, T0.plusSeconds(5), id); // as if the first run's row had survived

    assertThat(store.findFinished(T0.plusSeconds(100), null, 10)).isEmpty();
    assertThat(store.deleteRun(id)).as("running").isFalse();
    assertThat(store.findByStatus(RunStatus.RUNNING, 10)).extracting(RunRecord::runId).containsExactly(id);
    assertThat(store.load(id)).isPresent();
  }

  @Test
  void aRunWhoseFinalMirrorWasLostIsStillFoundAndDeleted() {
    String id = newId();
    assertThat(store.createRun(new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false,
        null, T0, T0), Map.of("a", 1))).isTrue();
    // a crash between the final status transaction and its mirror batch: the index still says RUNNING
    session.execute(SimpleStatement.newInstance("UPDATE " + CassandraSchema.table(options, options.statusTable())
        + " SET status = 'COMPLETED', updated_at = ?, version = 1 WHERE run_id = ? IF version = 0", T0.plusSeconds(1), id));
    assertThat(store.findFinished(T0.plusSeconds(100), null, 10)).isEmpty();

    // the workers' reconciliation pass scans the running runs: it meets the stale row and repairs the index
    assertThat(store.findByStatus(RunStatus.RUNNING, 10)).isEmpty();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> // the repair is sent without waiting for it
        assertThat(store.findFinished(T0.plusSeconds(100), null, 10)).extracting(RunRecord::runId).containsExactly(id));
    assertThat(store.deleteRun(id)).isTrue();
    assertThat(rows(options.contextTable(), "run_id = ?", id)).isEmpty();
    assertThat(indexRowsOf(id)).isZero();
  }

  @Test
  void aCutoffBetweenMillisecondsCountsLikeInMemory() {
    String id = finished(RunStatus.COMPLETED, T0.plusSeconds(5));
    assertThat(store.findFinished(T0.plusSeconds(5).plusNanos(500_000), null, 10)).extracting(RunRecord::runId)
        .containsExactly(id);
    assertThat(store.findFinished(T0.plusSeconds(5), null, 10)).isEmpty();
  }
}
