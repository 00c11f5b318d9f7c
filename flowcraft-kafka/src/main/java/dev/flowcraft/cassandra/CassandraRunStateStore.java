package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@link RunStateStore} on Cassandra, shaped for the engine's hot path (see {@link CassandraSchema} for the
 * tables):
 * <ul>
 *   <li>{@link #load} is one SELECT of one partition of the context table: the static header copy, every
 *       context entry and every node record.
 *   <li>{@link #commitNode} and {@link #patchContext} are one single-partition batch, without a lightweight
 *       transaction: atomic and isolated within the partition, and upserts because the engine guarantees a
 *       single writer per node instance attempt. Several operations on one key collapse to the last, since
 *       the statements of a batch share one write timestamp.
 *   <li>Status changes are rare and go through lightweight transactions on the status table (the truth for
 *       {@link #getRun}), then a logged batch mirrors them into the static header copy and moves the
 *       status index row.
 * </ul>
 *
 * <p>Thread-safe: statements are prepared once in the constructor and the store holds no mutable state, so
 * one instance is shared by all workers of a process. It does not own the session: close that yourself.
 *
 * <p>Writes to an unknown run are not checked (that would cost a read per step): they leave an orphan
 * partition that {@link #load} ignores.
 */
public final class CassandraRunStateStore implements RunStateStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CassandraRunStateStore.class);

  private static final byte KIND_CONTEXT = 0;
  private static final byte KIND_NODE = 1;
  private static final String HEADER = "blueprint_id, blueprint_ref, parent_run_id, parent_instance, status, "
      + "cancel_requested, reason, created_at, updated_at";

  private final CqlSession session;
  private final CassandraOptions options;

  private final PreparedStatement insertStatus;
  private final PreparedStatement selectStatus;
  private final PreparedStatement casStatus;
  private final PreparedStatement casCancel;
  private final PreparedStatement insertHeaderCopy;
  private final PreparedStatement mirrorStatus;
  private final PreparedStatement mirrorCancel;
  private final PreparedStatement upsertRow;
  private final PreparedStatement deleteRow;
  private final PreparedStatement selectPartition;
  private final PreparedStatement selectHeaderCopy;
  private final PreparedStatement insertIndex;
  private final PreparedStatement deleteIndex;
  private final PreparedStatement scanIndex;
  private final PreparedStatement scanIndexAfter;
  private final PreparedStatement scanFinished;
  private final PreparedStatement scanFinishedAfter;
  private final PreparedStatement deletePartition;
  private final PreparedStatement deleteStatus;
  private final StatusPeriods periods;

  public CassandraRunStateStore(CqlSession session, CassandraOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    this.options = Objects.requireNonNull(options, "options");
    String status = CassandraSchema.table(options, options.statusTable());
    String context = CassandraSchema.table(options, options.contextTable());
    String index = CassandraSchema.table(options, options.statusIndexTable());

    insertStatus = Cql.prepare(session, options, "INSERT INTO " + status + " (run_id, " + HEADER
        + ", bucket, version, base_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    selectStatus = Cql.prepare(session, options, "SELECT " + HEADER + ", version, base_timestamp FROM " + status
        + " WHERE run_id = ?");
    String expected = " IF version = ? AND status = ? AND updated_at = ? AND cancel_requested = ?";
    casStatus = Cql.prepare(session, options, "UPDATE " + status + " SET status = ?, reason = ?, updated_at = ?,"
        + " version = ? WHERE run_id = ?" + expected);
    casCancel = Cql.prepare(session, options, "UPDATE " + status + " SET cancel_requested = true, updated_at = ?,"
        + " version = ? WHERE run_id = ?" + expected);
    selectHeaderCopy = Cql.prepare(session, options, "SELECT status FROM " + context + " WHERE run_id = ? LIMIT 1");
    insertHeaderCopy = Cql.prepare(session, options, "INSERT INTO " + context + " (run_id, " + HEADER + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    mirrorStatus = Cql.prepare(session, options, "UPDATE " + context + " SET status = ?, reason = ?, updated_at = ?,"
        + " cancel_requested = ? WHERE run_id = ?");
    mirrorCancel = Cql.prepare(session, options, "UPDATE " + context + " SET cancel_requested = true, updated_at = ?"
        + " WHERE run_id = ?");
    upsertRow = Cql.prepare(session, options, "INSERT INTO " + context + " (run_id, kind, key, value)"
        + " VALUES (?, ?, ?, ?)");
    deleteRow = Cql.prepare(session, options, "DELETE FROM " + context + " WHERE run_id = ? AND kind = ? AND key = ?");
    selectPartition = session.prepare(SimpleStatement.builder(
            "SELECT kind, key, value, " + HEADER + " FROM " + context + " WHERE run_id = ?")
        .setConsistencyLevel(options.consistency())
        .setPageSize(options.loadPageSize())
        .build());
    insertIndex = Cql.prepare(session, options, "INSERT INTO " + index + " (status, bucket, period, updated_at, run_id)"
        + " VALUES (?, ?, ?, ?, ?) USING TTL ?");
    String partition = " WHERE status = ? AND bucket = ? AND period = ?";
    deleteIndex = Cql.prepare(session, options, "DELETE FROM " + index + partition + " AND updated_at = ? AND run_id = ?");
    scanIndex = Cql.prepare(session, options, "SELECT updated_at, run_id FROM " + index + partition + " LIMIT ?");
    scanIndexAfter = Cql.prepare(session, options, "SELECT updated_at, run_id FROM " + index + partition
        + " AND (updated_at, run_id) > (?, ?) LIMIT ?");
    scanFinished = Cql.prepare(session, options, "SELECT updated_at, run_id FROM " + index + partition
        + " AND updated_at < ? LIMIT ?");
    // (updated_at, run_id) < (cutoff, '') is updated_at < cutoff: no run id sorts before ''
    scanFinishedAfter = Cql.prepare(session, options, "SELECT updated_at, run_id FROM " + index + partition
        + " AND (updated_at, run_id) > (?, ?) AND (updated_at, run_id) < (?, ?) LIMIT ?");
    deletePartition = Cql.prepare(session, options, "DELETE FROM " + context + " WHERE run_id = ?");
    deleteStatus = Cql.prepare(session, options, "DELETE FROM " + status + " WHERE run_id = ?");
    periods = new StatusPeriods(session, options);
  }

  public CassandraOptions options() {
    return options;
  }

  // ---------------------------------------------------------------- create / read

  /**
   * A lightweight transaction inserts the status row (once per run); if it applied, one single-partition
   * batch writes the header copy and the initial context (single-partition batches have no size limit), then
   * the index row. The header copy and the index row carry the run's base write timestamp, which later header
   * versions exceed; the context rows carry ordinary timestamps, like the commits that follow them.
   */
  @Override
  public boolean createRun(RunRecord run, Map<String, Object> initialContext) {
    String id = run.runId();
    int bucket = Cql.bucket(id, options.statusBuckets());
    Instant createdAt = Cql.millis(run.createdAt());
    Instant updatedAt = Cql.millis(run.updatedAt());
    long base = Cql.nowMicros();
    ResultSet created = session.execute(insertStatus.bind(id, run.blueprintId(), run.blueprintRef(),
        run.parentRunId(), run.parentInstance(), run.status().name(), run.cancelRequested(), run.reason(),
        createdAt, updatedAt, bucket, 0L, base));
    if (!created.wasApplied()) {
      Row existing = created.one();
      if (existing == null || !unfinishedStart(run, existing)) {
        return false;
      }
      // The same start applied its status transaction, then died or failed before writing the run's records:
      // nothing could run and the run was invisible (no header copy, no index row). Its retry completes it, with
      // the timestamps of that first version, so that any later change still wins.
      LOG.warn("Run {} was created but its records were never written (its start failed half-way); completing"
          + " that start now", id);
      createdAt = existing.getInstant("created_at");
      updatedAt = existing.getInstant("updated_at");
      base = existing.getLong("base_timestamp");
    }
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED)
        .setConsistencyLevel(options.consistency())
        .addStatement(insertHeaderCopy.bind(id, run.blueprintId(), run.blueprintRef(), run.parentRunId(),
            run.parentInstance(), run.status().name(), run.cancelRequested(), run.reason(), createdAt, updatedAt,
            base));
    if (initialContext != null) {
      initialContext.forEach((k, v) -> batch.addStatement(upsertRow.bind(id, KIND_CONTEXT, k, StoredJson.write(v))));
    }
    session.execute(batch.build());
    long period = periods.periodOf(updatedAt);
    boolean mayBeDropped = periods.beforeIndexWrite(run.status(), bucket, period);
    session.execute(indexRow(run.status(), bucket, updatedAt, id).setQueryTimestamp(base));
    if (mayBeDropped) {
      Cql.await(periods.afterIndexWrite(run.status(), bucket, period));
    }
    return true;
  }

  /**
   * Whether {@code existing}, the status row that refused {@code run}'s creation, is the first version of the
   * same start (same blueprint, parent and status, never changed) whose header copy was never written.
   */
  private boolean unfinishedStart(RunRecord run, Row existing) {
    if (existing.isNull("version") || existing.getLong("version") != 0
        || !run.status().name().equals(existing.getString("status"))
        || !Objects.equals(run.blueprintRef(), existing.getString("blueprint_ref"))
        || !Objects.equals(run.parentRunId(), existing.getString("parent_run_id"))
        || !Objects.equals(run.parentInstance(), existing.getString("parent_instance"))) {
      return false;
    }
    Row copy = session.execute(selectHeaderCopy.bind(run.runId())).one();
    return copy == null || copy.isNull("status");
  }

  @Override
  public Optional<RunRecord> getRun(String runId) {
    Row row = session.execute(selectStatus.bind(runId)).one();
    return row == null || row.isNull("status") ? Optional.empty() : Optional.of(header(runId, row));
  }

  @Override
  public Optional<RunSnapshot> load(String runId) {
    RunRecord run = null;
    Map<String, Object> context = new LinkedHashMap<>();
    Map<String, NodeRecord> nodes = new HashMap<>();
    for (Row row : session.execute(selectPartition.bind(runId))) {
      if (run == null) {
        if (row.isNull("status")) {
          return Optional.empty(); // an orphan partition: writes to a run that was never created
        }
        run = header(runId, row);
      }
      if (row.isNull("kind")) {
        continue; // only the static header, no rows yet
      }
      byte kind = row.getByte("kind");
      if (kind == KIND_CONTEXT) {
        context.put(row.getString("key"), StoredJson.read(row.getString("value")));
      } else if (kind == KIND_NODE) {
        nodes.put(row.getString("key"), StoredJson.readNode(row.getString("value")));
      }
    }
    return run == null ? Optional.empty() : Optional.of(new RunSnapshot(run, context, nodes));
  }

  private static RunRecord header(String runId, Row row) {
    return new RunRecord(runId, row.getString("blueprint_id"), row.getString("blueprint_ref"),
        row.getString("parent_run_id"), row.getString("parent_instance"), RunStatus.valueOf(row.getString("status")),
        row.getBoolean("cancel_requested"), row.getString("reason"), row.getInstant("created_at"),
        row.getInstant("updated_at"));
  }

  // ---------------------------------------------------------------- hot path writes

  @Override
  public void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps) {
    List<BoundStatement> statements = new ArrayList<>();
    statements.add(upsertRow.bind(runId, KIND_NODE, record.instanceKey(), StoredJson.writeNode(record)));
    addOps(runId, contextOps, statements);
    execute(statements);
  }

  @Override
  public void patchContext(String runId, List<ContextOp> ops) {
    List<BoundStatement> statements = new ArrayList<>();
    addOps(runId, ops, statements);
    execute(statements);
  }

  /** The last operation per key only: statements in one batch share a timestamp, so order would be lost. */
  private void addOps(String runId, List<ContextOp> ops, List<BoundStatement> out) {
    if (ops == null || ops.isEmpty()) {
      return;
    }
    Map<String, ContextOp> last = new LinkedHashMap<>();
    for (ContextOp op : ops) {
      last.remove(op.key());
      last.put(op.key(), op);
    }
    for (ContextOp op : last.values()) {
      if (op instanceof ContextOp.Set s) {
        out.add(upsertRow.bind(runId, KIND_CONTEXT, s.key(), StoredJson.write(s.value())));
      } else {
        out.add(deleteRow.bind(runId, KIND_CONTEXT, op.key()));
      }
    }
  }

  /** One request: a single statement, or an unlogged batch of statements of one partition. */
  private void execute(List<BoundStatement> statements) {
    if (statements.isEmpty()) {
      return;
    }
    Statement<?> st = statements.size() == 1
        ? statements.get(0).setIdempotent(true)
        : BatchStatement.newInstance(BatchType.UNLOGGED).addAll(statements)
            .setConsistencyLevel(options.consistency()).setIdempotent(true);
    session.execute(st);
  }

  // ---------------------------------------------------------------- status changes

  @Override
  public boolean updateStatus(String runId, RunStatus status, String reason, Instant at) {
    Instant when = Cql.millis(at);
    return change(runId,
        v -> casStatus.bind(status.name(), reason, when, v.version() + 1, runId, v.version(), v.status().name(),
            v.updatedAt(), v.cancelRequested()),
        v -> mirrorStatus.bind(status.name(), reason, when, v.cancelRequested(), runId), status, when);
  }

  @Override
  public boolean requestCancel(String runId, Instant at) {
    Instant when = Cql.millis(at);
    return change(runId,
        v -> casCancel.bind(when, v.version() + 1, runId, v.version(), v.status().name(), v.updatedAt(),
            v.cancelRequested()),
        v -> mirrorCancel.bind(when, runId), null, when);
  }

  /** What a compare-and-set of the status row is conditioned on. */
  private record Version(long version, RunStatus status, Instant updatedAt, boolean cancelRequested) {
    static Version of(Row row) {
      return new Version(row.getLong("version"), RunStatus.valueOf(row.getString("status")),
          row.getInstant("updated_at"), row.getBoolean("cancel_requested"));
    }
  }

  /**
   * Compare-and-set on the status table, conditioned on the version read first (the not-applied answer
   * carries the current one, so contention needs no re-read), while the run is not final. Then one logged
   * batch mirrors the change into the header copy and moves the index row, at write timestamp
   * {@code base_timestamp + version}: a slow mirror of an older version can never overwrite a newer one, and
   * writing a version's mirror again is harmless. A refused change of a final run does that (see
   * {@link #resync}), which heals a copy left behind by a crash between the transaction and the batch.
   */
  private boolean change(String runId, Function<Version, BoundStatement> cas,
      Function<Version, BoundStatement> mirror, RunStatus newStatus, Instant at) {
    Row current = session.execute(selectStatus.bind(runId)).one();
    if (current == null || current.isNull("status")) {
      return false;
    }
    long base = current.getLong("base_timestamp");
    Version old = Version.of(current);
    while (true) {
      if (old.status().isFinal()) {
        resync(runId);
        return false;
      }
      Row result = session.execute(cas.apply(old)).one();
      if (result != null && result.getBoolean("[applied]")) {
        break;
      }
      if (result == null || !result.getColumnDefinitions().contains("status") || result.isNull("status")) {
        return false; // the run is gone
      }
      old = Version.of(result);
    }
    RunStatus status = newStatus == null ? old.status() : newStatus;
    int bucket = Cql.bucket(runId, options.statusBuckets());
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED)
        .setConsistencyLevel(options.consistency())
        .setQueryTimestamp(base + old.version() + 1)
        .addStatement(mirror.apply(old));
    Instant oldKey = Cql.orEpoch(old.updatedAt());
    Instant newKey = Cql.orEpoch(at);
    if (old.status() != status || !oldKey.equals(newKey)) {
      // a delete and an insert of the same row in one batch share a timestamp: the delete would win
      batch.addStatement(deleteIndex.bind(old.status().name(), bucket, periods.periodOf(oldKey), oldKey, runId));
    }
    batch.addStatement(indexRow(status, bucket, at, runId));
    long period = periods.periodOf(newKey);
    boolean mayBeDropped = periods.beforeIndexWrite(status, bucket, period);
    session.execute(batch.build());
    if (mayBeDropped) {
      Cql.await(periods.afterIndexWrite(status, bucket, period));
    }
    return true;
  }

  /** Writes the current version of a final run's header into the copy and the index again (idempotent). */
  private void resync(String runId) {
    Row row = session.execute(selectStatus.bind(runId)).one();
    if (row == null || row.isNull("status")) {
      return;
    }
    Cql.await(resyncAsync(runId, row));
  }

  /**
   * Writes the version of {@code row} (a status row) into the header copy and the index: one logged batch at that
   * version's timestamp, after (and, for a period that may have been dropped, also before) the period's entry.
   */
  private CompletionStage<?> resyncAsync(String runId, Row row) {
    RunRecord run = header(runId, row);
    int bucket = Cql.bucket(runId, options.statusBuckets());
    long period = periods.periodOf(run.updatedAt());
    boolean mayBeDropped = periods.beforeIndexWrite(run.status(), bucket, period);
    CompletionStage<?> written = session.executeAsync(BatchStatement.builder(BatchType.LOGGED)
        .setConsistencyLevel(options.consistency())
        .setQueryTimestamp(row.getLong("base_timestamp") + row.getLong("version"))
        .addStatement(mirrorStatus.bind(run.status().name(), run.reason(), run.updatedAt(), run.cancelRequested(),
            runId))
        .addStatement(indexRow(run.status(), bucket, run.updatedAt(), runId))
        .build());
    return mayBeDropped ? written.thenCompose(x -> periods.afterIndexWrite(run.status(), bucket, period)) : written;
  }

  /** The index row of a run in {@code status}; rows of final statuses expire after the configured TTL. */
  private BoundStatement indexRow(RunStatus status, int bucket, Instant updatedAt, String runId) {
    int ttl = status.isFinal() ? (int) options.finalIndexTtl().toSeconds() : 0;
    Instant key = Cql.orEpoch(updatedAt);
    return insertIndex.bind(status.name(), bucket, periods.periodOf(key), key, runId, ttl);
  }

  // ---------------------------------------------------------------- findByStatus, findFinished

  private record IndexEntry(Instant updatedAt, String runId) {}

  /** An index row as a scan read it: from which status's partition. */
  private record Candidate(IndexEntry entry, RunStatus status) {}

  private static final Comparator<Candidate> INDEX_ORDER = Comparator
      .comparing((Candidate c) -> c.entry().updatedAt()).thenComparing(c -> c.entry().runId());

  /** Final statuses: their index partitions are where {@link #findFinished} looks. */
  private static final List<RunStatus> FINAL = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);

  /** Reads the index partitions of {@code status}, period by period, oldest first: see {@link #scan}. */
  @Override
  public List<RunRecord> findByStatus(RunStatus status, RunRecord after, int limit) {
    return scan(List.of(status), cursorOf(after), null, limit);
  }

  /**
   * Reads the index partitions of the three final statuses up to the cutoff, period by period, oldest first:
   * see {@link #scan}.
   */
  @Override
  public List<RunRecord> findFinished(Instant finishedBefore, RunRecord after, int limit) {
    Objects.requireNonNull(finishedBefore, "finishedBefore");
    Instant cutoff = Cql.millis(finishedBefore);
    if (cutoff.isBefore(finishedBefore)) {
      cutoff = cutoff.plusMillis(1); // stored times are milliseconds: "before 10.0005" is "before 10.001"
    }
    return scan(FINAL, cursorOf(after), cutoff, limit);
  }

  private static IndexEntry cursorOf(RunRecord after) {
    return after == null ? null : new IndexEntry(Cql.orEpoch(Cql.millis(after.updatedAt())), after.runId());
  }

  /**
   * The runs indexed under {@code statuses}, after the cursor and (when {@code cutoff} is set) updated before the
   * cutoff, in index order, at most {@code limit}. It reads the periods table of every status and bucket, then
   * the periods in order: all rows of a period sort before those of the next, so it stops after the period that
   * filled the page. Within a period it queries every partition for at most the rows still needed, merges them
   * and reads their headers. Index rows whose run has moved on (a crash between a status change and the index
   * move, an interrupted deletion, an earlier run of a reused id) are skipped and removed, and the partition read
   * further, so a short page is rare rather than a sign of the end (an empty page is). Sealed partitions found
   * empty are dropped from the periods table, so no later scan reads their tombstones.
   */
  private List<RunRecord> scan(List<RunStatus> statuses, IndexEntry cursor, Instant cutoff, int limit) {
    List<RunRecord> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    Instant now = Instant.now();
    long from = cursor == null ? Long.MIN_VALUE : periods.periodOf(cursor.updatedAt());
    Long to = cutoff == null ? null : periods.periodOf(cutoff);
    List<StatusPeriods.Partition> keys = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<List<Long>>> entries = new ArrayList<>();
    for (RunStatus status : statuses) {
      for (int b = 0; b < options.statusBuckets(); b++) {
        keys.add(new StatusPeriods.Partition(status, b, 0));
        entries.add(periods.periods(status, b, from, to));
      }
    }
    java.util.TreeMap<Long, List<StatusPeriods.Partition>> byPeriod = new java.util.TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      StatusPeriods.Partition key = keys.get(i);
      for (long period : Cql.await(entries.get(i))) {
        byPeriod.computeIfAbsent(period, p -> new ArrayList<>())
            .add(new StatusPeriods.Partition(key.status(), key.bucket(), period));
      }
    }
    for (var period : byPeriod.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      scanPeriod(period.getKey(), period.getValue(), cursor != null && period.getKey() == from ? cursor : null,
          cutoff != null && periods.endOf(period.getKey()).isAfter(cutoff) ? cutoff : null, limit, now, out);
    }
    return out;
  }

  /** Adds the live runs of one period's partitions to {@code out} (see {@link #scan}), until it holds {@code limit}. */
  private void scanPeriod(long period, List<StatusPeriods.Partition> partitions, IndexEntry cursor, Instant cutoff,
      int limit, Instant now, List<RunRecord> out) {
    IndexEntry after = cursor;
    while (out.size() < limit) {
      int need = limit - out.size();
      List<CompletionStage<AsyncResultSet>> scans = new ArrayList<>();
      for (StatusPeriods.Partition p : partitions) {
        scans.add(session.executeAsync(rowsOf(p, after, cutoff, need).setPageSize(need)));
      }
      List<Candidate> candidates = new ArrayList<>();
      boolean more = false;
      for (int i = 0; i < scans.size(); i++) {
        StatusPeriods.Partition p = partitions.get(i);
        int rows = 0;
        for (Row row : Cql.await(scans.get(i)).currentPage()) {
          candidates.add(new Candidate(new IndexEntry(row.getInstant("updated_at"), row.getString("run_id")),
              p.status()));
          rows++;
        }
        more |= rows == need;
        if (rows == 0 && after == null && cutoff == null) {
          periods.dropIfEmpty(p, now);
        }
      }
      if (candidates.isEmpty()) {
        return;
      }
      candidates.sort(INDEX_ORDER);
      // every partition returned up to `need` rows, so the first `need` of the merge are the oldest of all
      List<Candidate> chunk = candidates.subList(0, Math.min(need, candidates.size()));
      verify(chunk, out);
      if (!more && chunk.size() == candidates.size()) {
        return; // every partition of the period is read to its end
      }
      after = chunk.get(chunk.size() - 1).entry();
    }
  }

  /** The query for the rows of one index partition after {@code after} and before {@code cutoff} (each if set). */
  private BoundStatement rowsOf(StatusPeriods.Partition p, IndexEntry after, Instant cutoff, int limit) {
    String s = p.status().name();
    if (cutoff == null) {
      return after == null ? scanIndex.bind(s, p.bucket(), p.period(), limit)
          : scanIndexAfter.bind(s, p.bucket(), p.period(), after.updatedAt(), after.runId(), limit);
    }
    return after == null ? scanFinished.bind(s, p.bucket(), p.period(), cutoff, limit)
        : scanFinishedAfter.bind(s, p.bucket(), p.period(), after.updatedAt(), after.runId(), cutoff, "", limit);
  }

  /** Reads the headers of index rows, adds those that match to {@code out}, and removes the stale ones. */
  private void verify(List<Candidate> chunk, List<RunRecord> out) {
    List<CompletionStage<AsyncResultSet>> reads = new ArrayList<>();
    for (Candidate c : chunk) {
      reads.add(session.executeAsync(selectStatus.bind(c.entry().runId())));
    }
    for (int i = 0; i < chunk.size(); i++) {
      IndexEntry e = chunk.get(i).entry();
      RunStatus indexed = chunk.get(i).status();
      Row row = Cql.await(reads.get(i)).one();
      boolean exists = row != null && !row.isNull("status");
      RunRecord run = exists ? header(e.runId(), row) : null;
      if (run != null && run.status() == indexed && Cql.orEpoch(run.updatedAt()).equals(e.updatedAt())) {
        out.add(run);
        continue;
      }
      BoundStatement stale = deleteIndex.bind(indexed.name(), Cql.bucket(e.runId(), options.statusBuckets()),
          periods.periodOf(e.updatedAt()), e.updatedAt(), e.runId());
      if (exists) {
        // Written by an older version of the run, or an earlier run of this id: deleting at the current
        // version's timestamp cannot remove a newer row. The current version's rows may be missing as well (a
        // crash between a status transaction and its mirror): write them again, or a run that finished that way
        // would never be found by findFinished, and so never deleted by retention.
        session.executeAsync(stale.setQueryTimestamp(row.getLong("base_timestamp") + row.getLong("version")));
        resyncAsync(e.runId(), row);
      } else {
        session.executeAsync(stale); // left by an interrupted deletion
      }
    }
  }

  // ---------------------------------------------------------------- retention

  /**
   * One read of the status row (only a final run is deleted), then one logged batch: the context partition
   * (header copy, context, node records), the index row and the status row, all or nothing. The deletions are
   * written now, and in any case after the header's last version ({@code base_timestamp + version}), so a late
   * copy of that version (a resync) cannot bring the run back. A run created again under the same id writes
   * later than that: this relies on clocks, as Cassandra's last-write-wins always does (it matters only for an id
   * used again within a clock skew of its deletion).
   */
  @Override
  public boolean deleteRun(String runId) {
    Row row = session.execute(selectStatus.bind(runId)).one();
    if (row == null || row.isNull("status")) {
      return false;
    }
    RunRecord run = header(runId, row);
    if (!run.status().isFinal()) {
      return false;
    }
    long at = Math.max(Cql.nowMicros(), row.getLong("base_timestamp") + row.getLong("version") + 1);
    session.execute(BatchStatement.builder(BatchType.LOGGED)
        .setConsistencyLevel(options.consistency())
        .setQueryTimestamp(at)
        .addStatement(deletePartition.bind(runId))
        .addStatement(deleteIndex.bind(run.status().name(), Cql.bucket(runId, options.statusBuckets()),
            periods.periodOf(run.updatedAt()), Cql.orEpoch(run.updatedAt()), runId))
        .addStatement(deleteStatus.bind(runId))
        .build());
    // Cassandra's own timestamps (those of lightweight transactions, e.g. the creation of a run) have millisecond
    // resolution: return only once the clock is past this deletion's millisecond, so that a run created again
    // right after this call is written later than the deletion (on this machine's clock) instead of tying it.
    while (System.currentTimeMillis() <= at / 1_000) {
      Thread.onSpinWait();
    }
    return true;
  }
}
