package dev.flowcraft.cli;

import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.bench.BenchCleanup;
import dev.flowcraft.kafka.bench.BenchCluster;
import dev.flowcraft.kafka.bench.BenchNodes;
import dev.flowcraft.kafka.bench.BenchOptions;
import dev.flowcraft.kafka.bench.BenchReport;
import dev.flowcraft.kafka.bench.BenchShape;
import dev.flowcraft.kafka.bench.LoadGenerator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowcraft bench}: a load generator for the distributed engine, reporting throughput, latency and
 * the server calls per node step, so that one command measures the whole local stack.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load-test the distributed engine: start runs of a benchmark blueprint, closed",
        "loop (--in-flight) or open loop (--rate), and report runs/s, node steps/s,",
        "end-to-end latency percentiles, failures, and the Cassandra statements (LWT),",
        "Redis commands and Kafka records per node step, counted client-side.",
        "By default starts its own in-process workers on a fresh topic and keyspace",
        "(dropped at the end unless --keep); --external-workers submits to running",
        "'flowcraft worker' processes instead. Progress on stderr, report on stdout."},
    footer = {"", "Shapes: single (1 node), linear3, linear10,",
        "  fanout10 (start -> 7 parallel -> join -> end), fanout50 (start -> 47 -> join -> end).",
        "", "Exit codes: 0 every measured run completed  1 a run failed or did not finish",
        "  2 invalid usage",
        "", "Examples:", "  eval \"$(flowcraft stack up)\"",
        "  flowcraft bench --shape fanout10 --in-flight 64 --duration 60s",
        "  flowcraft bench --shape fanout10 --rate 20 --duration 30s --output json",
        "  flowcraft worker & flowcraft bench --external-workers --shape linear3 --in-flight 32 --runs 5000"})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--shape", paramLabel = "<shape>", defaultValue = "fanout10",
      description = "single, linear3, linear10, fanout10 or fanout50 (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(names = "--in-flight", paramLabel = "<n>",
      description = "Closed loop: keep n runs in flight (default 64 unless --rate is given).")
  Integer inFlight;

  @Option(names = "--rate", paramLabel = "<runs/s>",
      description = "Open loop: start this many runs per second on schedule; latency counts from the scheduled start.")
  Double rate;

  @Option(names = "--duration", paramLabel = "<duration>", converter = DurationConverter.class,
      description = "How long to start runs for (default 30s unless --runs is given).")
  Duration duration;

  @Option(names = "--runs", paramLabel = "<n>", defaultValue = "0",
      description = "Stop after starting this many measured runs (default: no limit).")
  long runs;

  @Option(names = "--warmup", paramLabel = "<runs>", defaultValue = "200",
      description = "Runs first started and finished, excluded from every number (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for runs in flight at the end; the rest count as unfinished (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--node-sleep", paramLabel = "<duration>", defaultValue = "0ms", converter = DurationConverter.class,
      description = "Each node sleeps this long (default: none; in-process workers only).")
  Duration nodeSleep;

  @Option(names = "--workers", paramLabel = "<n>", defaultValue = "2",
      description = "In-process workers, each with its own connections (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--concurrency", paramLabel = "<n>", defaultValue = "16",
      description = "Node jobs each in-process worker runs at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--partitions", paramLabel = "<n>", defaultValue = "16",
      description = "Partitions of the job topic when bench creates it (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--external-workers",
      description = "Start no workers: submit to running 'flowcraft worker' processes (same --topic, --keyspace). Nodes"
          + " are then the standard 'transform' node, completion is polled, and only the client's calls are counted.")
  boolean externalWorkers;

  @Option(names = "--poll-interval", paramLabel = "<duration>", defaultValue = "5ms", converter = DurationConverter.class,
      description = "With --external-workers: pause between two status sweeps of the runs in flight (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--submitters", paramLabel = "<n>", defaultValue = "16",
      description = "Threads starting runs (a start waits for Cassandra and Kafka) (default: ${DEFAULT-VALUE}).")
  int submitters;

  @Option(names = "--progress", paramLabel = "<duration>", defaultValue = "5s", converter = DurationConverter.class,
      description = "Interval of the progress lines on stderr; 0 for none (default: ${DEFAULT-VALUE}).")
  Duration progress;

  @Option(names = "--breakdown", description = "Also list the calls by Cassandra statement and Redis command.")
  boolean breakdown;

  @Option(names = "--keep", description = "Keep the fresh topic and keyspace bench created (default: drop them).")
  boolean keep;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "text (default) or json.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BenchOptions load = loadOptions();
    if (externalWorkers && !nodeSleep.isZero()) {
      throw new CliException(ExitCodes.INVALID, "--node-sleep needs in-process workers: external workers run the"
          + " standard 'transform' node, which does not sleep.");
    }
    if (workers < 1 && !externalWorkers) {
      throw new CliException(ExitCodes.INVALID, "--workers must be >= 1 (or use --external-workers)");
    }
    boolean fresh = !externalWorkers && !given("--topic") && !given("--keyspace");
    KafkaAdapterOptions options = serverOptions(fresh);
    PrintStream err = System.err;
    err.println("[bench] " + load.shape().cliName() + ", " + load.describeMode() + ", "
        + (externalWorkers ? "external workers" : workers + " in-process worker(s) x concurrency " + concurrency)
        + ", topic " + options.topic() + ", keyspace " + options.cassandra().keyspace());
    BenchReport report;
    try (BenchCluster cluster = BenchCluster.start(options, externalWorkers ? 0 : workers, BenchNodes.registry(nodeSleep),
        pollInterval)) {
      if (!cluster.awaitWorkersAssigned(options, Duration.ofSeconds(60))) {
        err.println("[bench] the workers' consumer group is not stable after 60 s; measuring anyway");
      }
      var blueprint = externalWorkers
          ? load.shape().blueprint(BenchNodes.EXTERNAL_NODE_KEY, BenchNodes.EXTERNAL_PARAMS)
          : load.shape().blueprint(BenchNodes.NODE_KEY);
      report = new LoadGenerator(cluster.client(), cluster.completions(), load, blueprint, cluster::workerCalls,
          cluster::clientCalls, cluster::callsByKind, cluster.workerCount(), progress.isZero() ? null : err).run();
    } finally {
      if (fresh && !keep) {
        BenchCleanup.drop(options, err);
      }
    }
    if (output == OutputFormat.json) {
      out.println(report.toJson());
    } else {
      out.print(report.toText());
      if (externalWorkers) {
        out.println("note: external workers: only this client's calls are counted (starting runs, polling).");
      }
      if (breakdown) {
        out.println("calls by statement / command (measured phase, workers and client):");
        out.print(report.breakdownText());
      }
    }
    out.flush();
    return report.failed() == 0 && report.unfinished() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private BenchOptions loadOptions() {
    Integer closed = inFlight == null && rate == null ? Integer.valueOf(64) : inFlight;
    Duration d = duration == null && runs == 0 ? Duration.ofSeconds(30) : duration;
    try {
      return new BenchOptions(BenchShape.parse(shape), closed, rate, runs, d, warmup, timeout, submitters,
          progress.isZero() ? null : progress);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage());
    }
  }

  private KafkaAdapterOptions serverOptions(boolean fresh) {
    KafkaAdapterOptions.Builder b = servers.toOptions(System.getenv()).concurrency(concurrency).partitions(partitions);
    if (fresh) {
      String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      String topic = "flowcraft-bench-" + id;
      b.topic(topic).groupId(topic + "-workers").cassandra(CassandraOptions.builder().keyspace("flowcraft_bench_" + id).build());
    }
    return b.build();
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }
}
