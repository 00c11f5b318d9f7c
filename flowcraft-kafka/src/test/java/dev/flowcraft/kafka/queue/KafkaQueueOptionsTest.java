package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaQueueOptionsTest {

  @Test
  void theRedeliveryBackoffDoublesUpToItsCap() {
    KafkaQueueOptions o = KafkaQueueOptions.builder("k:9092").redeliveryBackoff(Duration.ofMillis(500))
        .maxRedeliveryBackoff(Duration.ofSeconds(3)).build();
    assertThat(o.backoffBefore(2)).isEqualTo(Duration.ofMillis(500));
    assertThat(o.backoffBefore(3)).isEqualTo(Duration.ofMillis(1000));
    assertThat(o.backoffBefore(4)).isEqualTo(Duration.ofMillis(2000));
    assertThat(o.backoffBefore(5)).isEqualTo(Duration.ofMillis(3000));
    assertThat(o.backoffBefore(60)).isEqualTo(Duration.ofMillis(3000));
  }

  @Test
  void aZeroBackoffRedeliversAtOnce() {
    KafkaQueueOptions o = KafkaQueueOptions.builder("k:9092").redeliveryBackoff(Duration.ZERO).build();
    assertThat(o.backoffBefore(2)).isZero();
    assertThat(o.backoffBefore(9)).isZero();
  }

  @Test
  void aCapBelowTheBackoffIsRejected() {
    assertThatThrownBy(() -> KafkaQueueOptions.builder("k:9092").redeliveryBackoff(Duration.ofSeconds(2))
        .maxRedeliveryBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRedeliveryBackoff");
  }
}
