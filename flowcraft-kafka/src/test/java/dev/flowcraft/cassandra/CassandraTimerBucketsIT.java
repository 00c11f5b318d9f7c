package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.Timer;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The time-bucketed due timers: fired timers leave their (sealed) bucket behind the shard's watermark, so polls
 * stop reading their tombstones, and nothing due is skipped: a timer due in the past lands in the current bucket,
 * one due later in its own. One-second buckets and no clock-skew allowance make a bucket seal within seconds.
 */
@FlowcraftStackTest
class CassandraTimerBucketsIT {

  private static CqlSession session;
  private static CassandraOptions options;

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack);
    String suffix = Long.toString(System.nanoTime(), 36);
    options = CassandraTestSession.sharedKeyspace(stack).toBuilder()
        .timersTable("tb_due_" + suffix).timerWatermarksTable("tb_marks_" + suffix)
        .timersByIdTable("tb_id_" + suffix).timersByRunTable("tb_run_" + suffix)
        .timerShards(1).timerBucket(Duration.ofSeconds(1)).clockSkew(Duration.ZERO)
        .build();
    CassandraSchema.create(session, options);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  /** Due times in whole milliseconds, as Cassandra keeps them. */
  private static Timer timer(String id, Instant dueAt) {
    return new Timer(id, Instant.ofEpochMilli(dueAt.toEpochMilli()), new Job(JobKind.EXECUTE, "run-" + id, "n", "", -1, 1));
  }

  private static long storedWatermark() {
    return session.execute(SimpleStatement.newInstance("SELECT bucket FROM "
        + CassandraSchema.table(options, options.timerWatermarksTable()) + " WHERE shard = 0")).one().getLong(0);
  }

  @Test
  void firedTimersLeaveTheirBucketBehindTheWatermarkAndNothingDueIsSkipped() throws Exception {
    CassandraTimerStore store = new CassandraTimerStore(session, options);
    Instant now = Instant.now();
    List<Timer> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(timer("t" + i, now));
    }
    batch.forEach(store::schedule);
    long firedBucket = Math.floorDiv(System.currentTimeMillis(), 1000);
    assertThat(store.due(Instant.now(), 1_000)).hasSize(300);
    for (Timer t : batch) {
      assertThat(store.claim(t.id())).isTrue();
    }
    Thread.sleep(2_200); // the bucket of those 300 tombstones is sealed now
    assertThat(store.due(Instant.now(), 10)).isEmpty();
    // the poll moves the watermark with an asynchronous write: wait for it to land
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(storedWatermark()).as("moved past the bucket of the fired timers").isGreaterThan(firedBucket));

    // still found: a timer due long ago (it goes to the current bucket), one due soon (its own bucket)
    Timer overdue = timer("overdue", Instant.parse("2024-05-01T10:00:00Z"));
    Timer soon = timer("soon", Instant.now().plusMillis(1_500));
    store.schedule(overdue);
    store.schedule(soon);
    assertThat(store.due(Instant.now(), 10)).containsExactly(overdue);
    Thread.sleep(1_700);
    // a new process reads the stored watermark, and finds both
    CassandraTimerStore restarted = new CassandraTimerStore(session, options);
    assertThat(restarted.due(Instant.now(), 10)).containsExactly(overdue, soon);
    assertThat(restarted.claim("overdue")).isTrue();
    assertThat(restarted.claim("soon")).isTrue();
  }

  @Test
  void aTimerDueLaterStaysUntilItsBucketComes() {
    CassandraTimerStore store = new CassandraTimerStore(session, options);
    Timer later = timer("later-" + System.nanoTime(), Instant.now().plus(Duration.ofSeconds(30)));
    store.schedule(later);
    assertThat(store.due(Instant.now(), 100)).doesNotContain(later);
    // asked about a time past its due time (as the contract tests do), within the look-ahead, it is found
    assertThat(store.due(later.dueAt(), 100)).contains(later);
    assertThat(store.claim(later.id())).isTrue();
  }
}
