package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
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
import org.junit.jupiter.api.Test;

/**
 * The status index in periods: runs that moved on leave their sealed period out of every later scan (its entry in
 * the periods table is dropped once a scan finds it empty), a period that still holds a live run stays, and an
 * index row repaired into a period that was dropped is found again. One-second periods, one bucket and no
 * clock-skew allowance make a period seal within a second.
 */
@FlowcraftStackTest
class CassandraStatusPeriodsIT {

  private static CqlSession session;
  private static CassandraOptions options;

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack);
    String suffix = Long.toString(System.nanoTime(), 36);
    options = CassandraTestSession.sharedKeyspace(stack).toBuilder()
        .contextTable("sp_ctx_" + suffix).statusTable("sp_status_" + suffix)
        .statusIndexTable("sp_index_" + suffix).statusPeriodsTable("sp_periods_" + suffix)
        .statusBuckets(1).statusPeriod(Duration.ofSeconds(1)).clockSkew(Duration.ZERO)
        .build();
    CassandraSchema.create(session, options);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  private static RunRecord header(String id, RunStatus status, Instant at) {
    return new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, status, false, null, at, at);
  }

  private static String newRun(CassandraRunStateStore store, Instant at) {
    String id = "run-" + UUID.randomUUID();
    assertThat(store.createRun(header(id, RunStatus.RUNNING, at), Map.of())).isTrue();
    return id;
  }

  /** The periods the periods table lists for {@code status} (bucket 0). */
  private static List<Long> periodsOf(RunStatus status) {
    List<Long> out = new ArrayList<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT period FROM "
        + CassandraSchema.table(options, options.statusPeriodsTable()) + " WHERE status = ? AND bucket = 0",
        status.name()))) {
      out.add(row.getLong(0));
    }
    return out;
  }

  private static long periodOf(Instant t) {
    return Math.floorDiv(t.toEpochMilli(), 1000);
  }

  @Test
  void runsThatMovedOnLeaveTheirSealedPeriodOutOfLaterScansWhileAPeriodWithALiveRunStays() throws Exception {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    Instant start = Instant.now();
    String longRun = newRun(store, start);
    long longRunPeriod = periodOf(start);
    Thread.sleep(1_100);
    List<String> passing = new ArrayList<>();
    Instant passingAt = Instant.now();
    for (int i = 0; i < 200; i++) {
      passing.add(newRun(store, passingAt));
    }
    long passingPeriod = periodOf(passingAt);
    assertThat(periodsOf(RunStatus.RUNNING)).contains(longRunPeriod, passingPeriod);
    for (String id : passing) {
      assertThat(store.updateStatus(id, RunStatus.COMPLETED, null, Instant.now())).isTrue();
    }
    Thread.sleep(1_100); // the period of the 200 tombstones is sealed now

    assertThat(store.findByStatus(RunStatus.RUNNING, 100)).extracting(RunRecord::runId).containsExactly(longRun);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(periodsOf(RunStatus.RUNNING))
        .as("the empty period is dropped, the one with the long run stays")
        .contains(longRunPeriod).doesNotContain(passingPeriod));
    assertThat(store.findByStatus(RunStatus.RUNNING, 100)).extracting(RunRecord::runId).containsExactly(longRun);

    // the finished runs are in the final status's periods, oldest first, for retention
    List<RunRecord> finished = store.findFinished(Instant.now(), null, 1_000);
    assertThat(finished).extracting(RunRecord::runId).containsAll(passing);
    assertThat(periodsOf(RunStatus.COMPLETED)).isNotEmpty();
  }

  @Test
  void pagingCrossesPeriodsInOrderAndReturnsEveryRunOnce() throws Exception {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    Instant base = Instant.parse("2025-03-01T10:00:00Z"); // old periods: each write takes the repair path
    List<String> expected = new ArrayList<>();
    for (int period = 0; period < 5; period++) {
      for (int i = 0; i < 7; i++) {
        String id = "page-" + period + "-" + i + "-" + UUID.randomUUID();
        Instant at = base.plusSeconds(period * 3L).plusMillis(i);
        assertThat(store.createRun(header(id, RunStatus.AWAITING, at), Map.of())).isTrue();
        expected.add(id);
      }
    }
    List<String> seen = new ArrayList<>();
    RunRecord after = null;
    while (true) {
      List<RunRecord> page = store.findByStatus(RunStatus.AWAITING, after, 4);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(r -> seen.add(r.runId()));
      after = page.get(page.size() - 1);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void anIndexRowRepairedIntoADroppedPeriodIsFoundAgain() throws Exception {
    CassandraRunStateStore store = new CassandraRunStateStore(session, options);
    Instant old = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String id = newRun(store, old);
    Instant done = old.plusMillis(1);
    long period = periodOf(done);
    // what a crashed updateStatus leaves: the transaction applied, no index row; and no other run in that period
    session.execute(SimpleStatement.newInstance("UPDATE " + CassandraSchema.table(options, options.statusTable())
        + " SET status = 'COMPLETED', updated_at = ?, version = 1 WHERE run_id = ? IF version = 0", done, id));
    assertThat(periodsOf(RunStatus.COMPLETED)).doesNotContain(period);
    assertThat(store.findFinished(Instant.now(), null, 1_000)).extracting(RunRecord::runId).doesNotContain(id);

    // any refused change of the final run writes its index row again, with the period's entry
    assertThat(store.requestCancel(id, Instant.now())).isFalse();
    assertThat(periodsOf(RunStatus.COMPLETED)).contains(period);
    assertThat(store.findFinished(Instant.now(), null, 1_000)).extracting(RunRecord::runId).contains(id);
    assertThat(store.findByStatus(RunStatus.COMPLETED, 1_000)).extracting(RunRecord::runId).contains(id);

    // and once the run is deleted, a scan that finds the period empty drops it
    assertThat(store.deleteRun(id)).isTrue();
    assertThat(store.findByStatus(RunStatus.COMPLETED, 1_000)).extracting(RunRecord::runId).doesNotContain(id);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(periodsOf(RunStatus.COMPLETED)).doesNotContain(period));
  }
}
