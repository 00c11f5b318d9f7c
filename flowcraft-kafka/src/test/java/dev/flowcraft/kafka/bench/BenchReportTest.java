package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static BenchReport report() {
    // 100 runs of 3 nodes in 2 s; workers made 450 Cassandra calls (0 LWT), 900 Redis, 200 Kafka; the client 200/100/0/100
    return new BenchReport("linear3", 3, "closed loop, 8 in flight", 8, null, 2, "events", 2.0, 101, 100, 1, 0,
        new LatencyHistogram.Summary(101, 10.5, 20.25, 30.0, 41.0), new Snapshot(450, 0, 900, 200),
        new Snapshot(200, 100, 0, 100), Map.of("redis: SET", 300L));
  }

  @Test
  void derivedNumbers() {
    BenchReport r = report();
    assertThat(r.steps()).isEqualTo(300);
    assertThat(r.runsPerS()).isEqualTo(50.0);
    assertThat(r.stepsPerS()).isEqualTo(150.0);
    assertThat(r.allCalls()).isEqualTo(new Snapshot(650, 100, 900, 300));
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    JsonNode j = new ObjectMapper().readTree(report().toJson());
    assertThat(j.get("runsPerS").asDouble()).isEqualTo(50.0);
    assertThat(j.get("stepsPerS").asDouble()).isEqualTo(150.0);
    assertThat(j.get("failed").asLong()).isEqualTo(1);
    assertThat(j.get("unfinished").asLong()).isZero();
    assertThat(j.get("latencyMs").get("p50").asDouble()).isEqualTo(10.5);
    assertThat(j.get("latencyMs").get("p95").asDouble()).isEqualTo(20.25);
    assertThat(j.get("latencyMs").get("p99").asDouble()).isEqualTo(30.0);
    assertThat(j.get("latencyMs").get("max").asDouble()).isEqualTo(41.0);
    JsonNode perStep = j.get("perStep");
    assertThat(perStep.get("cassandraStatements").asDouble()).isEqualTo(2.167);
    assertThat(perStep.get("cassandraLwt").asDouble()).isEqualTo(0.333);
    assertThat(perStep.get("redisCommands").asDouble()).isEqualTo(3.0);
    assertThat(perStep.get("kafkaRecords").asDouble()).isEqualTo(1.0);
    assertThat(j.get("perStepWorkers").get("cassandraStatements").asDouble()).isEqualTo(1.5);
    assertThat(j.get("perStepClient").get("cassandraLwt").asDouble()).isEqualTo(0.333);
    assertThat(j.get("calls").get("redisCommands").asLong()).isEqualTo(900);
    assertThat(j.get("shape").asText()).isEqualTo("linear3");
    assertThat(j.get("callsByKind").get("redis: SET").get("perStep").asDouble()).isEqualTo(1.0);
  }

  @Test
  void noStepsMeansZeroRatherThanNaN() {
    BenchReport r = new BenchReport("single", 1, "open loop, 1.0 runs/s", null, 1.0, 0, "polling", 0, 0, 0, 0, 0,
        new LatencyHistogram.Summary(0, 0, 0, 0, 0), Snapshot.ZERO, new Snapshot(5, 0, 0, 0), null);
    assertThat(r.runsPerS()).isZero();
    assertThat(r.toMap().get("perStep").toString()).doesNotContain("NaN", "Infinity");
    assertThat(r.toText()).contains("external workers");
  }
}
