package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the Cassandra stores keep their data. Immutable; every name is validated as a safe CQL
 * identifier (see {@link CqlIdentifiers}). Build with {@link #builder()}; {@link #defaults()} gives the
 * documented defaults.
 *
 * @param keyspace           keyspace of all tables ({@code flowcraft})
 * @param contextTable       one partition per run: header copy, context entries, node records
 * @param statusTable        run headers, the truth for status ({@code getRun})
 * @param statusIndexTable   runs by status, in partitions of (status, bucket, period of the last update), for
 *                           {@code findByStatus}, {@code findFinished} and the reconciler
 * @param statusPeriodsTable per status and bucket, the periods whose index partitions may hold rows: scans read
 *                           only those, and drop a sealed period found empty, so the tombstones of runs that moved
 *                           on are never read again
 * @param timersTable        due timers by shard and time bucket, ordered by due time, for {@code due}
 * @param timerWatermarksTable per timer shard, the oldest time bucket that may still hold due rows: scans start
 *                           there, so the tombstones of fired timers in older buckets are never read again
 * @param timersByIdTable    timers by id, for replace and {@code claim}
 * @param timersByRunTable   timer ids by run, for {@code cancelRun}
 * @param blueprintsTable    blueprint JSON by content reference
 * @param webhooksTable      webhook endpoints by id: run and event, with an expiry
 * @param replicationFactor  replication factor of a keyspace created by {@link CassandraSchema#create}
 * @param datacenter         when set, the keyspace uses NetworkTopologyStrategy with this datacenter;
 *                           else SimpleStrategy
 * @param statusBuckets      buckets per status in the status index; fixed for the life of the data
 * @param timerShards        shard partitions of the timers table per time bucket; fixed for the life of the data
 * @param timerBucket        the time span of one timer partition (1 minute); fixed for the life of the data
 * @param statusPeriod       the time span of one status index partition (10 minutes); fixed for the life of the
 *                           data. Shorter periods mean fewer tombstones per partition and more rows in the periods
 *                           table (one per period, status and bucket while the period holds runs)
 * @param clockSkew          how far apart the clocks of the processes may be, plus the longest a write may take
 *                           (2 minutes): a timer bucket is scanned, and a status period kept, until the wall clock
 *                           is this far past its end, since a process whose clock is behind, or a slow write, may
 *                           still put a row in it
 * @param consistency        consistency of reads and writes (LOCAL_QUORUM)
 * @param serialConsistency  consistency of lightweight transactions (SERIAL)
 * @param loadPageSize       rows per page of a run load: a run with more rows than this is read in several
 *                           pages and loses snapshot isolation, so keep it above the largest run
 * @param finalIndexTtl      how long finished runs stay in the status index ({@code findByStatus} of
 *                           COMPLETED, FAILED, CANCELLED); zero (the default) keeps them until retention deletes
 *                           them with their runs ({@code KafkaAdapterOptions.retention}, which finds runs through
 *                           these rows: a TTL shorter than the retention is rejected there). Without retention,
 *                           the index partitions of final statuses grow with every run ever finished. The TTL
 *                           expires only the index rows, never the runs.
 * @param webhookTtl         how long a webhook endpoint answers after its node registered it (7 days): a
 *                           request after that gets 404, and the row is gone (Cassandra TTL)
 */
public record CassandraOptions(String keyspace, String contextTable, String statusTable, String statusIndexTable,
    String statusPeriodsTable, String timersTable, String timerWatermarksTable, String timersByIdTable, String timersByRunTable,
    String blueprintsTable, String webhooksTable, int replicationFactor, String datacenter, int statusBuckets,
    int timerShards, Duration timerBucket, Duration statusPeriod, Duration clockSkew, ConsistencyLevel consistency,
    ConsistencyLevel serialConsistency, int loadPageSize, Duration finalIndexTtl, Duration webhookTtl) {

  /** Cassandra's largest TTL: 20 years. */
  private static final long MAX_TTL_SECONDS = 630_720_000L;

  private static final java.util.regex.Pattern DATACENTER = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public CassandraOptions {
    CqlIdentifiers.require("keyspace", keyspace);
    CqlIdentifiers.require("context table", contextTable);
    CqlIdentifiers.require("status table", statusTable);
    CqlIdentifiers.require("status index table", statusIndexTable);
    CqlIdentifiers.require("status periods table", statusPeriodsTable);
    CqlIdentifiers.require("timers table", timersTable);
    CqlIdentifiers.require("timer watermarks table", timerWatermarksTable);
    CqlIdentifiers.require("timers-by-id table", timersByIdTable);
    CqlIdentifiers.require("timers-by-run table", timersByRunTable);
    CqlIdentifiers.require("blueprints table", blueprintsTable);
    CqlIdentifiers.require("webhooks table", webhooksTable);
    Set<String> seen = new HashSet<>();
    for (String t : List.of(contextTable, statusTable, statusIndexTable, statusPeriodsTable, timersTable, timerWatermarksTable, timersByIdTable,
        timersByRunTable, blueprintsTable, webhooksTable)) {
      if (!seen.add(t.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("Table name '" + t + "' is used twice: give every Flowcraft table its own name");
      }
    }
    if (datacenter != null) {
      // A data-center name is a string in the replication map, not a CQL identifier: us-east-1 is common.
      if (!DATACENTER.matcher(datacenter).matches()) {
        throw new IllegalArgumentException("datacenter '" + datacenter.replaceAll("\\p{Cntrl}", "?") + "' is not"
            + " allowed: use 1 to 64 characters of A-Z a-z 0-9 _ - . (e.g. us-east-1, dc1), starting with a letter or"
            + " digit, as your cluster names it (nodetool status shows it).");
      }
    }
    requirePositive("replicationFactor", replicationFactor);
    requirePositive("statusBuckets", statusBuckets);
    requirePositive("timerShards", timerShards);
    requirePositive("loadPageSize", loadPageSize);
    Objects.requireNonNull(timerBucket, "timerBucket");
    if (timerBucket.toMillis() < 1) {
      throw new IllegalArgumentException("timerBucket must be at least 1 ms, not " + timerBucket);
    }
    Objects.requireNonNull(statusPeriod, "statusPeriod");
    if (statusPeriod.toMillis() < 1) {
      throw new IllegalArgumentException("statusPeriod must be at least 1 ms, not " + statusPeriod);
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative, not " + clockSkew);
    }
    Objects.requireNonNull(finalIndexTtl, "finalIndexTtl");
    if (finalIndexTtl.isNegative() || finalIndexTtl.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("finalIndexTtl must be zero (keep forever) or a positive number of seconds,"
          + " not " + finalIndexTtl);
    }
    Objects.requireNonNull(webhookTtl, "webhookTtl");
    if (webhookTtl.toSeconds() < 1 || webhookTtl.toSeconds() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("webhookTtl must be between 1 second and 20 years (Cassandra's TTL range),"
          + " not " + webhookTtl);
    }
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(serialConsistency, "serialConsistency");
    if (!serialConsistency.isSerial()) {
      throw new IllegalArgumentException("serialConsistency must be SERIAL or LOCAL_SERIAL, not " + serialConsistency);
    }
  }

  private static void requirePositive(String what, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, not " + v);
    }
  }

  public static CassandraOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyspace = keyspace;
    b.contextTable = contextTable;
    b.statusTable = statusTable;
    b.statusIndexTable = statusIndexTable;
    b.statusPeriodsTable = statusPeriodsTable;
    b.timersTable = timersTable;
    b.timerWatermarksTable = timerWatermarksTable;
    b.timersByIdTable = timersByIdTable;
    b.timersByRunTable = timersByRunTable;
    b.blueprintsTable = blueprintsTable;
    b.webhooksTable = webhooksTable;
    b.replicationFactor = replicationFactor;
    b.datacenter = datacenter;
    b.statusBuckets = statusBuckets;
    b.timerShards = timerShards;
    b.timerBucket = timerBucket;
    b.statusPeriod = statusPeriod;
    b.clockSkew = clockSkew;
    b.consistency = consistency;
    b.serialConsistency = serialConsistency;
    b.loadPageSize = loadPageSize;
    b.finalIndexTtl = finalIndexTtl;
    b.webhookTtl = webhookTtl;
    return b;
  }

  /** Builds {@link CassandraOptions}; names are validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String keyspace = "flowcraft";
    private String contextTable = "flowcraft_context";
    private String statusTable = "flowcraft_status";
    private String statusIndexTable = "flowcraft_runs_by_status";
    private String statusPeriodsTable = "flowcraft_status_periods";
    // due timers by time bucket (the earlier flowcraft_timers, one queue partition per shard, is not used any more)
    private String timersTable = "flowcraft_timers_due";
    private String timerWatermarksTable = "flowcraft_timer_watermarks";
    private String timersByIdTable = "flowcraft_timers_by_id";
    private String timersByRunTable = "flowcraft_timers_by_run";
    private String blueprintsTable = "flowcraft_blueprints";
    private String webhooksTable = "flowcraft_webhooks";
    private int replicationFactor = 1;
    private String datacenter;
    private int statusBuckets = 16;
    private int timerShards = 4;
    private Duration timerBucket = Duration.ofMinutes(1);
    private Duration statusPeriod = Duration.ofMinutes(10);
    private Duration clockSkew = Duration.ofMinutes(2);
    private ConsistencyLevel consistency = DefaultConsistencyLevel.LOCAL_QUORUM;
    private ConsistencyLevel serialConsistency = DefaultConsistencyLevel.SERIAL;
    private int loadPageSize = 100_000;
    private Duration finalIndexTtl = Duration.ZERO;
    private Duration webhookTtl = Duration.ofDays(7);

    private Builder() {}

    public Builder keyspace(String v) {
      keyspace = v;
      return this;
    }

    public Builder contextTable(String v) {
      contextTable = v;
      return this;
    }

    public Builder statusTable(String v) {
      statusTable = v;
      return this;
    }

    public Builder statusIndexTable(String v) {
      statusIndexTable = v;
      return this;
    }

    public Builder timersTable(String v) {
      timersTable = v;
      return this;
    }

    public Builder timerWatermarksTable(String v) {
      timerWatermarksTable = v;
      return this;
    }

    /** The time span of one timer partition (default 1 minute). */
    public Builder timerBucket(Duration v) {
      timerBucket = v;
      return this;
    }

    /** How far apart the processes' clocks may be, plus the longest a timer write may take (default 2 minutes). */
    public Builder statusPeriod(Duration v) {
      statusPeriod = v;
      return this;
    }

    public Builder statusPeriodsTable(String v) {
      statusPeriodsTable = v;
      return this;
    }

    public Builder clockSkew(Duration v) {
      clockSkew = v;
      return this;
    }

    public Builder timersByIdTable(String v) {
      timersByIdTable = v;
      return this;
    }

    public Builder timersByRunTable(String v) {
      timersByRunTable = v;
      return this;
    }

    public Builder blueprintsTable(String v) {
      blueprintsTable = v;
      return this;
    }

    public Builder webhooksTable(String v) {
      webhooksTable = v;
      return this;
    }

    /** How long webhook endpoints answer after registration (default 7 days; whole seconds). */
    public Builder webhookTtl(Duration v) {
      webhookTtl = v;
      return this;
    }

    public Builder replicationFactor(int v) {
      replicationFactor = v;
      return this;
    }

    /** Use NetworkTopologyStrategy in this datacenter (null: SimpleStrategy). */
    public Builder datacenter(String v) {
      datacenter = v;
      return this;
    }

    public Builder statusBuckets(int v) {
      statusBuckets = v;
      return this;
    }

    public Builder timerShards(int v) {
      timerShards = v;
      return this;
    }

    public Builder consistency(ConsistencyLevel v) {
      consistency = v;
      return this;
    }

    public Builder serialConsistency(ConsistencyLevel v) {
      serialConsistency = v;
      return this;
    }

    public Builder loadPageSize(int v) {
      loadPageSize = v;
      return this;
    }

    /** Expire index rows of finished runs after this long (zero: never). */
    public Builder finalIndexTtl(Duration v) {
      finalIndexTtl = v;
      return this;
    }

    public CassandraOptions build() {
      return new CassandraOptions(keyspace, contextTable, statusTable, statusIndexTable, statusPeriodsTable, timersTable,
          timerWatermarksTable, timersByIdTable, timersByRunTable, blueprintsTable, webhooksTable, replicationFactor,
          datacenter, statusBuckets, timerShards, timerBucket, statusPeriod, clockSkew, consistency, serialConsistency,
          loadPageSize, finalIndexTtl, webhookTtl);
    }
  }
}
