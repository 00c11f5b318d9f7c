package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The periods table of the status index: which (status, bucket, period) index partitions may hold rows, so that
 * a scan reads those partitions only, never the empty ones that runs moved out of (each holds a tombstone per run
 * that went through it).
 *
 * <p>The protocol, and why nothing is lost:
 * <ul>
 *   <li>Every index row is written after its period's entry ({@link #beforeIndexWrite}), so a crash between the two
 *       leaves at most an entry without rows, never a row that no scan visits. A process writes the entry of a
 *       <em>current</em> period once (it remembers the ones it wrote).
 *   <li>A period is <em>sealed</em> once the wall clock is past its end by twice the clock skew: ordinary index
 *       writes (of a status change at "now") no longer go into it. Only a sealed period found empty by a scan is
 *       dropped ({@link #dropIfEmpty}): its entry is deleted, the partition read again and the entry written back
 *       if a row arrived meanwhile.
 *   <li>A write into a period that may have been dropped (a repair of an old run's index row) writes the entry
 *       before and after the row ({@link #afterIndexWrite}), with a write timestamp one clock skew ahead, so it wins
 *       over a concurrent drop: either the drop's second read sees the row, or the entry written after the row
 *       outlives the drop's delete.
 * </ul>
 *
 * <p>Thread-safe: statements are prepared once; the set of entries written is concurrent.
 */
final class StatusPeriods {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatusPeriods.class);
  /** Entries remembered before old ones are forgotten (they are only an optimisation). */
  private static final int REMEMBERED = 4096;

  /** One index partition. */
  record Partition(RunStatus status, int bucket, long period) {}

  private final CqlSession session;
  private final long periodMillis;
  private final long skewMillis;
  private final int finalTtlSeconds;
  private final PreparedStatement insertEntry;
  private final PreparedStatement deleteEntry;
  private final PreparedStatement selectEntries;
  private final PreparedStatement selectEntriesUpTo;
  private final PreparedStatement probe;
  private final Set<Partition> written = ConcurrentHashMap.newKeySet();

  StatusPeriods(CqlSession session, CassandraOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    this.periodMillis = options.statusPeriod().toMillis();
    this.skewMillis = options.clockSkew().toMillis();
    long ttl = options.finalIndexTtl().isZero() ? 0
        : Math.min(Integer.MAX_VALUE, options.finalIndexTtl().toSeconds() + options.statusPeriod().toSeconds() + 1);
    this.finalTtlSeconds = (int) ttl;
    String periods = CassandraSchema.table(options, options.statusPeriodsTable());
    String index = CassandraSchema.table(options, options.statusIndexTable());
    insertEntry = Cql.prepare(session, options, "INSERT INTO " + periods + " (status, bucket, period) VALUES (?, ?, ?)"
        + " USING TTL ? AND TIMESTAMP ?");
    deleteEntry = Cql.prepare(session, options, "DELETE FROM " + periods + " USING TIMESTAMP ?"
        + " WHERE status = ? AND bucket = ? AND period = ?");
    selectEntries = Cql.prepare(session, options, "SELECT period FROM " + periods
        + " WHERE status = ? AND bucket = ? AND period >= ?");
    selectEntriesUpTo = Cql.prepare(session, options, "SELECT period FROM " + periods
        + " WHERE status = ? AND bucket = ? AND period >= ? AND period <= ?");
    probe = Cql.prepare(session, options, "SELECT run_id FROM " + index
        + " WHERE status = ? AND bucket = ? AND period = ? LIMIT 1");
  }

  /** The period an index row updated at {@code t} belongs to. */
  long periodOf(Instant t) {
    return Math.floorDiv(Cql.orEpoch(t).toEpochMilli(), periodMillis);
  }

  /** The first instant of the period after {@code period}. */
  Instant endOf(long period) {
    return Instant.ofEpochMilli((period + 1) * periodMillis);
  }

  /** Whether ordinary writes no longer go into {@code period}: only then may a scan drop it. */
  boolean sealed(long period, Instant now) {
    return now.toEpochMilli() > (period + 1) * periodMillis + 2 * skewMillis;
  }

  /**
   * Ensures the entry of an index row's partition exists before the row is written. Returns whether the partition
   * may have been dropped already, in which case {@link #afterIndexWrite} must follow the row's write.
   */
  boolean beforeIndexWrite(RunStatus status, int bucket, long period) {
    Partition p = new Partition(status, bucket, period);
    // writes into a period that may be sealed by the time they land are repairs: never rely on memory for them
    boolean mayBeDropped = Instant.now().toEpochMilli() > (period + 1) * periodMillis + skewMillis;
    if (!mayBeDropped && written.contains(p)) {
      return false;
    }
    Cql.await(writeEntry(p));
    if (!mayBeDropped) {
      if (written.size() > REMEMBERED) {
        written.clear();
      }
      written.add(p);
    }
    return mayBeDropped;
  }

  /** Writes the entry again after the row (see the class comment). */
  CompletionStage<AsyncResultSet> afterIndexWrite(RunStatus status, int bucket, long period) {
    return writeEntry(new Partition(status, bucket, period));
  }

  private CompletionStage<AsyncResultSet> writeEntry(Partition p) {
    int ttl = p.status().isFinal() ? finalTtlSeconds : 0;
    long at = Cql.micros(Instant.now().plusMillis(skewMillis));
    return session.executeAsync(insertEntry.bind(p.status().name(), p.bucket(), p.period(), ttl, at)
        .setIdempotent(true));
  }

  /**
   * The periods of {@code status} and {@code bucket} from {@code from} on (up to {@code to} inclusive when not
   * null), ascending: the answer arrives asynchronously, so a caller queries all buckets at once.
   */
  CompletableFuture<List<Long>> periods(RunStatus status, int bucket, long from, Long to) {
    var st = to == null ? selectEntries.bind(status.name(), bucket, from)
        : selectEntriesUpTo.bind(status.name(), bucket, from, to);
    List<Long> out = new ArrayList<>();
    return collect(session.executeAsync(st), out).toCompletableFuture();
  }

  private CompletionStage<List<Long>> collect(CompletionStage<AsyncResultSet> page, List<Long> out) {
    return page.thenCompose(rs -> {
      for (Row row : rs.currentPage()) {
        out.add(row.getLong("period"));
      }
      return rs.hasMorePages() ? collect(rs.fetchNextPage(), out) : CompletableFuture.completedFuture(out);
    });
  }

  /**
   * Drops the entry of a sealed partition that a scan found empty: deletes it, reads the partition again, and
   * writes the entry back if a row arrived in between (a repair). Asynchronous: a scan does not wait for it, and
   * a failure only means a later scan reads the empty partition once more.
   */
  CompletionStage<Void> dropIfEmpty(Partition p, Instant now) {
    if (!sealed(p.period(), now)) {
      return CompletableFuture.completedFuture(null);
    }
    written.remove(p);
    return session.executeAsync(deleteEntry.bind(Cql.micros(now), p.status().name(), p.bucket(), p.period())
            .setIdempotent(true))
        .thenCompose(deleted -> session.executeAsync(probe.bind(p.status().name(), p.bucket(), p.period())))
        .thenCompose(rs -> rs.one() == null ? CompletableFuture.<Void>completedFuture(null)
            : writeEntry(p).thenApply(x -> (Void) null))
        .exceptionally(e -> {
          LOG.debug("Dropping the empty status index period {} failed; a later scan tries again", p, e);
          return null;
        });
  }
}
