package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.flowcraft.spi.Timer;
import dev.flowcraft.spi.TimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * {@link TimerStore} on Cassandra (tables in {@link CassandraSchema}):
 * <ul>
 *   <li>due rows live in partitions of (shard, time bucket), ordered by due time. A row goes to the bucket of its
 *       due time, or of its write time when that is later, so a bucket gets no more rows once the wall clock is
 *       past its end by {@link CassandraOptions#clockSkew()}: it is <em>sealed</em>. {@link #due} queries each
 *       shard's buckets from its watermark to the current one ({@code due_at <= ?}, no ALLOW FILTERING) and merges;
 *       a sealed bucket found empty moves the watermark past it, so the tombstones of fired timers are read while
 *       their bucket is recent and never again;
 *   <li>the by-id row is the truth of a timer: {@link #schedule} replaces it (and removes the old due row),
 *       {@link #claim} deletes it with a lightweight transaction, so exactly one claimer wins. The three rows of a
 *       schedule share one write timestamp, from which (with the due time) the due row's bucket is known again;
 *   <li>by-run rows let {@link #cancelRun} find a run's timers.
 * </ul>
 * A due row fires only while its by-id row is the same write (same write time, same due time): a due row
 * left behind by a crash or a lost race with a reschedule never fires. {@link #due} removes such rows once
 * provably stale (the by-id row was rewritten later, or has been gone for {@link #ORPHAN_GRACE}), deleting
 * exactly that write, so a row of a schedule still in flight is skipped, never deleted. A watermark row exists
 * before any timer is written into its shard (the writer creates it if missing), so a missing row means an
 * empty shard.
 *
 * <p>Thread-safety: statements are prepared once; the cached watermarks are atomic and only move forward here
 * (their rows are plain writes: a process with an older value may write it back, which costs a rescan of empty
 * buckets, never a skipped one). Timers are not the hot path, so correctness is preferred over request count.
 * The session is not owned.
 */
public final class CassandraTimerStore implements TimerStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CassandraTimerStore.class);

  /** How long a due row without a by-id row may be a schedule still in flight rather than an orphan. */
  static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);
  /** The most buckets ahead of the wall clock that {@link #due} looks into when asked about a later time. */
  static final int MAX_BUCKETS_AHEAD = 60;
  /** By-id reads of one {@link #due} call in flight at once. */
  private static final int READ_CHUNK = 256;

  private final CqlSession session;
  private final CassandraOptions options;
  private final long bucketMillis;
  private final long skewMillis;
  /** Per shard: the oldest bucket that may hold due rows, or -1 while unknown (not read or no row). */
  private final java.util.concurrent.atomic.AtomicLongArray watermarks;
  /** Per shard: this process made sure the watermark row exists. */
  private final java.util.concurrent.atomic.AtomicIntegerArray ensured;

  private final PreparedStatement selectById;
  private final PreparedStatement insertById;
  private final PreparedStatement claimById;
  private final PreparedStatement deleteById;
  private final PreparedStatement insertDue;
  private final PreparedStatement deleteDue;
  private final PreparedStatement scanDue;
  private final PreparedStatement insertByRun;
  private final PreparedStatement deleteByRun;
  private final PreparedStatement selectByRun;
  private final PreparedStatement deleteRun;
  private final PreparedStatement selectWatermark;
  private final PreparedStatement createWatermark;
  private final PreparedStatement moveWatermark;

  public CassandraTimerStore(CqlSession session, CassandraOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    this.options = Objects.requireNonNull(options, "options");
    this.bucketMillis = options.timerBucket().toMillis();
    this.skewMillis = options.clockSkew().toMillis();
    this.watermarks = new java.util.concurrent.atomic.AtomicLongArray(options.timerShards());
    this.ensured = new java.util.concurrent.atomic.AtomicIntegerArray(options.timerShards());
    for (int i = 0; i < options.timerShards(); i++) {
      watermarks.set(i, -1);
    }
    String due = CassandraSchema.table(options, options.timersTable());
    String byId = CassandraSchema.table(options, options.timersByIdTable());
    String byRun = CassandraSchema.table(options, options.timersByRunTable());
    String marks = CassandraSchema.table(options, options.timerWatermarksTable());

    selectById = Cql.prepare(session, options, "SELECT due_at, run_id, job, writetime(job) AS written FROM " + byId
        + " WHERE timer_id = ?");
    insertById = Cql.prepare(session, options, "INSERT INTO " + byId + " (timer_id, due_at, run_id, job)"
        + " VALUES (?, ?, ?, ?)");
    claimById = Cql.prepare(session, options, "DELETE FROM " + byId + " WHERE timer_id = ? IF due_at = ?");
    deleteById = Cql.prepare(session, options, "DELETE FROM " + byId + " WHERE timer_id = ?");
    insertDue = Cql.prepare(session, options, "INSERT INTO " + due + " (shard, bucket, due_at, timer_id, job)"
        + " VALUES (?, ?, ?, ?, ?)");
    deleteDue = Cql.prepare(session, options, "DELETE FROM " + due
        + " WHERE shard = ? AND bucket = ? AND due_at = ? AND timer_id = ?");
    scanDue = Cql.prepare(session, options, "SELECT due_at, timer_id, writetime(job) AS written FROM " + due
        + " WHERE shard = ? AND bucket = ? AND due_at <= ? LIMIT ?");
    insertByRun = Cql.prepare(session, options, "INSERT INTO " + byRun + " (run_id, timer_id, due_at)"
        + " VALUES (?, ?, ?)");
    deleteByRun = Cql.prepare(session, options, "DELETE FROM " + byRun + " WHERE run_id = ? AND timer_id = ?");
    selectByRun = Cql.prepare(session, options, "SELECT timer_id, due_at, writetime(due_at) AS written FROM " + byRun
        + " WHERE run_id = ?");
    deleteRun = Cql.prepare(session, options, "DELETE FROM " + byRun + " WHERE run_id = ?");
    selectWatermark = Cql.prepare(session, options, "SELECT bucket FROM " + marks + " WHERE shard = ?");
    createWatermark = Cql.prepare(session, options, "INSERT INTO " + marks + " (shard, bucket) VALUES (?, ?) IF NOT EXISTS");
    moveWatermark = Cql.prepare(session, options, "UPDATE " + marks + " SET bucket = ? WHERE shard = ?");
  }

  private int shard(String timerId) {
    return Cql.bucket(timerId, options.timerShards());
  }

  private long bucketOf(long epochMillis) {
    return Math.floorDiv(epochMillis, bucketMillis);
  }

  /** The bucket of a due row: its due time's, or its write time's (microseconds) when that is later. */
  private long bucketOf(Instant dueAt, long writtenMicros) {
    return bucketOf(Math.max(dueAt.toEpochMilli(), Math.floorDiv(writtenMicros, 1000)));
  }

  /**
   * Makes sure the shard's watermark row exists before a timer is written into it (once per process and shard):
   * a new row starts at the oldest bucket a process within the allowed clock skew may still write into.
   */
  private void ensureWatermark(int shard) {
    if (ensured.get(shard) == 1) {
      return;
    }
    long start = bucketOf(System.currentTimeMillis() - skewMillis);
    Row r = session.execute(createWatermark.bind(shard, start)).one();
    long mark = r != null && !r.getBoolean("[applied]") && !r.isNull("bucket") ? r.getLong("bucket") : start;
    watermarks.accumulateAndGet(shard, mark, (cur, v) -> cur < 0 ? v : cur);
    ensured.set(shard, 1);
  }

  /** Reads the current version (to remove its due row), then writes all three rows in one logged batch. */
  @Override
  public void schedule(Timer timer) {
    String id = timer.id();
    int shard = shard(id);
    ensureWatermark(shard);
    Instant dueAt = Cql.millis(timer.dueAt());
    String runId = timer.job().runId();
    String job = StoredJson.writeJob(timer.job());
    long written = Cql.nowMicros();
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).setConsistencyLevel(options.consistency())
        .setQueryTimestamp(written);
    Row old = session.execute(selectById.bind(id)).one();
    long bucket = bucketOf(dueAt, written);
    if (old != null) {
      Instant oldDue = old.getInstant("due_at");
      long oldBucket = bucketOf(oldDue, old.getLong("written"));
      // a delete and an insert of the same row in one batch share a timestamp: the delete would win
      if (!dueAt.equals(oldDue) || oldBucket != bucket) {
        batch.addStatement(deleteDue.bind(shard, oldBucket, oldDue, id));
      }
      if (!runId.equals(old.getString("run_id"))) {
        batch.addStatement(deleteByRun.bind(old.getString("run_id"), id));
      }
    }
    batch.addStatement(insertDue.bind(shard, bucket, dueAt, id, job))
        .addStatement(insertById.bind(id, dueAt, runId, job))
        .addStatement(insertByRun.bind(runId, id, dueAt));
    session.execute(batch.build());
  }

  private record Candidate(Instant dueAt, String id, long written, int shard, long bucket) {}

  private record Scan(int shard, long bucket, CompletionStage<AsyncResultSet> rows) {}

  /** The shard's watermark: cached, else read; -1 when the shard has none (nothing was ever written there). */
  private long watermark(int shard) {
    long w = watermarks.get(shard);
    if (w >= 0) {
      return w;
    }
    Row r = session.execute(selectWatermark.bind(shard)).one();
    if (r == null || r.isNull("bucket")) {
      return -1;
    }
    long read = r.getLong("bucket");
    return watermarks.accumulateAndGet(shard, read, (cur, v) -> cur < 0 ? v : cur);
  }

  @Override
  public List<Timer> due(Instant now, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    long wall = System.currentTimeMillis();
    long current = bucketOf(wall);
    long last = Math.min(Math.max(current, bucketOf(now.toEpochMilli())), current + MAX_BUCKETS_AHEAD);
    // buckets before this get no more rows: no process's clock is behind by more than the skew (which also
    // covers a slow write: one computed its bucket at its own start)
    long sealedBelow = bucketOf(wall - skewMillis);
    List<Scan> scans = new ArrayList<>();
    for (int s = 0; s < options.timerShards(); s++) {
      long from = watermark(s);
      if (from < 0) {
        continue;
      }
      for (long b = from; b <= last; b++) {
        scans.add(new Scan(s, b, session.executeAsync(scanDue.bind(s, b, now, limit).setPageSize(limit))));
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    // Per shard, the watermark moves past the leading buckets that are done for good: sealed, every row they can
    // hold due by `now` (so the query hid none), and none found. Scans are in shard, then bucket order.
    long[] moveTo = new long[options.timerShards()];
    java.util.Arrays.fill(moveTo, -1);
    boolean[] stillLeading = new boolean[options.timerShards()];
    java.util.Arrays.fill(stillLeading, true);
    for (Scan scan : scans) {
      int before = candidates.size();
      for (Row row : Cql.await(scan.rows()).currentPage()) {
        candidates.add(new Candidate(row.getInstant("due_at"), row.getString("timer_id"), row.getLong("written"),
            scan.shard(), scan.bucket()));
      }
      boolean done = candidates.size() == before && scan.bucket() < sealedBelow
          && (scan.bucket() + 1) * bucketMillis <= now.toEpochMilli();
      stillLeading[scan.shard()] &= done;
      if (stillLeading[scan.shard()]) {
        moveTo[scan.shard()] = scan.bucket() + 1;
      }
    }
    for (int s = 0; s < moveTo.length; s++) {
      if (moveTo[s] >= 0) {
        advance(s, moveTo[s]);
      }
    }
    candidates.sort(Comparator.comparing(Candidate::dueAt).thenComparing(Candidate::id));

    long orphanedBefore = Cql.nowMicros() - ORPHAN_GRACE.toNanos() / 1_000;
    List<Timer> out = new ArrayList<>();
    int next = 0;
    while (out.size() < limit && next < candidates.size()) {
      // at most READ_CHUNK reads in flight: a connection takes about a thousand requests at once
      List<Candidate> chunk = candidates.subList(next,
          Math.min(candidates.size(), next + Math.min(READ_CHUNK, limit - out.size())));
      next += chunk.size();
      List<CompletionStage<AsyncResultSet>> reads = new ArrayList<>();
      for (Candidate c : chunk) {
        reads.add(session.executeAsync(selectById.bind(c.id())));
      }
      for (int i = 0; i < chunk.size(); i++) {
        Candidate c = chunk.get(i);
        Row row = Cql.await(reads.get(i)).one();
        if (row != null && row.getLong("written") == c.written() && c.dueAt().equals(row.getInstant("due_at"))) {
          out.add(new Timer(c.id(), c.dueAt(), StoredJson.readJob(row.getString("job"))));
        } else if (row != null ? row.getLong("written") > c.written() : c.written() < orphanedBefore) {
          // provably stale: delete exactly this write, never a later schedule of the same row
          session.executeAsync(deleteDue.bind(c.shard(), c.bucket(), c.dueAt(), c.id()).setQueryTimestamp(c.written()));
        }
      }
    }
    return out;
  }

  /** Moves the shard's watermark to {@code bucket} (only forward), in the cache and in its row. */
  private void advance(int shard, long bucket) {
    long before = watermarks.getAndAccumulate(shard, bucket, Math::max);
    if (before < bucket) {
      try {
        session.executeAsync(moveWatermark.bind(bucket, shard));
      } catch (RuntimeException e) {
        LOG.debug("Could not store the watermark of timer shard {}; the next pass stores it", shard, e);
      }
    }
  }

  /**
   * A lightweight transaction deletes the by-id row, conditioned on the due time read first (to know which
   * due row to remove); only the caller whose delete applied wins.
   */
  @Override
  public boolean claim(String timerId) {
    Row current = session.execute(selectById.bind(timerId)).one();
    if (current == null) {
      return false;
    }
    Instant dueAt = current.getInstant("due_at");
    long written = current.getLong("written");
    String runId = current.getString("run_id");
    while (true) {
      Row result = session.execute(claimById.bind(timerId, dueAt)).one();
      if (result != null && result.getBoolean("[applied]")) {
        break;
      }
      if (result == null || !result.getColumnDefinitions().contains("due_at") || result.isNull("due_at")) {
        return false; // claimed by someone else
      }
      // rescheduled in between: claim the new version
      Row again = session.execute(selectById.bind(timerId)).one();
      if (again == null) {
        return false;
      }
      runId = again.getString("run_id");
      dueAt = again.getInstant("due_at");
      written = again.getLong("written");
    }
    session.execute(BatchStatement.builder(BatchType.LOGGED).setConsistencyLevel(options.consistency())
        .addStatement(deleteDue.bind(shard(timerId), bucketOf(dueAt, written), dueAt, timerId))
        .addStatement(deleteByRun.bind(runId, timerId))
        .build());
    return true;
  }

  @Override
  public List<Timer> cancelRun(String runId) {
    record Pending(String id, Instant dueAt, long written, CompletionStage<AsyncResultSet> read) {}
    List<Pending> timers = new ArrayList<>();
    for (Row row : session.execute(selectByRun.bind(runId))) {
      String id = row.getString("timer_id");
      timers.add(new Pending(id, row.getInstant("due_at"), row.getLong("written"),
          session.executeAsync(selectById.bind(id))));
    }
    // every job is read before anything is deleted, so the caller learns what each removed timer would have done
    List<Timer> removed = new ArrayList<>();
    for (Pending p : timers) {
      Row byId = Cql.await(p.read()).one();
      if (byId != null && runId.equals(byId.getString("run_id"))) {
        removed.add(new Timer(p.id(), byId.getInstant("due_at"), StoredJson.readJob(byId.getString("job"))));
      }
    }
    List<CompletionStage<AsyncResultSet>> deletes = new ArrayList<>();
    for (Pending p : timers) {
      deletes.add(session.executeAsync(deleteById.bind(p.id())));
      // the by-run row was written in the schedule's batch: its write time is the due row's
      deletes.add(session.executeAsync(deleteDue.bind(shard(p.id()), bucketOf(p.dueAt(), p.written()), p.dueAt(), p.id())));
    }
    for (CompletionStage<AsyncResultSet> d : deletes) {
      Cql.await(d);
    }
    session.execute(deleteRun.bind(runId));
    return removed;
  }
}
