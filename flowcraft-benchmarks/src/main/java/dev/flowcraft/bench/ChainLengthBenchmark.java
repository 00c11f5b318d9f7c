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
 * Whether a node step costs the same in a short and in a long run: one operation is one complete run of an
 * n-node linear chain, so node steps/s = ops/s × {@code length}. A flat curve means no per-step cost grows
 * with the run (context, node records). Target: 4,000 nodes within 20 % of 10 nodes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class ChainLengthBenchmark {

  private static final String NOOP = "bench.noop";

  @Param({"10", "4000"})
  public int length;

  /** Worker threads of the runtime. */
  @Param({"8"})
  public int concurrency;

  private FlowRuntime runtime;
  private Blueprint chain;

  @Setup(Level.Trial)
  public void setUp() {
    NodeRegistry registry = NodeRegistry.builder().register(NOOP, ctx -> NodeResult.of(1)).build();
    runtime = FlowRuntime.builder().registry(registry).concurrency(concurrency).build();
    chain = InMemoryRuntimeBenchmark.chain(length);
    RunResult r = runtime.run(chain);
    if (r.status() != RunStatus.COMPLETED || r.nodes().size() != length) {
      throw new IllegalStateException(chain.id() + " ended " + r.status() + " with " + r.nodes().size() + " nodes");
    }
    runtime.forget(r.runId());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
  }

  @Benchmark
  public RunStatus chain() {
    RunResult r = runtime.run(chain);
    runtime.forget(r.runId());
    return r.status();
  }
}
