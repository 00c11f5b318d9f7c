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
 *   <li>due rows live in a fixed number of shard partitions ordered by due time, so {@link #due} is one
 *       range query per shard ({@code due_at <= ?}, no ALLOW FILTERING) and a merge;
 *   <li>the by-id row is the truth of a timer: {@link #schedule} replaces it (and removes the old due row),
 *       {@link #claim} deletes it with a lightweight transaction, so exactly one claimer wins;
 *   <li>by-run rows let {@link #cancelRun} find a run's timers.
 * </ul>
 * A due row fires only while its by-id row is the same write (same write time, same due time): a due row
 * left behind by a crash or a lost race with a reschedule never fires. {@link #due} removes such rows once
 * provably stale (the by-id row was rewritten later, or has been gone for {@link #ORPHAN_GRACE}), deleting
 * exactly that write, so a row of a schedule still in flight is skipped, never deleted.
 *
 * <p>Thread-safe: statements are prepared once, no mutable state. Timers are not the hot path, so
 * correctness is preferred over request count here. The session is not owned.
 */
public final class CassandraTimerStore implements TimerStore {

  /** How long a due row without a by-id row may be a schedule still in flight rather than an orphan. */
  static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);

  private final CqlSession session;
  private final CassandraOptions options;

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

  public CassandraTimerStore(CqlSession session, CassandraOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    this.options = Objects.requireNonNull(options, "options");
    String due = CassandraSchema.table(options, options.timersTable());
    String byId = CassandraSchema.table(options, options.timersByIdTable());
    String byRun = CassandraSchema.table(options, options.timersByRunTable());

    selectById = Cql.prepare(session, options, "SELECT due_at, run_id, job, writetime(job) AS written FROM " + byId
        + " WHERE timer_id = ?");
    insertById = Cql.prepare(session, options, "INSERT INTO " + byId + " (timer_id, due_at, run_id, job)"
        + " VALUES (?, ?, ?, ?)");
    claimById = Cql.prepare(session, options, "DELETE FROM " + byId + " WHERE timer_id = ? IF due_at = ?");
    deleteById = Cql.prepare(session, options, "DELETE FROM " + byId + " WHERE timer_id = ?");
    insertDue = Cql.prepare(session, options, "INSERT INTO " + due + " (shard, due_at, timer_id, job)"
        + " VALUES (?, ?, ?, ?)");
    deleteDue = Cql.prepare(session, options, "DELETE FROM " + due
        + " WHERE shard = ? AND due_at = ? AND timer_id = ?");
    scanDue = Cql.prepare(session, options, "SELECT due_at, timer_id, writetime(job) AS written FROM " + due
        + " WHERE shard = ? AND due_at <= ? LIMIT ?");
    insertByRun = Cql.prepare(session, options, "INSERT INTO " + byRun + " (run_id, timer_id, due_at)"
        + " VALUES (?, ?, ?)");
    deleteByRun = Cql.prepare(session, options, "DELETE FROM " + byRun + " WHERE run_id = ? AND timer_id = ?");
    selectByRun = Cql.prepare(session, options, "SELECT timer_id, due_at FROM " + byRun + " WHERE run_id = ?");
    deleteRun = Cql.prepare(session, options, "DELETE FROM " + byRun + " WHERE run_id = ?");
  }

  private int shard(String timerId) {
    return Cql.bucket(timerId, options.timerShards());
  }

  /** Reads the current version (to remove its due row), then writes all three rows in one logged batch. */
  @Override
  public void schedule(Timer timer) {
    String id = timer.id();
    Instant dueAt = Cql.millis(timer.dueAt());
    String runId = timer.job().runId();
    String job = StoredJson.writeJob(timer.job());
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).setConsistencyLevel(options.consistency());
    Row old = session.execute(selectById.bind(id)).one();
    if (old != null) {
      // a delete and an insert of the same row in one batch share a timestamp: the delete would win
      if (!dueAt.equals(old.getInstant("due_at"))) {
        batch.addStatement(deleteDue.bind(shard(id), old.getInstant("due_at"), id));
      }
      if (!runId.equals(old.getString("run_id"))) {
        batch.addStatement(deleteByRun.bind(old.getString("run_id"), id));
      }
    }
    batch.addStatement(insertDue.bind(shard(id), dueAt, id, job))
        .addStatement(insertById.bind(id, dueAt, runId, job))
        .addStatement(insertByRun.bind(runId, id, dueAt));
    session.execute(batch.build());
  }

  private record Candidate(Instant dueAt, String id, long written) {}

  @Override
  public List<Timer> due(Instant now, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<CompletionStage<AsyncResultSet>> scans = new ArrayList<>();
    for (int s = 0; s < options.timerShards(); s++) {
      scans.add(session.executeAsync(scanDue.bind(s, now, limit).setPageSize(limit)));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (CompletionStage<AsyncResultSet> scan : scans) {
      for (Row row : Cql.await(scan).currentPage()) {
        candidates.add(new Candidate(row.getInstant("due_at"), row.getString("timer_id"), row.getLong("written")));
      }
    }
    candidates.sort(Comparator.comparing(Candidate::dueAt).thenComparing(Candidate::id));

    long orphanedBefore = Cql.nowMicros() - ORPHAN_GRACE.toNanos() / 1_000;
    List<Timer> out = new ArrayList<>();
    int next = 0;
    while (out.size() < limit && next < candidates.size()) {
      List<Candidate> chunk = candidates.subList(next, Math.min(candidates.size(), next + limit - out.size()));
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
          session.executeAsync(deleteDue.bind(shard(c.id()), c.dueAt(), c.id()).setQueryTimestamp(c.written()));
        }
      }
    }
    return out;
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
    }
    session.execute(BatchStatement.builder(BatchType.LOGGED).setConsistencyLevel(options.consistency())
        .addStatement(deleteDue.bind(shard(timerId), dueAt, timerId))
        .addStatement(deleteByRun.bind(runId, timerId))
        .build());
    return true;
  }

  @Override
  public void cancelRun(String runId) {
    List<CompletionStage<AsyncResultSet>> deletes = new ArrayList<>();
    for (Row row : session.execute(selectByRun.bind(runId))) {
      String id = row.getString("timer_id");
      deletes.add(session.executeAsync(deleteById.bind(id)));
      deletes.add(session.executeAsync(deleteDue.bind(shard(id), row.getInstant("due_at"), id)));
    }
    for (CompletionStage<AsyncResultSet> d : deletes) {
      Cql.await(d);
    }
    session.execute(deleteRun.bind(runId));
  }
}
