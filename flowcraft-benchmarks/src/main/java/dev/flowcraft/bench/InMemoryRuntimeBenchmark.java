package dev.flowcraft.bench;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the in-memory {@link FlowRuntime}: one benchmark operation is one complete run of a
 * blueprint (start, every node step, settle), after which the run is forgotten so memory stays flat.
 *
 * <p>Node steps/s = ops/s × nodes per blueprint (1, 10 or 1,000).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class InMemoryRuntimeBenchmark {

  private static final String NOOP = "bench.noop";

  /** Worker threads of the runtime. */
  @Param({"8"})
  public int concurrency;

  private FlowRuntime runtime;
  private Blueprint single;
  private Blueprint forkJoin10;
  private Blueprint chain1000;

  @Setup(Level.Trial)
  public void setUp() {
    NodeRegistry registry = NodeRegistry.builder().register(NOOP, ctx -> NodeResult.of(1)).build();
    runtime = FlowRuntime.builder().registry(registry).concurrency(concurrency).build();
    single = new Blueprint("single", List.of(NodeDefinition.of("only", NOOP)), List.of());
    forkJoin10 = forkJoin(8);
    chain1000 = chain(1000);
    // Fail fast if a blueprint does not complete (a benchmark of failing runs would be meaningless).
    for (Blueprint b : List.of(single, forkJoin10, chain1000)) {
      RunResult r = runtime.run(b);
      if (r.status() != RunStatus.COMPLETED || r.nodes().size() != b.nodes().size()) {
        throw new IllegalStateException(b.id() + " ended " + r.status() + " with nodes " + r.nodes());
      }
      runtime.forget(r.runId());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
  }

  /** start → {@code width} parallel nodes → join (join strategy ALL, the default). */
  static Blueprint forkJoin(int width) {
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    nodes.add(NodeDefinition.of("start", NOOP));
    for (int i = 0; i < width; i++) {
      String id = "p" + i;
      nodes.add(NodeDefinition.of(id, NOOP));
      edges.add(EdgeDefinition.of("start", id));
      edges.add(EdgeDefinition.of(id, "join"));
    }
    nodes.add(NodeDefinition.of("join", NOOP));
    return new Blueprint("fork-join-" + (width + 2), nodes, edges);
  }

  /** n0 → n1 → … → n(length-1). */
  static Blueprint chain(int length) {
    List<NodeDefinition> nodes = new ArrayList<>(length);
    List<EdgeDefinition> edges = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      nodes.add(NodeDefinition.of("n" + i, NOOP));
      if (i > 0) {
        edges.add(EdgeDefinition.of("n" + (i - 1), "n" + i));
      }
    }
    return new Blueprint("chain-" + length, nodes, edges);
  }

  private RunStatus runOnce(Blueprint blueprint) {
    RunResult r = runtime.run(blueprint);
    runtime.forget(r.runId());
    return r.status();
  }

  /** Per-run overhead: one trivial node. */
  @Benchmark
  public RunStatus singleNode() {
    return runOnce(single);
  }

  /** 10 nodes: start → 8 parallel → join. Node steps/s = ops/s × 10. */
  @Benchmark
  public RunStatus forkJoin10() {
    return runOnce(forkJoin10);
  }

  /** 1,000-node linear chain. Node steps/s = ops/s × 1000. */
  @Benchmark
  public RunStatus linearChain1000() {
    return runOnce(chain1000);
  }
}
