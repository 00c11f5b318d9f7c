package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;

/**
 * The keyspace and tables of the Cassandra stores. {@link #create} applies them idempotently
 * ({@code IF NOT EXISTS}); {@link #cql} returns the same statements as a CQL script, for operators who
 * create the schema themselves (docs, {@code --help}), and {@link #statements} one by one.
 *
 * <p>Why this shape:
 * <ul>
 *   <li>context table: one partition per run, so a load is one single-partition SELECT and a node commit
 *       is one single-partition batch (atomic and isolated without a lightweight transaction). Static
 *       columns hold a copy of the run header; {@code kind} 0 rows are context entries, {@code kind} 1 rows
 *       node records (value: JSON of the whole record, so an upsert replaces one cell and leaves no cell
 *       tombstones).
 *   <li>status table: the truth for run headers, changed only by lightweight transactions. Each change
 *       increments {@code version}; the header copy and the index rows of version v are written with the
 *       write timestamp {@code base_timestamp + v}, so they converge on the latest version whatever order
 *       the writes of two quick changes arrive in.
 *   <li>status index: runs by status without ALLOW FILTERING, in partitions of (status, bucket, period of the
 *       run's last update), ordered by update time. Rows of live statuses come and go; rows of final statuses stay
 *       until retention deletes them with their run ({@link CassandraRunStateStore#findFinished} reads them by end
 *       time, oldest first), or {@link CassandraOptions#finalIndexTtl()} expires them. The periods table lists,
 *       per status and bucket, the periods that may hold rows; scans read only those, and drop sealed periods
 *       found empty (see {@link StatusPeriods}), so the tombstones a partition collects as runs move on are read
 *       at most until the period is over, not by every scan for ever (the earlier shape, one partition per status
 *       and bucket, made every reconciler pass walk all of them from the oldest). Leveled compaction: the
 *       partitions are read by every scan and rewritten by every status change, and tombstones are purged sooner
 *       when a partition lives in few sstables.
 *   <li>timers: due rows in partitions of (shard, time bucket), ordered by due time; a row goes to the bucket of
 *       its due time, or of its write time if that is later (a timer due in the past goes to the current bucket),
 *       so once the wall clock is past a bucket's end by the allowed clock skew, nothing is written into it any
 *       more. Each shard's watermark row names the oldest bucket that may still hold rows; scans start there and
 *       move it on past buckets found empty, so the tombstones of fired timers are never read again (the old
 *       shape, one partition per shard, made every poll walk them from the oldest row). Leveled compaction: the
 *       current buckets are read on every poll. By-id rows for replace and claim; by-run rows for cancellation.
 *   <li>webhooks: one row per endpoint id, written with a TTL, so expired endpoints vanish without a sweeper.
 *       The row {@code ~secret} (not a possible id) holds the id secret when none is configured.
 * </ul>
 */
public final class CassandraSchema {

  /**
   * The status index and the due timers are queue-like: rows are deleted as runs move on and timers fire, and
   * scans start at the oldest rows, where the tombstones are. A short grace period lets compaction drop them
   * soon. That is safe here: a row brought back by a missed deletion never counts, because every index row
   * is checked against the status row and every due row against its by-id row before use.
   */
  static final int QUEUE_GC_GRACE_SECONDS = 3600;

  private CassandraSchema() {}

