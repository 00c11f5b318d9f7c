package dev.flowcraft.kafka.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Latency against offered load: one open-loop measurement per rate, lowest first, on the same workers. The
 * warm-up runs once, at the highest rate (so that it is short), before the first point; each point then
 * measures its rate for the options' duration or runs. A point with unfinished runs (the system could not keep
 * up within the timeout) ends the sweep: higher rates would only queue more.
 */
public final class RateSweep {

  private RateSweep() {
  }

  /**
   * Parses {@code 5,20,50,100}: positive runs/s, sorted ascending, duplicates dropped.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static List<Double> parseRates(String list) {
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException("--sweep-rates needs a comma-separated list of runs/s, e.g. 5,20,50,100");
    }
    TreeSet<Double> rates = new TreeSet<>();
    for (String part : list.split(",")) {
      String v = part.strip();
      double r;
      try {
        r = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--sweep-rates: '" + v + "' is not a number of runs/s (e.g. 5,20,50,100)");
      }
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("--sweep-rates: each rate must be > 0 runs/s, got " + v);
      }
      rates.add(r);
    }
    return List.copyOf(rates);
  }

  /**
   * Runs the sweep.
   *
   * @param base       shape, duration or runs, warm-up, timeout, submitters, progress of every point (its mode is
   *                   replaced by each rate)
   * @param rates      runs/s, measured in ascending order
   * @param generators the load generator for one point's options, on the same client and workers
   * @param progress   where progress lines go (stderr), or null
   */
  public static SweepReport run(BenchOptions base, List<Double> rates, Function<BenchOptions, LoadGenerator> generators,
      PrintStream progress) {
    List<Double> sorted = new ArrayList<>(new TreeSet<>(rates));
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("no rates to sweep");
    }
    double highest = sorted.get(sorted.size() - 1);
    if (base.warmup() > 0) {
      say(progress, String.format(Locale.ROOT, "warming up: %d runs at %s runs/s", base.warmup(),
          LatencyPlot.number(highest)));
      generators.apply(base.withRate(highest)).warmUp();
    }
    List<BenchReport> points = new ArrayList<>();
    String stop = null;
    for (int i = 0; i < sorted.size(); i++) {
      double rate = sorted.get(i);
      say(progress, String.format(Locale.ROOT, "point %d of %d: %s runs/s offered", i + 1, sorted.size(),
          LatencyPlot.number(rate)));
      BenchReport r = generators.apply(base.withRate(rate).withWarmup(0)).run();
      points.add(r);
      say(progress, String.format(Locale.ROOT, "%s runs/s offered: %.1f achieved, p50 %.1f ms, p95 %.1f ms,"
          + " p99 %.1f ms, %d failed, %d unfinished", LatencyPlot.number(rate), r.runsPerS(), r.latencyMs().p50(),
          r.latencyMs().p95(), r.latencyMs().p99(), r.failed(), r.unfinished()));
      if (r.unfinished() > 0 && i < sorted.size() - 1) {
        stop = String.format(Locale.ROOT, "stopped after %s runs/s: %d runs unfinished within the timeout (saturated);"
            + " not measured: %s", LatencyPlot.number(rate), r.unfinished(), sorted.subList(i + 1, sorted.size())
            .stream().map(LatencyPlot::number).toList());
        say(progress, stop);
        break;
      }
    }
    return new SweepReport(points, stop);
  }

  private static void say(PrintStream progress, String line) {
    if (progress != null) {
      progress.println("[sweep] " + line);
      progress.flush();
    }
  }
}
