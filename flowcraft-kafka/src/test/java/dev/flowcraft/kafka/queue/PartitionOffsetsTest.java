package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {
  private final PartitionOffsets offsets = new PartitionOffsets();

  @Test
  void nothingToCommitBeforeAnythingIsTaken() {
    assertThat(offsets.position()).isEmpty();
    assertThat(offsets.toCommit()).isEmpty();
    assertThat(offsets.inFlight()).isZero();
  }

  @Test
  void positionStaysAtTheLowestUndoneOffset() {
    take(10, 11, 12, 13);
    assertThat(offsets.position()).hasValue(10);
    offsets.done(11);
    offsets.done(13);
    assertThat(offsets.position()).hasValue(10); // 10 still runs: committing past it could lose it
    offsets.done(10);
    assertThat(offsets.position()).hasValue(12);
    offsets.done(12);
    assertThat(offsets.position()).hasValue(14);
    assertThat(offsets.inFlight()).isZero();
  }

  @Test
  void gapsInOffsetsDoNotBlock() {
    take(5, 9, 20);
    offsets.done(5);
    offsets.done(9);
    assertThat(offsets.position()).hasValue(20);
    offsets.done(20);
    assertThat(offsets.position()).hasValue(21);
  }

  @Test
  void toCommitOnlyWhenThePositionMoved() {
    take(0, 1);
    assertThat(offsets.toCommit()).hasValue(0);
    offsets.committed(0);
    assertThat(offsets.toCommit()).isEmpty();
    offsets.done(1);
    assertThat(offsets.toCommit()).isEmpty();
    offsets.done(0);
    assertThat(offsets.toCommit()).hasValue(2);
    offsets.committed(2);
    assertThat(offsets.toCommit()).isEmpty();
  }

  @Test
  void aFailedCommitIsRetried() {
    take(0);
    offsets.done(0);
    offsets.committed(1);
    offsets.commitFailed(1);
    assertThat(offsets.toCommit()).hasValue(1);
  }

  @Test
  void aStaleFailureDoesNotUndoALaterCommit() {
    take(0, 1);
    offsets.done(0);
    offsets.committed(1);
    offsets.done(1);
    offsets.committed(2);
    offsets.commitFailed(1);
    assertThat(offsets.toCommit()).isEmpty();
  }

  @Test
  void unknownOrRepeatedDoneIsIgnored() {
    take(3);
    offsets.done(99);
    offsets.done(3);
    offsets.done(3);
    assertThat(offsets.position()).hasValue(4);
  }

  @Test
  void offsetsMustIncrease() {
    take(4);
    assertThatThrownBy(() -> offsets.taken(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> offsets.taken(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyOutOfOrderCompletionsEndAtOnePastTheLast() {
    for (long o = 0; o < 1000; o++) {
      offsets.taken(o);
    }
    for (long o = 999; o >= 0; o -= 2) {
      offsets.done(o);
    }
    assertThat(offsets.position()).isEqualTo(OptionalLong.of(0));
    for (long o = 0; o < 1000; o += 2) {
      offsets.done(o);
    }
    assertThat(offsets.position()).hasValue(1000);
  }

  private void take(long... os) {
    for (long o : os) {
      offsets.taken(o);
    }
  }
}