  /** Creates the keyspace and all tables if they do not exist, waiting for schema agreement. */
  public static void create(CqlSession session, CassandraOptions options) {
    for (String cql : statements(options)) {
      session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(30)));
    }
    session.checkSchemaAgreement();
  }

  /** The statements {@link #create} runs, as a script for cqlsh: each ends with a semicolon. */
  public static String cql(CassandraOptions options) {
    return String.join(";\n\n", statements(options)) + ";\n";
  }

  /** The CQL statements {@link #create} runs, in order, without semicolons. */
  public static List<String> statements(CassandraOptions o) {
    String ks = o.keyspace();
    String replication = o.datacenter() == null
        ? "{'class': 'SimpleStrategy', 'replication_factor': " + o.replicationFactor() + "}"
        : "{'class': 'NetworkTopologyStrategy', '" + o.datacenter() + "': " + o.replicationFactor() + "}";
    return List.of(
        "CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = " + replication,
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.contextTable() + " (\n"
            + "  run_id text,\n"
            + "  kind tinyint,\n"
            + "  key text,\n"
            + "  value text,\n"
            + "  blueprint_id text static,\n"
            + "  blueprint_ref text static,\n"
            + "  parent_run_id text static,\n"
            + "  parent_instance text static,\n"
            + "  status text static,\n"
            + "  cancel_requested boolean static,\n"
            + "  reason text static,\n"
            + "  created_at timestamp static,\n"
            + "  updated_at timestamp static,\n"
            + "  PRIMARY KEY ((run_id), kind, key)\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.statusTable() + " (\n"
            + "  run_id text PRIMARY KEY,\n"
            + "  blueprint_id text,\n"
            + "  blueprint_ref text,\n"
            + "  parent_run_id text,\n"
            + "  parent_instance text,\n"
            + "  status text,\n"
            + "  cancel_requested boolean,\n"
            + "  reason text,\n"
            + "  created_at timestamp,\n"
            + "  updated_at timestamp,\n"
            + "  bucket int,\n"
            + "  version bigint,\n"
            + "  base_timestamp bigint\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.statusIndexTable() + " (\n"
            + "  status text,\n"
            + "  bucket int,\n"
            + "  period bigint,\n"
            + "  updated_at timestamp,\n"
            + "  run_id text,\n"
            + "  PRIMARY KEY ((status, bucket, period), updated_at, run_id)\n"
            + ") WITH CLUSTERING ORDER BY (updated_at ASC, run_id ASC)\n"
            + "  AND gc_grace_seconds = " + QUEUE_GC_GRACE_SECONDS + "\n"
            + "  AND compaction = {'class': 'LeveledCompactionStrategy'}",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.statusPeriodsTable() + " (\n"
            + "  status text,\n"
            + "  bucket int,\n"
            + "  period bigint,\n"
            + "  PRIMARY KEY ((status, bucket), period)\n"
            + ") WITH CLUSTERING ORDER BY (period ASC)\n"
            + "  AND gc_grace_seconds = " + QUEUE_GC_GRACE_SECONDS,
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.timersTable() + " (\n"
            + "  shard int,\n"
            + "  bucket bigint,\n"
            + "  due_at timestamp,\n"
            + "  timer_id text,\n"
            + "  job text,\n"
            + "  PRIMARY KEY ((shard, bucket), due_at, timer_id)\n"
            + ") WITH CLUSTERING ORDER BY (due_at ASC, timer_id ASC)\n"
            + "  AND gc_grace_seconds = " + QUEUE_GC_GRACE_SECONDS + "\n"
            + "  AND compaction = {'class': 'LeveledCompactionStrategy'}",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.timerWatermarksTable() + " (\n"
            + "  shard int PRIMARY KEY,\n"
            + "  bucket bigint\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.timersByIdTable() + " (\n"
            + "  timer_id text PRIMARY KEY,\n"
            + "  due_at timestamp,\n"
            + "  run_id text,\n"
            + "  job text\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.timersByRunTable() + " (\n"
            + "  run_id text,\n"
            + "  timer_id text,\n"
            + "  due_at timestamp,\n"
            + "  PRIMARY KEY ((run_id), timer_id)\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.blueprintsTable() + " (\n"
            + "  ref text PRIMARY KEY,\n"
            + "  blueprint_id text,\n"
            + "  version text,\n"
            + "  json text,\n"
            + "  stored_at timestamp\n"
            + ")",
        "CREATE TABLE IF NOT EXISTS " + ks + "." + o.webhooksTable() + " (\n"
            + "  id text PRIMARY KEY,\n"
            + "  run_id text,\n"
            + "  event text,\n"
            + "  created_at timestamp,\n"
            + "  expires_at timestamp,\n"
            + "  secret blob\n"
            + ")");
  }

  /** {@code keyspace.table}. */
  static String table(CassandraOptions o, String table) {
    return o.keyspace() + "." + table;
  }
}
