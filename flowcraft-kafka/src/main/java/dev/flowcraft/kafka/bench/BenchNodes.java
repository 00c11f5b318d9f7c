package dev.flowcraft.kafka.bench;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import java.time.Duration;

/** The benchmark's only node: returns at once, or after sleeping, so that the engine's overhead is what is measured. */
public final class BenchNodes {

  /** The {@code uses} key of every benchmark node. Workers that serve {@code --external-workers} runs must register it. */
  public static final String NODE_KEY = "bench.step";

  private BenchNodes() {
  }

  /** A registry with {@link #NODE_KEY}; {@code sleep} null or zero means no sleep. */
  public static NodeRegistry registry(Duration sleep) {
    long millis = sleep == null ? 0 : sleep.toMillis();
    return NodeRegistry.builder().register(NODE_KEY, ctx -> {
      if (millis > 0) {
        Thread.sleep(millis);
      }
      return NodeResult.empty();
    }).build();
  }
}
