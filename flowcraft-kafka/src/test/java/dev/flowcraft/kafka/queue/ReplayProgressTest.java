package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
  private final List<String> warnings = new ArrayList<>();

  private ReplayProgress from(OffsetAndMetadata committed, long end) {
    return ReplayProgress.from(committed, "id-1", end, "dlq-0", warnings::add);
  }

  private static TreeSet<Long> set(long... offsets) {
    TreeSet<Long> s = new TreeSet<>();
    LongStream.of(offsets).forEach(s::add);
    return s;
  }

  @Test
  void rangesRoundTrip() {
    assertThat(ReplayProgress.ranges(set())).isEmpty();
    assertThat(ReplayProgress.ranges(set(7))).isEqualTo("7");
    assertThat(ReplayProgress.ranges(set(3, 4, 5, 9, 11, 12))).isEqualTo("3-5,9,11-12");
    assertThat(ReplayProgress.parseRanges("3-5,9,11-12")).containsExactly(3L, 4L, 5L, 9L, 11L, 12L);
    assertThat(ReplayProgress.parseRanges("")).isEmpty();
  }

  @Test
  void noCommittedOffsetMeansNothingReplayed() {
    ReplayProgress p = from(null, 10);
    assertThat(p.replayed(0)).isFalse();
    assertThat(p.watermark()).isZero();
    assertThat(warnings).isEmpty();
  }

  @Test
  void theWatermarkAndTheListAboveItAreReplayed() {
    ReplayProgress p = from(new OffsetAndMetadata(4, ReplayProgress.FORMAT + " topic=id-1 replayed=6,8-9"), 20);
    assertThat(LongStream.range(0, 12).filter(p::replayed).toArray()).containsExactly(0, 1, 2, 3, 6, 8, 9);
    assertThat(p.toCommit("id-1")).isEqualTo(new OffsetAndMetadata(4, ReplayProgress.FORMAT + " topic=id-1 replayed=6,8-9"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void anOffsetWithoutOurMetadataIsAWatermarkAlone() {
    // e.g. kafka-consumer-groups --reset-offsets --to-offset 3
    ReplayProgress p = from(new OffsetAndMetadata(3, ""), 20);
    assertThat(LongStream.range(0, 6).filter(p::replayed).toArray()).containsExactly(0, 1, 2);
    assertThat(warnings).isEmpty();
  }

  @Test
  void progressOfAnEarlierTopicOfTheSameNameIsIgnored() {
    ReplayProgress p = from(new OffsetAndMetadata(4, ReplayProgress.FORMAT + " topic=id-0 replayed="), 20);
    assertThat(p.replayed(0)).isFalse();
    assertThat(warnings).singleElement().asString().contains("earlier topic").contains("dlq-0");
  }

  @Test
  void progressBeyondTheEndOfThePartitionIsIgnored() {
    ReplayProgress p = from(new OffsetAndMetadata(57, ReplayProgress.FORMAT + " topic=id-1 replayed="), 3);
    assertThat(p.replayed(0)).isFalse();
    assertThat(warnings).singleElement().asString().contains("beyond the end");
  }

  @Test
  void unreadableMetadataKeepsTheOffset() {
    ReplayProgress p = from(new OffsetAndMetadata(2, ReplayProgress.FORMAT + " topic=id-1 replayed=x-y"), 20);
    assertThat(p.replayed(1)).isTrue();
    assertThat(p.replayed(2)).isFalse();
    assertThat(warnings).singleElement().asString().contains("unreadable");
  }

  @Test
  void theWatermarkStopsAtTheFirstPendingRecordAndAtWhatWasRead() {
    ReplayProgress p = ReplayProgress.empty();
    p.markReplayed(0);
    p.markReplayed(1);
    p.markReplayed(3);
    p.markReplayed(5);
    // 2 is not a job (never pending), 4 is pending: a job a selective replay did not pick
    p.advance(set(4), 10);
    assertThat(p.watermark()).isEqualTo(4);
    assertThat(p.replayedAbove()).containsExactly(5L);
    assertThat(p.replayed(2)).as("below the watermark").isTrue();
    assertThat(p.replayed(4)).isFalse();

    p.markReplayed(4);
    p.advance(set(), 7); // records from 7 on are not read yet
    assertThat(p.watermark()).isEqualTo(7);
    assertThat(p.replayedAbove()).isEmpty();

    p.advance(set(), 3); // never backwards
    assertThat(p.watermark()).isEqualTo(7);
  }

  @Test
  void scatteredSelectiveReplaysHaveALimit() {
    ReplayProgress p = ReplayProgress.empty();
    List<Long> every2nd = LongStream.range(0, 2000).map(i -> 1_000_000_000L + 2 * i).boxed().toList();
    assertThat(p.fits("id-1", every2nd.subList(0, 10))).isTrue();
    assertThat(p.fits("id-1", every2nd)).isFalse();
    List<Long> contiguous = LongStream.range(0, 100_000).boxed().toList();
    assertThat(p.fits("id-1", contiguous)).as("a range is short").isTrue();
  }
}
