package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void emptyHistogramReportsZeros() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.percentileMicros(99)).isZero();
    assertThat(h.summary()).isEqualTo(new LatencyHistogram.Summary(0, 0, 0, 0, 0));
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 100; v++) {
      h.recordMicros(v);
    }
    assertThat(h.percentileMicros(50)).isEqualTo(50);
    assertThat(h.percentileMicros(95)).isEqualTo(95);
    assertThat(h.percentileMicros(99)).isEqualTo(99);
    assertThat(h.percentileMicros(100)).isEqualTo(100);
    assertThat(h.maxMicros()).isEqualTo(100);
  }

  @Test
  void largeValuesAreWithinAFractionOfAPercent() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      h.recordMicros(v * 10); // 10 µs .. 1 s
    }
    assertThat((double) h.percentileMicros(50)).isCloseTo(500_000, within(500_000 * 0.002));
    assertThat((double) h.percentileMicros(99)).isCloseTo(990_000, within(990_000 * 0.002));
    assertThat(h.percentileMicros(100)).isEqualTo(1_000_000);
    assertThat(h.count()).isEqualTo(100_000);
  }

  @Test
  void aPercentileNeverExceedsTheMaximum() {
    LatencyHistogram h = new LatencyHistogram();
    h.recordMicros(1_234_567);
    assertThat(h.percentileMicros(50)).isEqualTo(1_234_567);
  }

  @Test
  void bucketsCoverTheirIndexRoundTrip() {
    for (long v : new long[] {0, 1, 1023, 1024, 1025, 4097, 123_456, 9_999_999_999L}) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.highestIn(i)).as("v=%d", v).isGreaterThanOrEqualTo(v);
      assertThat(LatencyHistogram.highestIn(i)).as("v=%d", v).isLessThanOrEqualTo(v + v / 256 + 1);
    }
  }

  @Test
  void summaryIsInMilliseconds() {
    LatencyHistogram h = new LatencyHistogram();
    h.recordNanos(12_000_000);
    assertThat(h.summary().p50()).isCloseTo(12.0, within(0.03));
    assertThat(h.summary().max()).isEqualTo(12.0);
  }

  @Test
  void rejectsPercentilesOutOfRange() {
    assertThatThrownBy(() -> new LatencyHistogram().percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LatencyHistogram().percentileMicros(100.1)).isInstanceOf(IllegalArgumentException.class);
  }
}
