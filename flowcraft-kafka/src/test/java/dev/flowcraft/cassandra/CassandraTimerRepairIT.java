package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.Timer;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Due rows that do not match their by-id row never fire; orphans are removed, but the due row of a schedule
 * still in flight (written before its by-id row) is left alone.
 */
@FlowcraftStackTest
class CassandraTimerRepairIT {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static CqlSession session;
  private static CassandraOptions options;
  private CassandraTimerStore store;

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
  void emptyStore() {
    CassandraTestSession.truncate(session, options, options.timersTable(), options.timersByIdTable(),
        options.timersByRunTable());
    store = new CassandraTimerStore(session, options);
  }

  /** A due row without its by-id row, in the bucket a schedule at that write time would use. */
  private void writeOnlyTheDueRow(String id, long writeTimestampMicros) {
    Job job = new Job(JobKind.WAKE, "run-" + UUID.randomUUID(), "n", "", -1, 1);
    int shard = Cql.bucket(id, options.timerShards());
    long bucketMillis = options.timerBucket().toMillis();
    // as every writer does, make sure the shard has a watermark before writing into it
    session.execute(SimpleStatement.newInstance("INSERT INTO "
        + CassandraSchema.table(options, options.timerWatermarksTable()) + " (shard, bucket) VALUES (?, ?) IF NOT EXISTS",
        shard, Math.floorDiv(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), bucketMillis)));
    long bucket = Math.floorDiv(Math.max(T0.toEpochMilli(), writeTimestampMicros / 1000), bucketMillis);
    session.execute(SimpleStatement.newInstance("INSERT INTO " + CassandraSchema.table(options, options.timersTable())
            + " (shard, bucket, due_at, timer_id, job) VALUES (?, ?, ?, ?, ?)",
            shard, bucket, T0, id, StoredJson.writeJob(job))
        .setQueryTimestamp(writeTimestampMicros));
  }

  private long dueRows() {
    return session.execute(SimpleStatement.newInstance("SELECT count(*) FROM "
        + CassandraSchema.table(options, options.timersTable()))).one().getLong(0);
  }

  @Test
  void anOrphanedDueRowNeverFiresAndIsRemoved() {
    writeOnlyTheDueRow("orphan", Cql.nowMicros() - CassandraTimerStore.ORPHAN_GRACE.toNanos() / 1_000 - 1_000_000);
    assertThat(store.due(T0.plusSeconds(1), 10)).isEmpty();
    assertThat(store.claim("orphan")).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> dueRows() == 0); // removed asynchronously
  }

  @Test
  void aDueRowOfAScheduleInFlightIsSkippedButKept() {
    writeOnlyTheDueRow("in-flight", Cql.nowMicros());
    assertThat(store.due(T0.plusSeconds(1), 10)).isEmpty();
    assertThat(dueRows()).isOne();
    // the schedule completes: the timer fires
    Timer t = new Timer("in-flight", T0, new Job(JobKind.WAKE, "run-x", "n", "", -1, 1));
    store.schedule(t);
    assertThat(store.due(T0.plusSeconds(1), 10)).containsExactly(t);
  }
}
