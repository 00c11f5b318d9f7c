package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.kafka.bench.RawReport.ProbeResult;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The raw probes against the real servers, with tiny durations: real, non-zero numbers, and no scratch left. */
@FlowcraftStackTest
class RawLimitsIT {

  @Test
  void everyProbeMeasuresSomethingAndTheScratchKeyspaceAndTopicAreGone(TestStack stack) throws Exception {
    KafkaAdapterOptions options = KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc())
        .redisUri(stack.redisUri())
        .partitions(4)
        .build();
    Set<String> keyspacesBefore = rawKeyspaces(options);
    Set<String> topicsBefore = rawTopics(options);

    RawReport report = RawLimits.measure(options, new RawLimits.Options(Duration.ofMillis(1500), Duration.ofMillis(500),
        8, 50, 4, EnumSet.allOf(RawLimits.Server.class), Duration.ofMillis(500)), System.err);
    System.err.print(report.toText());

    assertThat(report.probes()).extracting(ProbeResult::name).containsExactly("cassandra INSERT", "cassandra SELECT",
        "cassandra LWT", "kafka round trip, 1 in flight", "kafka round trip, 50 in flight", "redis EVALSHA, 1 in flight",
        "redis EVALSHA, 4 in flight");
    for (ProbeResult p : report.probes()) {
      assertThat(p.error()).as(p.name() + " error").isNull();
      assertThat(p.errors()).as(p.name() + " errors").isZero();
      assertThat(p.ops()).as(p.name() + " ops").isPositive();
      assertThat(p.opsPerS()).as(p.name() + " ops/s").isPositive();
      assertThat(p.latencyMs().count()).as(p.name() + " latency samples").isEqualTo(p.ops());
      assertThat(p.latencyMs().p50()).as(p.name() + " p50").isPositive().isLessThanOrEqualTo(p.latencyMs().p99());
      assertThat(p.latencyMs().p99()).as(p.name() + " p99").isLessThanOrEqualTo(p.latencyMs().max());
      // closed loop: ops/s cannot beat in-flight / (mean latency); with p50 as a stand-in, allow a wide margin
      assertThat(p.opsPerS()).as(p.name() + " ops/s vs latency").isLessThan(p.inFlight() * 1000.0 / p.latencyMs().p50()
          * 20);
    }
    assertThat(report.anyErrors()).isFalse();
    assertThat(report.toJson()).contains("\"opsPerS\"").contains("\"p99\"");
    assertThat(rawKeyspaces(options)).as("scratch keyspaces left").isSubsetOf(keyspacesBefore);
    assertThat(rawTopics(options)).as("scratch topics left").isSubsetOf(topicsBefore);
  }

  @Test
  void anUnreachableServerFailsItsProbesOnly(TestStack stack) {
    KafkaAdapterOptions options = KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc())
        .redisUri("redis://127.0.0.1:1?timeout=2s") // nothing listens on port 1
        .build();
    RawReport report = RawLimits.measure(options, new RawLimits.Options(Duration.ofMillis(300), Duration.ZERO, 2, 2, 2,
        EnumSet.of(RawLimits.Server.REDIS), null), null);
    assertThat(report.probes()).hasSize(2).allSatisfy(p -> assertThat(p.error()).isNotNull());
    assertThat(report.anyErrors()).isTrue();
    assertThat(report.toText()).contains("failed:");
  }

  private static Set<String> rawKeyspaces(KafkaAdapterOptions options) {
    try (CqlSession s = KafkaBackends.openSession(options, null)) {
      return s.getMetadata().getKeyspaces().keySet().stream().map(CqlIdentifier::asInternal)
          .filter(k -> k.startsWith("flowcraft_raw_")).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> rawTopics(KafkaAdapterOptions options) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith("flowcraft-raw-"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
