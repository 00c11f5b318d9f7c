package dev.flowcraft.kafka.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, in log-linear buckets (exact below 1,024 µs, then 512 buckets per power of two:
 * under 0.2 % error), recorded lock-free from any thread. A small stand-in for HdrHistogram, which the
 * project does not depend on. Values above about 2^40 µs (12 days) land in the last bucket.
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 9; // 512 sub-buckets per power of two
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 32;
  private static final int BUCKETS = 2 * SUB + MAX_EXPONENT * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  /** Records one latency; negative values count as 0. */
  public void recordMicros(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(index(v));
    total.incrementAndGet();
    max.accumulateAndGet(v, Math::max);
  }

  public void recordNanos(long nanos) {
    recordMicros(nanos / 1_000);
  }

  public long count() {
    return total.get();
  }

  public long maxMicros() {
    return max.get();
  }

  /**
   * The value at or below which {@code percentile} percent of the recorded values lie (the highest value of
   * that bucket, never above the maximum recorded); 0 when empty.
   *
   * @param percentile in (0, 100]
   */
  public long percentileMicros(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
    }
    long n = total.get();
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * n));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(highestIn(i), max.get());
      }
    }
    return max.get();
  }

  /** A summary in milliseconds. */
  public Summary summary() {
    return new Summary(count(), percentileMicros(50) / 1000.0, percentileMicros(95) / 1000.0,
        percentileMicros(99) / 1000.0, maxMicros() / 1000.0);
  }

  static int index(long v) {
    if (v < 2 * SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // >= 1
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (v >>> exponent); // in [SUB, 2 * SUB)
    return SUB + exponent * SUB + (sub - SUB);
  }

  static long highestIn(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int exponent = (index - SUB) / SUB;
    int sub = (index - SUB) % SUB + SUB;
    return ((long) (sub + 1) << exponent) - 1;
  }

  /** Count and percentiles in milliseconds. */
  public record Summary(long count, double p50, double p95, double p99, double max) {
  }
}
