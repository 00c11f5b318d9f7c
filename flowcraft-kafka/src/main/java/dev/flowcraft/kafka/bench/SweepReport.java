package dev.flowcraft.kafka.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The points of a {@link RateSweep}, one {@link BenchReport} per offered rate.
 *
 * @param points  the measured points, by ascending rate
 * @param stopped why the sweep ended before its last rate, or null
 */
public record SweepReport(List<BenchReport> points, String stopped) {

  public SweepReport {
    points = List.copyOf(points);
  }

  public boolean allCompleted() {
    return points.stream().allMatch(p -> p.failed() == 0 && p.unfinished() == 0) && stopped == null;
  }

  public List<LatencyPlot.Point> plotPoints() {
    return points.stream().map(LatencyPlot.Point::of).toList();
  }

  /** The latency chart; the subtitle names the shape, the workers and the time per point. */
  public String svg() {
    BenchReport first = points.get(0);
    String subtitle = String.format(Locale.ROOT, "%s (%d nodes), open loop, %s, %.0f s per point%s", first.shape(),
        first.nodesPerRun(), first.workers() > 0 ? first.workers() + " in-process worker(s)" : "external workers",
        points.stream().mapToDouble(BenchReport::seconds).average().orElse(0), stopped == null ? "" : "; sweep stopped early");
    return LatencyPlot.svg("flowcraft bench: latency against offered load", subtitle, plotPoints());
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points", points.stream().map(BenchReport::toMap).toList());
    if (stopped != null) {
      m.put("stopped", stopped);
    }
    return m;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the sweep as JSON", e);
    }
  }

  /** One line per point. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    if (!points.isEmpty()) {
      BenchReport first = points.get(0);
      b.append(String.format(Locale.ROOT, "shape %s (%d nodes), open loop, %s%n", first.shape(), first.nodesPerRun(),
          first.workers() > 0 ? first.workers() + " in-process worker(s)" : "external workers"));
    }
    String row = "%10s  %10s  %10s  %9s  %9s  %9s  %9s  %7s  %10s%n";
    b.append(String.format(Locale.ROOT, row, "offered/s", "runs/s", "steps/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
        "failed", "unfinished"));
    for (BenchReport p : points) {
      b.append(String.format(Locale.ROOT, row, LatencyPlot.number(p.rate() == null ? 0 : p.rate()),
          String.format(Locale.ROOT, "%.1f", p.runsPerS()), String.format(Locale.ROOT, "%.1f", p.stepsPerS()),
          String.format(Locale.ROOT, "%.1f", p.latencyMs().p50()), String.format(Locale.ROOT, "%.1f", p.latencyMs().p95()),
          String.format(Locale.ROOT, "%.1f", p.latencyMs().p99()), String.format(Locale.ROOT, "%.1f", p.latencyMs().max()),
          p.failed(), p.unfinished()));
    }
    if (stopped != null) {
      b.append(stopped).append(String.format("%n"));
    }
    return b.toString();
  }
}
