package dev.flowcraft.kafka.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What load to generate.
 *
 * @param shape      the blueprint run
 * @param inFlight   closed loop: keep this many runs in flight (null for open loop)
 * @param rate       open loop: start this many runs per second on a fixed schedule (null for closed loop)
 * @param runs       stop starting runs after this many measured runs (0: no limit)
 * @param duration   stop starting runs after this long (null: no limit; one of runs and duration is needed)
 * @param warmup     runs started and finished before measuring, excluded from every number
 * @param timeout    how long to wait for the runs in flight once no more are started; the rest are unfinished
 * @param submitters threads calling {@code start} (it blocks on Cassandra and Kafka)
 * @param progress   interval of the progress lines (null: none)
 */
public record BenchOptions(BenchShape shape, Integer inFlight, Double rate, long runs, Duration duration, int warmup,
    Duration timeout, int submitters, Duration progress) {

  public BenchOptions {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(timeout, "timeout");
    if ((inFlight == null) == (rate == null)) {
      throw new IllegalArgumentException("Give exactly one of --in-flight (closed loop) and --rate (open loop)");
    }
    if (inFlight != null && inFlight < 1) {
      throw new IllegalArgumentException("--in-flight must be >= 1, got " + inFlight);
    }
    if (rate != null && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0 runs/s, got " + rate);
    }
    if (runs < 0 || warmup < 0) {
      throw new IllegalArgumentException("--runs and --warmup must be >= 0");
    }
    if (runs == 0 && (duration == null || duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("Give --runs or a positive --duration");
    }
    if (submitters < 1) {
      throw new IllegalArgumentException("--submitters must be >= 1, got " + submitters);
    }
  }

  /** These options in open loop at {@code runsPerS}. */
  public BenchOptions withRate(double runsPerS) {
    return new BenchOptions(shape, null, runsPerS, runs, duration, warmup, timeout, submitters, progress);
  }

  /** These options with {@code runs} warm-up runs. */
  public BenchOptions withWarmup(int runs) {
    return new BenchOptions(shape, inFlight, rate, this.runs, duration, runs, timeout, submitters, progress);
  }

  public boolean closedLoop() {
    return inFlight != null;
  }

  /** "closed (in flight 64)" or "open (100 runs/s)". */
  public String describeMode() {
    return closedLoop() ? "closed loop, " + inFlight + " in flight" : "open loop, " + rate + " runs/s";
  }
}
