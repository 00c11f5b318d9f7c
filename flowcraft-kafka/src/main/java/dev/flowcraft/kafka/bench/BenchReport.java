package dev.flowcraft.kafka.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of one measured phase. Steps are completed runs × nodes per run (every node of a bench shape
 * runs once). Server calls are counted client-side on the connections of this process, during the measured
 * phase only: {@code workerCalls} on the in-process workers' connections (zero with external workers),
 * {@code clientCalls} on the client's (starting runs, and polling with external workers).
 */
public record BenchReport(String shape, int nodesPerRun, String mode, Integer inFlight, Double rate, int workers,
    String completion, double seconds, long started, long completed, long failed, long unfinished,
    LatencyHistogram.Summary latencyMs, Snapshot workerCalls, Snapshot clientCalls, Map<String, Long> callsByKind) {

  public BenchReport {
    callsByKind = callsByKind == null ? Map.of() : Map.copyOf(callsByKind);
  }

  public long steps() {
    return completed * nodesPerRun;
  }

  public double runsPerS() {
    return seconds > 0 ? completed / seconds : 0;
  }

  public double stepsPerS() {
    return seconds > 0 ? steps() / seconds : 0;
  }

  public Snapshot allCalls() {
    return workerCalls.plus(clientCalls);
  }

  /** The report as JSON-ready maps, numbers rounded for reading. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shape", shape);
    m.put("nodesPerRun", nodesPerRun);
    m.put("mode", mode);
    m.put("inFlight", inFlight);
    m.put("rate", rate);
    m.put("workers", workers);
    m.put("completion", completion);
    m.put("seconds", round(seconds, 3));
    m.put("started", started);
    m.put("completed", completed);
    m.put("failed", failed);
    m.put("unfinished", unfinished);
    m.put("steps", steps());
    m.put("runsPerS", round(runsPerS(), 1));
    m.put("stepsPerS", round(stepsPerS(), 1));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", latencyMs.p50());
    latency.put("p95", latencyMs.p95());
    latency.put("p99", latencyMs.p99());
    latency.put("max", latencyMs.max());
    m.put("latencyMs", latency);
    m.put("perStep", perStep(allCalls()));
    m.put("perStepWorkers", perStep(workerCalls));
    m.put("perStepClient", perStep(clientCalls));
    m.put("calls", counts(allCalls()));
    if (!callsByKind.isEmpty()) {
      Map<String, Object> kinds = new LinkedHashMap<>();
      new java.util.TreeMap<>(callsByKind).forEach((k, v) -> kinds.put(k, Map.of("calls", v, "perStep", round(per(v, steps()), 3))));
      m.put("callsByKind", kinds);
    }
    return m;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the report as JSON", e);
    }
  }

  /** A few readable lines. */
  public String toText() {
    Snapshot all = allCalls();
    long steps = steps();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "shape %s (%d nodes), %s, %s%n", shape, nodesPerRun, mode,
        workers > 0 ? workers + " in-process worker(s)" : "external workers"));
    b.append(String.format(Locale.ROOT, "runs: %d completed, %d failed, %d unfinished of %d started in %.1f s%n",
        completed, failed, unfinished, started, seconds));
    b.append(String.format(Locale.ROOT, "throughput: %.1f runs/s, %.1f node steps/s%n", runsPerS(), stepsPerS()));
    b.append(String.format(Locale.ROOT, "latency (ms, from intended start): p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
        latencyMs.p50(), latencyMs.p95(), latencyMs.p99(), latencyMs.max()));
    b.append(String.format(Locale.ROOT, "per node step: %.2f Cassandra statements (%.3f LWT), %.2f Redis commands,"
        + " %.2f Kafka records%n", per(all.cassandraStatements(), steps), per(all.cassandraLwt(), steps),
        per(all.redisCommands(), steps), per(all.kafkaRecords(), steps)));
    b.append(String.format(Locale.ROOT, "  of which client: %.2f Cassandra (%.3f LWT), %.2f Redis, %.2f Kafka%n",
        per(clientCalls.cassandraStatements(), steps), per(clientCalls.cassandraLwt(), steps),
        per(clientCalls.redisCommands(), steps), per(clientCalls.kafkaRecords(), steps)));
    b.append("completion detection: ").append(completion).append(String.format("%n"));
    return b.toString();
  }

  /** The breakdown by statement or command, largest first, with calls per node step. */
  public String breakdownText() {
    StringBuilder b = new StringBuilder();
    callsByKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> b.append(String.format(Locale.ROOT, "%9d  %7.3f/step  %s%n", e.getValue(), per(e.getValue(), steps()),
            e.getKey())));
    return b.toString();
  }

  private static Map<String, Object> perStep(Snapshot s, long steps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cassandraStatements", round(per(s.cassandraStatements(), steps), 3));
    m.put("cassandraLwt", round(per(s.cassandraLwt(), steps), 3));
    m.put("redisCommands", round(per(s.redisCommands(), steps), 3));
    m.put("kafkaRecords", round(per(s.kafkaRecords(), steps), 3));
    return m;
  }

  private Map<String, Object> perStep(Snapshot s) {
    return perStep(s, steps());
  }

  private static Map<String, Object> counts(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cassandraStatements", s.cassandraStatements());
    m.put("cassandraLwt", s.cassandraLwt());
    m.put("redisCommands", s.redisCommands());
    m.put("kafkaRecords", s.kafkaRecords());
    return m;
  }

  static double per(long calls, long steps) {
    return steps == 0 ? 0 : (double) calls / steps;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
