package dev.flowcraft.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.bench.BenchCleanup;
import dev.flowcraft.kafka.bench.BenchNodes;
import dev.flowcraft.kafka.bench.BenchShape;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A real worker's /metrics after a few runs: its jobs, their handling time and its server calls. */
@FlowcraftStackTest
class WorkerMetricsIT {

  @Test
  void aWorkersMetricsCountItsJobsAndServerCalls(TestStack stack) throws Exception {
    String topic = stack.uniqueName("metrics");
    KafkaAdapterOptions options = KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc())
        .redisUri(stack.redisUri())
        .cassandra(CassandraOptions.builder().keyspace(stack.uniqueName("metrics")).build())
        .topic(topic)
        .groupId(topic + "-workers")
        .partitions(2)
        .concurrency(4)
        .build();
    Blueprint linear3 = BenchShape.LINEAR3.blueprint(BenchNodes.NODE_KEY);
    KafkaAdapter worker = KafkaAdapter.create(options, FlowRuntime.builder().registry(BenchNodes.registry(null)));
    assertThat(worker.counters()).as("before start").isNull();
    worker.start();
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, WorkerMetrics.prometheus(worker.counters()));
        FlowRuntime client = KafkaAdapter.client(options, FlowRuntime.builder().registry(BenchNodes.registry(null)))) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runs.add(client.start(linear3, Map.of(), RunOptions.withRunId(stack.uniqueName("run"))));
      }
      for (String run : runs) {
        assertThat(client.awaitFinal(run, Duration.ofSeconds(60)).status().name()).isEqualToIgnoringCase("completed");
      }
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

      // 5 runs x 3 nodes, each an EXECUTE job handled by this worker (redeliveries could only add)
      assertThat(value(text, "flowcraft_worker_jobs_total")).isGreaterThanOrEqualTo(15);
      assertThat(value(text, "flowcraft_worker_job_seconds_count\\{kind=\"execute\",outcome=\"ok\"}"))
          .isGreaterThanOrEqualTo(15);
      assertThat(value(text, "flowcraft_worker_job_seconds_sum\\{kind=\"execute\",outcome=\"ok\"}")).isPositive();
      // the worker loads and commits per step, and finishes each run with an LWT
      assertThat(value(text, "flowcraft_worker_cassandra_statements_total")).isGreaterThanOrEqualTo(30);
      assertThat(value(text, "flowcraft_worker_cassandra_lwt_total")).isGreaterThanOrEqualTo(5);
      assertThat(value(text, "flowcraft_worker_redis_commands_total")).isGreaterThanOrEqualTo(15);
      // the client produced the first job of each run, the worker the other 10
      assertThat(value(text, "flowcraft_worker_kafka_records_total")).isGreaterThanOrEqualTo(10);
      assertThat(value(text, "flowcraft_worker_calls_per_job\\{server=\"cassandra\"}")).isPositive();
      assertThat(value(text, "flowcraft_worker_calls_total\\{call=\"EVALSHA\",server=\"redis\"}")).isPositive();
    } finally {
      worker.stop();
      BenchCleanup.drop(options, System.err);
    }
  }

  private static double value(String text, String metric) {
    Matcher m = Pattern.compile("(?m)^" + metric + " ([0-9.eE+-]+)$").matcher(text);
    assertThat(m.find()).as(metric + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
