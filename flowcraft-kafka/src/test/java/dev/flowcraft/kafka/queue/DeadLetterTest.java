package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.spi.Job;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static DeadLetter letter(String key, Job job, String problem, boolean replayed) {
    return new DeadLetter(1, 7, Instant.EPOCH, key, "why", null, null, null, 1, null, 3, "x", job, problem, replayed);
  }

  @Test
  void theRunIdIsTheJobsOrElseTheKeysWithoutABatchItem() {
    assertThat(letter("k", Job.execute("r1", "a", ""), null, false).runId()).isEqualTo("r1");
    assertThat(letter("r2", null, "not a job", false).runId()).isEqualTo("r2");
    assertThat(letter("r3#12", null, "not a job", false).runId()).isEqualTo("r3");
    assertThat(letter("r#x", null, "not a job", false).runId()).isEqualTo("r#x");
    assertThat(letter("r#", null, "not a job", false).runId()).isEqualTo("r#");
    assertThat(letter(null, null, "not a job", false).runId()).isNull();
  }

  @Test
  void stateAndPosition() {
    assertThat(letter("r", Job.execute("r", "a", ""), null, false).state()).isEqualTo(DeadLetter.State.PENDING);
    assertThat(letter("r", Job.execute("r", "a", ""), null, true).state()).isEqualTo(DeadLetter.State.REPLAYED);
    assertThat(letter("r", null, "not a job", false).state()).isEqualTo(DeadLetter.State.UNREPLAYABLE);
    assertThat(letter("r", null, "not a job", false).position()).isEqualTo("1@7");
  }

  @Test
  void selections() {
    DeadLetter d = letter("r", Job.execute("r", "a", ""), null, false);
    assertThat(DeadLetters.Selection.all().matches(d)).isTrue();
    assertThat(DeadLetters.Selection.run("r").matches(d)).isTrue();
    assertThat(DeadLetters.Selection.run("s").matches(d)).isFalse();
    assertThat(DeadLetters.Selection.record(1, 7).matches(d)).isTrue();
    assertThat(DeadLetters.Selection.record(1, 8).matches(d)).isFalse();
    assertThat(new DeadLetters.Selection("r", 1, null).matches(d)).isTrue();
    assertThat(new DeadLetters.Selection("r", 0, null).matches(d)).isFalse();
    assertThatThrownBy(() -> new DeadLetters.Selection(null, null, 3L)).isInstanceOf(IllegalArgumentException.class);
  }
}
