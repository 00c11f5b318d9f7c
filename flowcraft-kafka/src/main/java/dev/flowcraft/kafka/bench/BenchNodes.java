package dev.flowcraft.kafka.bench;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import java.time.Duration;
import java.util.Map;

/** The benchmark's only node: returns at once, or after sleeping, so that the engine's overhead is what is measured. */
public final class BenchNodes {

  /** The {@code uses} key of every benchmark node. Workers that serve {@code --external-workers} runs must register it. */
  public static final String NODE_KEY = "bench.step";

  /**
   * What nodes use when the workers are external ({@code flowcraft worker} processes, which do not know
   * {@link #NODE_KEY}): the standard {@code transform} node with a constant, about as cheap.
   */
  public static final String EXTERNAL_NODE_KEY = "transform";
  public static final Map<String, Object> EXTERNAL_PARAMS = Map.of("value", "1");

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
