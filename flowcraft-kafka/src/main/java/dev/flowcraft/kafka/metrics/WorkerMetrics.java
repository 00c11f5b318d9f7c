package dev.flowcraft.kafka.metrics;

import dev.flowcraft.kafka.ServerCallCounters;
import dev.flowcraft.spi.Job;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A worker's metrics on a Micrometer registry: the server round trips its connections made (the
 * {@link ServerCallCounters} of its {@code KafkaBackends}), the jobs it handled, and how long each took. In
 * the Prometheus text format (names as there):
 *
 * <ul>
 *   <li>{@code flowcraft_worker_cassandra_statements_total}, {@code flowcraft_worker_cassandra_lwt_total},
 *       {@code flowcraft_worker_redis_commands_total}, {@code flowcraft_worker_kafka_records_total}: counters of
 *       Cassandra requests (a batch counts once) and of those that were lightweight transactions, Redis commands
 *       (a script counts once), jobs produced to Kafka;</li>
 *   <li>{@code flowcraft_worker_poll_restarts_total}: consumers restarted after their poll thread stopped on an
 *       unexpected error (a liveness signal: alert when it moves);</li>
 *   <li>{@code flowcraft_worker_jobs_total}: jobs handled (node steps, wake-ups, continuations; redelivered
 *       ones again);</li>
 *   <li>{@code flowcraft_worker_job_seconds} (tags {@code kind} = execute/wake/continue, {@code outcome} =
 *       ok/error): a timer of job handling, from the handler's start to its return, with histogram buckets;</li>
 *   <li>{@code flowcraft_worker_calls_per_job} (tag {@code server} = cassandra, cassandra_lwt, redis, kafka):
 *       gauges of the calls per job handled since the worker started. Over an interval, divide the counters'
 *       rates instead: {@code rate(flowcraft_worker_redis_commands_total[1m]) / rate(flowcraft_worker_jobs_total[1m])};</li>
 *   <li>{@code flowcraft_worker_calls_total} (tags {@code server}, {@code call}): the calls by statement or
 *       command, as {@code flowcraft bench --breakdown} lists them (new ones appear at the next
 *       {@link #refresh()}).</li>
 * </ul>
 *
 * <p>Calls are counted client-side on the worker's connections, so background work (timer and cancellation
 * polling, reconciliation) is included.
 */
public final class WorkerMetrics {

  private final MeterRegistry registry;
  private final ServerCallCounters counters;
  private final Set<String> kindsBound = ConcurrentHashMap.newKeySet();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private WorkerMetrics(MeterRegistry registry, ServerCallCounters counters) {
    this.registry = registry;
    this.counters = counters;
  }

  /** Registers the worker's meters for {@code counters} on {@code registry}, and starts timing its jobs. */
  public static WorkerMetrics bind(ServerCallCounters counters, MeterRegistry registry) {
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(registry, "registry");
    WorkerMetrics m = new WorkerMetrics(registry, counters);
    m.register();
    counters.addJobListener(m::record);
    return m;
  }

  /** A Prometheus registry with the worker's meters and a few JVM ones (CPU, memory, threads, uptime). */
  public static WorkerMetrics prometheus(ServerCallCounters counters) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProcessorMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return bind(counters, registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The meters in the Prometheus text format (after a {@link #refresh()}).
   *
   * @throws IllegalStateException if the registry is not a Prometheus one
   */
  public String scrape() {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalStateException("not a Prometheus registry: " + registry.getClass().getName());
    }
    refresh();
    return prometheus.scrape();
  }

  /** Registers a counter for each statement or command seen since the last refresh. */
  public void refresh() {
    for (String kind : counters.byKind().keySet()) {
      if (kindsBound.add(kind)) {
        int colon = kind.indexOf(": ");
        String server = colon < 0 ? "other" : kind.substring(0, colon);
        String call = colon < 0 ? kind : kind.substring(colon + 2);
        FunctionCounter.builder("flowcraft.worker.calls", counters, c -> c.byKind().getOrDefault(kind, 0L))
            .description("Server calls by statement (Cassandra) or command (Redis)")
            .tags(Tags.of("server", server, "call", call))
            .register(registry);
      }
    }
  }

  private void register() {
    counter("flowcraft.worker.cassandra.statements", "Cassandra requests sent (a batch counts once)",
        c -> c.snapshot().cassandraStatements());
    counter("flowcraft.worker.cassandra.lwt", "Cassandra lightweight transactions sent (writes with IF)",
        c -> c.snapshot().cassandraLwt());
    counter("flowcraft.worker.redis.commands", "Redis commands sent (a script counts once, as EVALSHA)",
        c -> c.snapshot().redisCommands());
    counter("flowcraft.worker.kafka.records", "Jobs produced to Kafka", c -> c.snapshot().kafkaRecords());
    counter("flowcraft.worker.poll.restarts", "Consumers restarted after their poll thread stopped on an error",
        ServerCallCounters::pollRestarts);
    counter("flowcraft.worker.jobs", "Jobs handled (node steps, wake-ups, continuations; redeliveries again)",
        ServerCallCounters::jobsHandled);
    perJob("cassandra", c -> c.snapshot().cassandraStatements());
    perJob("cassandra_lwt", c -> c.snapshot().cassandraLwt());
    perJob("redis", c -> c.snapshot().redisCommands());
    perJob("kafka", c -> c.snapshot().kafkaRecords());
    refresh();
  }

  private void counter(String name, String description, ToLongFunction<ServerCallCounters> value) {
    FunctionCounter.builder(name, counters, c -> value.applyAsLong(c)).description(description).register(registry);
  }

  private void perJob(String server, ToLongFunction<ServerCallCounters> calls) {
    Gauge.builder("flowcraft.worker.calls.per.job", counters, c -> perJob(calls.applyAsLong(c), c.jobsHandled()))
        .description("Server calls per job handled since the worker started")
        .tags("server", server)
        .register(registry);
  }

  static double perJob(long calls, long jobs) {
    return jobs == 0 ? 0 : (double) calls / jobs;
  }

  private void record(Job job, long nanos, Throwable error) {
    String kind = job.kind().name().toLowerCase(Locale.ROOT);
    String outcome = error == null ? "ok" : "error";
    timers.computeIfAbsent(kind + "/" + outcome, k -> Timer.builder("flowcraft.worker.job")
        .description("Time a worker took to handle a job (run the node step and record it)")
        .tags("kind", kind, "outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }
}
