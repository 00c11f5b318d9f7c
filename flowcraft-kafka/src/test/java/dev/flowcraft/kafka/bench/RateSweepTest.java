package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import dev.flowcraft.runtime.FlowRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSweepTest {

  @Test
  void ratesAreParsedSortedAndValidated() {
    assertThat(RateSweep.parseRates("50, 5,20,100,20")).containsExactly(5.0, 20.0, 50.0, 100.0);
    assertThat(RateSweep.parseRates("0.5")).containsExactly(0.5);
    assertThatThrownBy(() -> RateSweep.parseRates("5,x")).hasMessageContaining("'x' is not a number");
    assertThatThrownBy(() -> RateSweep.parseRates("5,0")).hasMessageContaining("> 0");
    assertThatThrownBy(() -> RateSweep.parseRates(" ")).hasMessageContaining("comma-separated");
  }

  @Test
  void optionsWithRateAndWarmup() {
    BenchOptions closed = new BenchOptions(BenchShape.LINEAR3, 8, null, 0, Duration.ofSeconds(5), 100,
        Duration.ofSeconds(30), 4, null);
    BenchOptions open = closed.withRate(20).withWarmup(0);
    assertThat(open.closedLoop()).isFalse();
    assertThat(open.rate()).isEqualTo(20.0);
    assertThat(open.inFlight()).isNull();
    assertThat(open.warmup()).isZero();
    assertThat(open.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(open.shape()).isEqualTo(BenchShape.LINEAR3);
  }

  @Test
  void sweepOnTheInMemoryRuntimeMeasuresEachRateOnceAfterOneWarmUp() throws Exception {
    EventCompletion events = new EventCompletion();
    List<BenchOptions> asked = new ArrayList<>();
    BenchOptions base = new BenchOptions(BenchShape.LINEAR3, null, 1.0, 0, Duration.ofMillis(400), 4,
        Duration.ofSeconds(20), 2, null);
    SweepReport sweep;
    try (FlowRuntime runtime = FlowRuntime.builder().registry(BenchNodes.registry(null)).eventBus(events)
        .startWorkers(true).concurrency(2).build()) {
      sweep = RateSweep.run(base, List.of(40.0, 10.0), o -> {
        asked.add(o);
        return new LoadGenerator(runtime, events, o, () -> Snapshot.ZERO, () -> Snapshot.ZERO, 1, null);
      }, System.err);
    }
    // one warm-up at the highest rate, then the points lowest first without warm-up
    assertThat(asked).extracting(BenchOptions::rate).containsExactly(40.0, 10.0, 40.0);
    assertThat(asked).extracting(BenchOptions::warmup).containsExactly(4, 0, 0);
    assertThat(sweep.points()).hasSize(2);
    assertThat(sweep.points().get(0).started()).isEqualTo(4);
    assertThat(sweep.points().get(1).started()).isEqualTo(16);
    assertThat(sweep.allCompleted()).isTrue();
    assertThat(sweep.toText()).contains("offered/s").contains("p99 ms");
    JsonNode json = new ObjectMapper().readTree(sweep.toJson());
    assertThat(json.get("points")).hasSize(2);
    assertThat(json.get("points").get(1).get("rate").asDouble()).isEqualTo(40.0);
    assertThat(json.get("points").get(1).get("latencyMs").get("p99").asDouble()).isPositive();
    assertThat(sweep.svg()).contains("<svg").contains("linear3 (3 nodes), open loop");
  }
}
