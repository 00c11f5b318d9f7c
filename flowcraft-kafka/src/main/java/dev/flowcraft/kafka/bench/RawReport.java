package dev.flowcraft.kafka.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link RawLimits} measured: one {@link ProbeResult} per probe, in the order run.
 *
 * @param probes         the probes
 * @param secondsEach    measured time of each probe
 * @param warmupSeconds  unmeasured warm-up before each
 */
public record RawReport(List<ProbeResult> probes, double secondsEach, double warmupSeconds) {

  public RawReport {
    probes = List.copyOf(probes);
  }

  /** Whether a probe failed or had errors. */
  public boolean anyErrors() {
    return probes.stream().anyMatch(p -> p.errors() > 0 || p.error() != null);
  }

  /** The probe of this name, or null. */
  public ProbeResult probe(String name) {
    return probes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("secondsEach", secondsEach);
    m.put("warmupSeconds", warmupSeconds);
    m.put("probes", probes.stream().map(ProbeResult::toMap).toList());
    return m;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the report as JSON", e);
    }
  }

  /** A table, one probe per line, then the descriptions and errors. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    int width = Math.max(5, probes.stream().mapToInt(p -> p.name().length()).max().orElse(5));
    String row = "%-" + width + "s  %9s  %12s  %9s  %9s  %9s  %7s%n";
    b.append(String.format(Locale.ROOT, row, "probe", "in flight", "ops/s", "p50 ms", "p99 ms", "max ms", "errors"));
    for (ProbeResult p : probes) {
      if (p.error() != null && p.ops() == 0) {
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %9d  failed: %s%n", p.name(), p.inFlight(), p.error()));
        continue;
      }
      b.append(String.format(Locale.ROOT, row, p.name(), p.inFlight(), String.format(Locale.ROOT, "%,.0f", p.opsPerS()),
          ms(p.latencyMs().p50()), ms(p.latencyMs().p99()), ms(p.latencyMs().max()), p.errors()));
    }
    b.append(String.format(Locale.ROOT, "(each probe %.1f s measured after %.1f s warm-up; closed loop; latency from"
        + " send to completion)%n", secondsEach, warmupSeconds));
    for (ProbeResult p : probes) {
      if (!p.description().isEmpty()) {
        b.append("  ").append(p.name()).append(": ").append(p.description()).append(String.format("%n"));
      }
      if (p.error() != null && p.ops() > 0) {
        b.append("  ").append(p.name()).append(": first error: ").append(p.error()).append(String.format("%n"));
      }
    }
    return b.toString();
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  /**
   * One probe.
   *
   * @param name        e.g. {@code cassandra INSERT}
   * @param description what exactly was sent
   * @param inFlight    operations in flight at once
   * @param seconds     measured time
   * @param ops         operations sent and completed within it
   * @param errors      operations that failed
   * @param latencyMs   latency of the measured operations, in milliseconds
   * @param error       the first error, or null
   */
  public record ProbeResult(String name, String description, int inFlight, double seconds, long ops, long errors,
      LatencyHistogram.Summary latencyMs, String error) {

    static ProbeResult failed(String name, String description, int inFlight, Throwable e) {
      return new ProbeResult(name, description, inFlight, 0, 0, 1, new LatencyHistogram.Summary(0, 0, 0, 0, 0),
          e.toString());
    }

    public double opsPerS() {
      return seconds > 0 ? ops / seconds : 0;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("description", description);
      m.put("inFlight", inFlight);
      m.put("seconds", seconds);
      m.put("ops", ops);
      m.put("opsPerS", Math.round(opsPerS() * 10) / 10.0);
      m.put("errors", errors);
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("p50", latencyMs.p50());
      l.put("p95", latencyMs.p95());
      l.put("p99", latencyMs.p99());
      l.put("max", latencyMs.max());
      m.put("latencyMs", l);
      if (error != null) {
        m.put("error", error);
      }
      return m;
    }
  }
}
