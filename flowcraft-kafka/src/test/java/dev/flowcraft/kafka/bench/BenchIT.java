package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tiny benchmark through the real servers: every run completes, and the per-step call counts are sane. */
@FlowcraftStackTest
class BenchIT {

  @Test
  void thirtyLinear3RunsCompleteWithSanePerStepCounts(TestStack stack) {
    String topic = stack.uniqueName("bench");
    KafkaAdapterOptions options = KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc())
        .redisUri(stack.redisUri())
        .cassandra(CassandraOptions.builder().keyspace(stack.uniqueName("bench")).build())
        .topic(topic)
        .groupId(topic + "-workers")
        .partitions(4)
        .concurrency(4)
        .build();
    BenchOptions load = new BenchOptions(BenchShape.LINEAR3, 4, null, 30, null, 5, Duration.ofSeconds(60), 2, null);
    BenchReport report;
    try (BenchCluster cluster = BenchCluster.start(options, 2, BenchNodes.registry(null), Duration.ofMillis(5))) {
      assertThat(cluster.awaitWorkersAssigned(options, Duration.ofSeconds(30))).as("workers assigned").isTrue();
      report = new LoadGenerator(cluster.client(), cluster.completions(), load, cluster::workerCalls,
          cluster::clientCalls, cluster.workerCount(), System.err).run();
      System.err.println(cluster.callsByKind());
    }
    System.err.print(report.toText());

    assertThat(report.started()).isEqualTo(30);
    assertThat(report.completed()).isEqualTo(30);
    assertThat(report.failed()).isZero();
    assertThat(report.unfinished()).isZero();
    assertThat(report.steps()).isEqualTo(90);
    assertThat(report.latencyMs().count()).isEqualTo(30);
    assertThat(report.latencyMs().p50()).isPositive().isLessThanOrEqualTo(report.latencyMs().max());

    double steps = report.steps();
    assertThat(report.workerCalls().cassandraStatements() / steps).as("Cassandra statements per step").isGreaterThan(0);
    // no LWT in a node step: the ones there are belong to the run (create IF NOT EXISTS, final status IF ...)
    assertThat(report.allCalls().cassandraLwt() / steps).as("LWT per step").isLessThan(1);
    assertThat(report.allCalls().cassandraLwt()).as("LWT per run").isLessThanOrEqualTo(2 * report.completed());
    assertThat(report.workerCalls().redisCommands() / steps).as("Redis commands per step").isGreaterThan(0);
    // every step but the first of a run is a job the workers produce; the client produces the first
    assertThat(report.allCalls().kafkaRecords()).as("Kafka records").isGreaterThanOrEqualTo(90);
    assertThat(report.clientCalls().kafkaRecords()).as("Kafka records of the client").isEqualTo(30);
  }
}
