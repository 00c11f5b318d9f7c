package dev.flowcraft.kafka;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what one {@link KafkaBackends} sends to the servers: Cassandra requests (and how many of them were
 * lightweight transactions, which cost four round trips inside Cassandra), Redis commands, Kafka records.
 * Counted client-side, because the servers' own statistics are shared with everyone else using them.
 * Thread-safe and cheap (one {@link LongAdder} increment per call); take a {@link #snapshot()} before and
 * after a measurement and subtract.
 */
public final class ServerCallCounters {

  private final LongAdder cassandraStatements = new LongAdder();
  private final LongAdder cassandraLwt = new LongAdder();
  private final LongAdder redisCommands = new LongAdder();
  private final LongAdder kafkaRecords = new LongAdder();
  private final LongAdder jobsHandled = new LongAdder();
  private final List<JobListener> jobListeners = new CopyOnWriteArrayList<>();
  private volatile java.util.function.LongSupplier pollRestarts = () -> 0;
  private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
  /** Statement texts are few (prepared), so their descriptions are computed once. */
  private static final Map<String, String> DESCRIPTIONS = new ConcurrentHashMap<>();

  /** The numbers so far. */
  public Snapshot snapshot() {
    return new Snapshot(cassandraStatements.sum(), cassandraLwt.sum(), redisCommands.sum(), kafkaRecords.sum());
  }

  /**
   * Calls so far by kind: {@code cassandra: <statement start>} (a batch as {@code cassandra: BATCH [...]}),
   * {@code redis: <COMMAND>}, {@code kafka: job}. For finding which call dominates a step.
   */
  public Map<String, Long> byKind() {
    Map<String, Long> m = new TreeMap<>();
    byKind.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  private void countKind(String kind) {
    byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** A driver tracker to register with {@code CqlSession.builder().addRequestTracker(...)}. */
  public RequestTracker cassandraTracker() {
    return new CassandraTracker();
  }

  /** A Lettuce listener to add to the {@code RedisClient} (one count per command started, EVALSHA included). */
  public CommandListener redisListener() {
    return new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        redisCommands.increment();
        countKind("redis: " + event.getCommand().getType());
      }
    };
  }

  /**
   * Jobs handled so far by the handlers subscribed through {@link #countingQueue} (node steps, wake-ups and
   * continuations), whether they returned normally or threw (and will be redelivered).
   */
  public long jobsHandled() {
    return jobsHandled.sum();
  }

  /** Restarts of the consumers of the queue after their poll thread stopped on an error (a liveness signal). */
  public long pollRestarts() {
    return pollRestarts.getAsLong();
  }

  /** Where {@link #pollRestarts()} comes from: the job queue's count. */
  public void pollRestarts(java.util.function.LongSupplier source) {
    this.pollRestarts = java.util.Objects.requireNonNull(source, "source");
  }

  /** Also tells {@code listener} about every job handled from now on (for worker metrics). */
  public void addJobListener(JobListener listener) {
    jobListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /** Told about each job a subscribed handler finished, on the handler's thread: keep it cheap. */
  @FunctionalInterface
  public interface JobListener {
    /**
     * @param job   the job
     * @param nanos how long the handler took
     * @param error what it threw (the job will be delivered again), or null
     */
    void handled(Job job, long nanos, Throwable error);
  }

  /** {@code queue}, counting each job enqueued as one Kafka record, and each job its subscribers handle. */
  public JobQueue countingQueue(JobQueue queue) {
    return new CountingQueue(queue);
  }

  /** Whether a CQL statement is a lightweight transaction: a write with an {@code IF} clause. */
  static boolean isLwt(String cql) {
    if (cql == null) {
      return false;
    }
    String s = cql.strip().toUpperCase(Locale.ROOT);
    boolean write = s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE");
    return write && s.replace('\n', ' ').contains(" IF ");
  }

  static boolean isLwt(Request request) {
    if (request instanceof SimpleStatement s) {
      return isLwt(s.getQuery());
    }
    if (request instanceof BoundStatement b) {
      return isLwt(b.getPreparedStatement().getQuery());
    }
    if (request instanceof BatchStatement batch) {
      for (BatchableStatement<?> inner : batch) {
        if (isLwt(inner)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The statement's first words up to its WHERE/VALUES (enough to tell the statements apart), or the batch's. */
  static String describe(Request request) {
    if (request instanceof BatchStatement batch) {
      StringBuilder b = new StringBuilder("BATCH [");
      String sep = "";
      for (BatchableStatement<?> inner : batch) {
        b.append(sep).append(describe(inner));
        sep = "; ";
      }
      return b.append(']').toString();
    }
    String cql = request instanceof SimpleStatement s ? s.getQuery()
        : request instanceof BoundStatement bs ? bs.getPreparedStatement().getQuery() : request.getClass().getSimpleName();
    return DESCRIPTIONS.computeIfAbsent(cql, ServerCallCounters::describeCql);
  }

  private static String describeCql(String cql) {
    String oneLine = cql.strip().replaceAll("\\s+", " ");
    int cut = oneLine.length();
    for (String end : new String[] {" WHERE ", " VALUES ", " (", " USING "}) {
      int i = oneLine.toUpperCase(Locale.ROOT).indexOf(end);
      if (i > 0 && i < cut) {
        cut = i;
      }
    }
    if (oneLine.toUpperCase(Locale.ROOT).startsWith("SELECT")) {
      int from = oneLine.toUpperCase(Locale.ROOT).indexOf(" FROM ");
      int where = oneLine.toUpperCase(Locale.ROOT).indexOf(" WHERE ");
      String table = from < 0 ? "" : oneLine.substring(from, where > from ? where : oneLine.length());
      return "SELECT" + table + (where > 0 ? " WHERE " + oneLine.substring(where + 7, Math.min(oneLine.length(), where + 40)) : "");
    }
    return oneLine.substring(0, cut);
  }

  /** One count per request, at its end (success or error), not per node tried or per speculative execution. */
  private final class CassandraTracker implements RequestTracker {
    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
        String requestLogPrefix) {
      count(request);
    }

    @Override
    public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile, Node node,
        String requestLogPrefix) {
      count(request);
    }

    private void count(Request request) {
      cassandraStatements.increment();
      boolean lwt = isLwt(request);
      if (lwt) {
        cassandraLwt.increment();
      }
      countKind("cassandra: " + (lwt ? "LWT " : "") + describe(request));
    }

    @Override
    public void close() {
    }
  }

  private final class CountingQueue implements JobQueue {
    private final JobQueue delegate;

    CountingQueue(JobQueue delegate) {
      this.delegate = delegate;
    }

    @Override
    public void enqueue(Job job) {
      delegate.enqueue(job);
      kafkaRecords.increment();
      countKind("kafka: job");
    }

    @Override
    public AutoCloseable subscribe(JobHandler handler) {
      return delegate.subscribe(job -> {
        long start = System.nanoTime();
        Throwable error = null;
        try {
          handler.handle(job);
        } catch (Exception | Error e) {
          error = e;
          throw e;
        } finally {
          jobsHandled.increment();
          long nanos = System.nanoTime() - start;
          for (JobListener l : jobListeners) {
            try {
              l.handled(job, nanos, error);
            } catch (RuntimeException e) {
              // a metrics listener must not fail the job
            }
          }
        }
      });
    }
  }

  /**
   * Calls counted up to one moment.
   *
   * @param cassandraStatements Cassandra requests (a batch counts once)
   * @param cassandraLwt        those of them that were lightweight transactions ({@code IF ...})
   * @param redisCommands       Redis commands (a script counts once, as EVALSHA)
   * @param kafkaRecords        jobs produced to Kafka
   */
  public record Snapshot(long cassandraStatements, long cassandraLwt, long redisCommands, long kafkaRecords) {
    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0);

    public Snapshot plus(Snapshot o) {
      return new Snapshot(cassandraStatements + o.cassandraStatements, cassandraLwt + o.cassandraLwt,
          redisCommands + o.redisCommands, kafkaRecords + o.kafkaRecords);
    }

    /** The calls between {@code earlier} and this. */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(cassandraStatements - earlier.cassandraStatements, cassandraLwt - earlier.cassandraLwt,
          redisCommands - earlier.redisCommands, kafkaRecords - earlier.kafkaRecords);
    }
  }
}
