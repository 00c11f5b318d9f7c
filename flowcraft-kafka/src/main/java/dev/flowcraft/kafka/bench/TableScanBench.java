package dev.flowcraft.kafka.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.cassandra.CassandraRunStateStore;
import dev.flowcraft.cassandra.CassandraSchema;
import dev.flowcraft.cassandra.CassandraTimerStore;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.Timer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * How the scans of the Cassandra tables behave as runs go through them: writes {@code runs} runs, each created
 * {@code running} and then completed (its status index row moves, leaving a tombstone) with one timer scheduled
 * and fired (its due row deleted), and after every {@code step} runs times the scans the workers make:
 *
 * <ul>
 *   <li>timer poll: {@link CassandraTimerStore#due} (time-bucketed partitions, from the watermark);</li>
 *   <li>the same poll on the earlier shape, one queue partition per shard scanned from its oldest row, written
 *       and deleted alongside in a scratch table, for an A/B in the same sitting;</li>
 *   <li>reconciler page: {@code findByStatus(RUNNING, 1000)}, with 100 long runs started first that stay running
 *       (the status index in periods of {@code statusPeriod});</li>
 *   <li>the same page on the earlier shape of the status index, one partition per status and bucket read from its
 *       oldest row, written alongside in a scratch table, with the same header reads;</li>
 *   <li>retention page: {@code findFinished(now, 1000)}.</li>
 * </ul>
 *
 * Each scan is timed {@link #SAMPLES} times; the median and the largest are reported. Runs in a scratch keyspace,
 * dropped at the end. Single-threaded scans against a loaded writer would measure the writer: writes pause while
 * the scans are timed.
 */
public final class TableScanBench {
  /** Scans timed per point. */
  static final int SAMPLES = 5;
  /** Long runs created first, running throughout: the reconciler's page starts with them. */
  static final int LONG_RUNS = 100;
  private static final int OLD_SHARDS = 16;

  /** One measurement after {@code written} runs: median and max milliseconds per scan. */
  public record Point(int written, double timerMs, double timerMaxMs, double oldTimerMs, double oldTimerMaxMs,
      double reconcileMs, double reconcileMaxMs, double oldReconcileMs, double oldReconcileMaxMs,
      double retentionMs, double retentionMaxMs) {}

  private TableScanBench() {}

  /** Runs the benchmark; progress lines go to {@code progress}. */
  public static List<Point> run(KafkaAdapterOptions servers, int runs, int step, int writers, Duration statusPeriod,
      PrintStream progress) throws Exception {
    String ks = "flowcraft_scan_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    CassandraOptions options = servers.cassandra().toBuilder().keyspace(ks).statusPeriod(statusPeriod).build();
    List<Point> points = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try (CqlSession session = KafkaBackends.openSession(servers, null)) {
      progress.println("[scan] creating scratch keyspace " + ks);
      CassandraSchema.create(session, options);
      String oldTable = ks + ".old_shape_timers";
      session.execute(SimpleStatement.newInstance("CREATE TABLE " + oldTable + " (shard int, due_at timestamp,"
          + " timer_id text, job text, PRIMARY KEY ((shard), due_at, timer_id)) WITH CLUSTERING ORDER BY"
          + " (due_at ASC, timer_id ASC) AND gc_grace_seconds = 3600").setTimeout(Duration.ofSeconds(30)));
      PreparedStatement oldInsert = session.prepare("INSERT INTO " + oldTable + " (shard, due_at, timer_id, job)"
          + " VALUES (?, ?, ?, 'j')");
      PreparedStatement oldDelete = session.prepare("DELETE FROM " + oldTable
          + " WHERE shard = ? AND due_at = ? AND timer_id = ?");
      PreparedStatement oldScan = session.prepare("SELECT due_at, timer_id FROM " + oldTable
          + " WHERE shard = ? AND due_at <= ? LIMIT 1000");
      String oldIndex = ks + ".old_shape_status_index";
      session.execute(SimpleStatement.newInstance("CREATE TABLE " + oldIndex + " (status text, bucket int,"
          + " updated_at timestamp, run_id text, PRIMARY KEY ((status, bucket), updated_at, run_id)) WITH CLUSTERING"
          + " ORDER BY (updated_at ASC, run_id ASC) AND gc_grace_seconds = 3600").setTimeout(Duration.ofSeconds(30)));
      OldIndex old = new OldIndex(session, oldIndex, ks + "." + options.statusTable(), options.statusBuckets());
      CassandraRunStateStore runsStore = new CassandraRunStateStore(session, options);
      CassandraTimerStore timers = new CassandraTimerStore(session, options);
      Instant t0 = Instant.now();
      for (int i = 0; i < LONG_RUNS; i++) {
        runsStore.createRun(header("long-" + i, t0), java.util.Map.of());
        old.insert("RUNNING", t0, "long-" + i);
      }
      IntConsumer oneRun = i -> {
        String id = "run-" + i;
        Instant at = Instant.now();
        runsStore.createRun(header(id, at), java.util.Map.of());
        runsStore.updateStatus(id, RunStatus.COMPLETED, null, at.plusMillis(1));
        old.insert("RUNNING", at, id);
        old.delete("RUNNING", at, id);
        old.insert("COMPLETED", at.plusMillis(1), id);
        Timer timer = new Timer("t-" + i, at, new Job(JobKind.WAKE, id, "n", "", -1, 1));
        timers.schedule(timer);
        timers.claim(timer.id());
        int shard = Math.floorMod(timer.id().hashCode(), OLD_SHARDS);
        Instant due = Instant.ofEpochMilli(at.toEpochMilli());
        session.execute(oldInsert.bind(shard, due, timer.id()));
        session.execute(oldDelete.bind(shard, due, timer.id()));
      };
      int written = 0;
      points.add(measure(0, session, oldScan, old, runsStore, timers));
      while (written < runs) {
        int until = Math.min(runs, written + step);
        long start = System.nanoTime();
        List<Future<?>> batch = new ArrayList<>();
        for (int i = written; i < until; i++) {
          int n = i;
          batch.add(pool.submit(() -> oneRun.accept(n)));
        }
        for (Future<?> f : batch) {
          f.get();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int count = until - written;
        written = until;
        Point p = measure(written, session, oldScan, old, runsStore, timers);
        points.add(p);
        progress.printf(Locale.ROOT, "[scan] %,d runs (%.0f runs/s): timer poll %.1f ms (earlier shape %.1f ms),"
            + " reconciler page %.1f ms (earlier shape %.1f ms), retention page %.1f ms%n", written, count / secs,
            p.timerMs(), p.oldTimerMs(), p.reconcileMs(), p.oldReconcileMs(), p.retentionMs());
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      try (CqlSession s = KafkaBackends.openSession(servers, null)) {
        s.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + ks).setTimeout(Duration.ofSeconds(60)));
        progress.println("[scan] dropped scratch keyspace " + ks);
      } catch (RuntimeException e) {
        progress.println("[scan] could not drop scratch keyspace " + ks + ": " + e);
      }
    }
    return points;
  }

  /**
   * The earlier shape of the status index, one partition per (status, bucket), and the reconciler's page on it:
   * every bucket from its oldest row, merged, and the headers of the page read, as the store did.
   */
  private static final class OldIndex {
    private final CqlSession session;
    private final int buckets;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement scan;
    private final PreparedStatement header;

    OldIndex(CqlSession session, String table, String statusTable, int buckets) {
      this.session = session;
      this.buckets = buckets;
      insert = session.prepare("INSERT INTO " + table + " (status, bucket, updated_at, run_id) VALUES (?, ?, ?, ?)");
      delete = session.prepare("DELETE FROM " + table + " WHERE status = ? AND bucket = ? AND updated_at = ?"
          + " AND run_id = ?");
      scan = session.prepare("SELECT updated_at, run_id FROM " + table + " WHERE status = ? AND bucket = ? LIMIT ?");
      header = session.prepare("SELECT status, updated_at FROM " + statusTable + " WHERE run_id = ?");
    }

    private int bucket(String id) {
      return Math.floorMod(id.hashCode(), buckets);
    }

    void insert(String status, Instant at, String id) {
      session.execute(insert.bind(status, bucket(id), Instant.ofEpochMilli(at.toEpochMilli()), id));
    }

    void delete(String status, Instant at, String id) {
      session.execute(delete.bind(status, bucket(id), Instant.ofEpochMilli(at.toEpochMilli()), id));
    }

    void page(String status, int limit) {
      List<java.util.concurrent.CompletionStage<com.datastax.oss.driver.api.core.cql.AsyncResultSet>> scans =
          new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        scans.add(session.executeAsync(scan.bind(status, b, limit).setPageSize(limit)));
      }
      List<String> ids = new ArrayList<>();
      List<Instant> times = new ArrayList<>();
      for (var stage : scans) {
        for (var row : stage.toCompletableFuture().join().currentPage()) {
          ids.add(row.getString("run_id"));
          times.add(row.getInstant("updated_at"));
        }
      }
      Integer[] order = new Integer[ids.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, java.util.Comparator.comparing((Integer i) -> times.get(i)).thenComparing(ids::get));
      List<java.util.concurrent.CompletionStage<?>> reads = new ArrayList<>();
      for (int i = 0; i < Math.min(limit, order.length); i++) {
        reads.add(session.executeAsync(header.bind(ids.get(order[i]))));
      }
      reads.forEach(r -> r.toCompletableFuture().join());
    }
  }

  private static RunRecord header(String id, Instant at) {
    return new RunRecord(id, "bench", "bench@1#0123456789abcdef", null, null, RunStatus.RUNNING, false, null, at, at);
  }

  private static Point measure(int written, CqlSession session, PreparedStatement oldScan, OldIndex oldIndex,
      CassandraRunStateStore runs, CassandraTimerStore timers) {
    double[] timer = new double[SAMPLES];
    double[] old = new double[SAMPLES];
    double[] reconcile = new double[SAMPLES];
    double[] oldReconcile = new double[SAMPLES];
    double[] retention = new double[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      Instant now = Instant.now();
      timer[s] = time(() -> timers.due(now, 1000));
      old[s] = time(() -> {
        for (int shard = 0; shard < OLD_SHARDS; shard++) {
          session.execute(oldScan.bind(shard, now)).all();
        }
      });
      reconcile[s] = time(() -> runs.findByStatus(RunStatus.RUNNING, 1000));
      oldReconcile[s] = time(() -> oldIndex.page("RUNNING", 1000));
      retention[s] = time(() -> runs.findFinished(now, null, 1000));
    }
    return new Point(written, median(timer), max(timer), median(old), max(old), median(reconcile), max(reconcile),
        median(oldReconcile), max(oldReconcile), median(retention), max(retention));
  }

  private static double time(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return (System.nanoTime() - t) / 1e6;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  /** The points as a Markdown table. */
  public static String table(List<Point> points) {
    StringBuilder sb = new StringBuilder("| runs written | timer poll (bucketed) | timer poll (earlier shape) |"
        + " reconciler page (periods) | reconciler page (earlier shape) | retention page (finished) |\n"
        + "|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : points) {
      sb.append(String.format(Locale.ROOT, "| %,d | %.1f ms (max %.1f) | %.1f ms (max %.1f) | %.1f ms (max %.1f) |"
          + " %.1f ms (max %.1f) | %.1f ms (max %.1f) |%n", p.written(), p.timerMs(), p.timerMaxMs(), p.oldTimerMs(),
          p.oldTimerMaxMs(), p.reconcileMs(), p.reconcileMaxMs(), p.oldReconcileMs(), p.oldReconcileMaxMs(),
          p.retentionMs(), p.retentionMaxMs()));
    }
    return sb.toString();
  }
}
