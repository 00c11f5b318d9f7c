package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.cassandra.CassandraOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaAdapterOptionsRetentionTest {

  private static KafkaAdapterOptions.Builder servers() {
    return KafkaAdapterOptions.builder().kafkaBootstrap("k:9092").cassandraContact("c:9042").redisUri("redis://r:6379");
  }

  private static Map<String, String> env(String retention) {
    Map<String, String> env = new HashMap<>(Map.of(KafkaAdapterOptions.ENV_KAFKA_BOOTSTRAP, "k:9092",
        KafkaAdapterOptions.ENV_CASSANDRA_CONTACT, "c:9042", KafkaAdapterOptions.ENV_REDIS_URI, "redis://r:6379"));
    if (retention != null) {
      env.put(KafkaAdapterOptions.ENV_RETENTION, retention);
    }
    return env;
  }

  @Test
  void finishedRunsAreKeptSevenDaysByDefault() {
    KafkaAdapterOptions o = servers().build();
    assertThat(o.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(o.retains()).isTrue();
    assertThat(KafkaAdapterOptions.fromEnvironment(env(null)).build().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(o.toString()).contains("retention=PT168H");
  }

  @Test
  void zeroOrNullKeepsThemForever() {
    assertThat(servers().retention(Duration.ZERO).build().retains()).isFalse();
    assertThat(servers().retention(null).build().retention()).isZero();
    assertThat(servers().retention(Duration.ofHours(1)).build().toBuilder().build().retention()).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> servers().retention(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
  }

  @ParameterizedTest
  @CsvSource({"7d,P7D", "12h,PT12H", "30m,PT30M", "90s,PT90S", "90,PT90S", "500ms,PT0.5S", "P2D,P2D", "pt1h,PT1H",
      "0,PT0S", "none,PT0S", "off,PT0S", " 3D ,P3D"})
  void retentionPeriodsParse(String text, String expected) {
    assertThat(KafkaAdapterOptions.parseRetention(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "seven days", "-1d", "7w", "PT-1H", "1.5d"})
  void badRetentionPeriodsAreRejectedWithTheAcceptedForms(String text) {
    assertThatThrownBy(() -> KafkaAdapterOptions.parseRetention(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7d").hasMessageContaining("none");
  }

  @Test
  void theEnvironmentSetsIt() {
    assertThat(KafkaAdapterOptions.fromEnvironment(env("30d")).build().retention()).isEqualTo(Duration.ofDays(30));
    assertThat(KafkaAdapterOptions.fromEnvironment(env("none")).build().retains()).isFalse();
    assertThatThrownBy(() -> KafkaAdapterOptions.fromEnvironment(env("soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(KafkaAdapterOptions.ENV_RETENTION);
  }

  @Test
  void anIndexTtlShorterThanTheRetentionIsRejected() {
    CassandraOptions shortIndex = CassandraOptions.builder().finalIndexTtl(Duration.ofDays(1)).build();
    assertThatThrownBy(() -> servers().cassandra(shortIndex).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalIndexTtl");
    assertThat(servers().cassandra(shortIndex).retention(Duration.ZERO).build().retains()).isFalse();
    assertThat(servers().cassandra(shortIndex).retention(Duration.ofHours(12)).build().retention())
        .isEqualTo(Duration.ofHours(12));
  }
}
