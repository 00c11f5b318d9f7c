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
import dev.flowcraft.kafka.bench.RateSweep;
import dev.flowcraft.kafka.bench.RawLimits;
import dev.flowcraft.kafka.bench.RawReport;
import dev.flowcraft.kafka.bench.SweepReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        "'flowcraft worker' processes instead. --sweep-rates measures latency against",
        "offered load (--plot draws it as SVG); --raw measures the servers' own limits.",
        "Progress on stderr, report on stdout."},
    footer = {"", "Shapes: single (1 node), linear3, linear10,",
        "  fanout10 (start -> 7 parallel -> join -> end), fanout50 (start -> 47 -> join -> end).",
        "", "Exit codes: 0 every measured run completed (--raw: every probe without error)",
        "  1 a run failed or did not finish (--raw: a probe failed)",
        "  2 invalid usage",
        "", "Examples:", "  eval \"$(flowcraft stack up)\"",
        "  flowcraft bench --shape fanout10 --in-flight 64 --duration 60s",
        "  flowcraft bench --shape fanout10 --rate 20 --duration 30s --output json",
        "  flowcraft bench --shape fanout10 --sweep-rates 5,20,50,100 --duration 20s --warmup 50 --plot latency.svg",
        "  flowcraft bench --raw --duration 10s          # the servers' own limits, same connections",
        "  flowcraft bench --table-scans --runs 200000   # scan latency as runs go through the tables",
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

  @Option(names = "--sweep-rates", paramLabel = "<r1,r2,...>",
      description = "Open loop at each of these rates (runs/s), lowest first, each for --duration (or --runs) on the"
          + " same workers; --warmup runs once, at the highest rate. Stops early at a rate with unfinished runs.")
  String sweepRates;

  @Option(names = "--plot", paramLabel = "<file.svg>",
      description = "With --sweep-rates: write an SVG of latency p50/p95/p99 against offered load, and the JSON of"
          + " every point next to it (<file>.json).")
  Path plot;

  @Option(names = "--raw",
      description = "Measure the servers' own limits instead of the engine, with the workers' kinds of connection and"
          + " settings: Cassandra INSERT/SELECT/LWT, Kafka produce->consume round trips, Redis EVALSHA (see"
          + " docs/benchmarks.md). --duration is per probe (default 10s).")
  boolean raw;

  @Option(names = "--table-scans",
      description = "Measure how the Cassandra scans of timer polls, reconciliation and retention grow as runs go"
          + " through the tables: writes --runs runs (default 200,000; each created, completed, with a timer scheduled"
          + " and fired) in a scratch keyspace and times the scans every --scan-step runs (see docs/benchmarks.md).")
  boolean tableScans;

  @Option(names = "--scan-step", paramLabel = "<runs>", defaultValue = "20000",
      description = "With --table-scans: runs written between two measurements (default: ${DEFAULT-VALUE}).")
  int scanStep;

  @Option(names = "--scan-status-period", paramLabel = "<duration>", defaultValue = "1m",
      converter = DurationConverter.class,
      description = "With --table-scans: the status index period of the scratch keyspace (default: ${DEFAULT-VALUE};"
          + " the servers' default is 10m). A scan reads the tombstones of at most one period plus twice the clock"
          + " skew, so a short period shows that bound within a short benchmark.")
  java.time.Duration scanStatusPeriod;

  @Option(names = "--raw-servers", paramLabel = "<list>", split = ",", defaultValue = "cassandra,kafka,redis",
      description = "With --raw: which servers to probe (default: ${DEFAULT-VALUE}).")
  List<String> rawServers;

  @Option(names = "--raw-concurrency", paramLabel = "<n>", defaultValue = "64",
      description = "With --raw: Cassandra requests in flight (default: ${DEFAULT-VALUE}). Redis uses --concurrency, the"
          + " workers' (one connection shared by that many callers), and also runs unpipelined.")
  int rawConcurrency;

  @Option(names = "--raw-kafka-in-flight", paramLabel = "<n>", defaultValue = "1000",
      description = "With --raw: Kafka records in flight in the throughput probe (default: ${DEFAULT-VALUE}); the latency"
          + " probe has 1.")
  int rawKafkaInFlight;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (raw) {
      return callRaw();
    }
    if (tableScans) {
      return callTableScans();
    }
    if (plot != null && sweepRates == null) {
      throw new CliException(ExitCodes.INVALID, "--plot needs --sweep-rates (the plot is latency against offered load)");
    }
    List<Double> rates = sweepRates == null ? null : rates();
    if (rates != null && (inFlight != null || rate != null)) {
      throw new CliException(ExitCodes.INVALID, "--sweep-rates sets the rates: drop --rate and --in-flight");
    }
    PrintWriter out = spec.commandLine().getOut();
    BenchOptions load = rates == null ? loadOptions() : loadOptions().withRate(rates.get(rates.size() - 1));
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
    String mode = rates == null ? load.describeMode() : "open loop at " + rates.stream().map(r -> r + "")
        .collect(java.util.stream.Collectors.joining(", ")) + " runs/s";
    err.println("[bench] " + load.shape().cliName() + ", " + mode + ", "
        + (externalWorkers ? "external workers" : workers + " in-process worker(s) x concurrency " + concurrency)
        + ", topic " + options.topic() + ", keyspace " + options.cassandra().keyspace());
    BenchReport report = null;
    SweepReport sweep = null;
    try (BenchCluster cluster = BenchCluster.start(options, externalWorkers ? 0 : workers, BenchNodes.registry(nodeSleep),
        pollInterval)) {
      if (!cluster.awaitWorkersAssigned(options, Duration.ofSeconds(60))) {
        err.println("[bench] the workers' consumer group is not stable after 60 s; measuring anyway");
      }
      var blueprint = externalWorkers
          ? load.shape().blueprint(BenchNodes.EXTERNAL_NODE_KEY, BenchNodes.EXTERNAL_PARAMS)
          : load.shape().blueprint(BenchNodes.NODE_KEY);
      PrintStream lines = progress.isZero() ? null : err;
      java.util.function.Function<BenchOptions, LoadGenerator> generator = o -> new LoadGenerator(cluster.client(),
          cluster.completions(), o, blueprint, cluster::workerCalls, cluster::clientCalls, cluster::callsByKind,
          cluster.workerCount(), lines);
      if (rates == null) {
        report = generator.apply(load).run();
      } else {
        sweep = RateSweep.run(load, rates, generator, err);
      }
    } finally {
      if (fresh && !keep) {
        BenchCleanup.drop(options, err);
      }
    }
    if (sweep != null) {
      return printSweep(sweep, out, err);
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

  private int printSweep(SweepReport sweep, PrintWriter out, PrintStream err) {
    if (plot != null) {
      Path json = pointsFile(plot);
      try {
        Files.writeString(plot, sweep.svg());
        Files.writeString(json, sweep.toJson() + System.lineSeparator());
      } catch (IOException e) {
        throw new CliException(ExitCodes.FAILED, "Cannot write " + plot + " or " + json + ": " + e.getMessage(), e);
      }
      err.println("[sweep] wrote " + plot + " and " + json);
    }
    if (output == OutputFormat.json) {
      out.println(sweep.toJson());
    } else {
      out.print(sweep.toText());
    }
    out.flush();
    return sweep.allCompleted() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** {@code latency.svg} -> {@code latency.json} (or the name with {@code .json} appended). */
  static Path pointsFile(Path svg) {
    String name = svg.getFileName().toString();
    String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".svg") ? name.substring(0, name.length() - 4) : name;
    return svg.resolveSibling(base + ".json");
  }

  List<Double> rates() {
    try {
      return RateSweep.parseRates(sweepRates);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage());
    }
  }

  private int callTableScans() {
    int total = runs > 0 ? (int) Math.min(Integer.MAX_VALUE, runs) : 200_000;
    if (scanStep < 1) {
      throw new CliException(ExitCodes.INVALID, "--scan-step must be >= 1");
    }
    KafkaAdapterOptions options = servers.toOptions(System.getenv()).build();
    PrintStream err = System.err;
    err.println("[scan] Cassandra " + options.cassandraContact() + ": " + total + " runs, a measurement every "
        + scanStep + ", " + concurrency + " writers, status index period " + scanStatusPeriod);
    List<dev.flowcraft.kafka.bench.TableScanBench.Point> points;
    try {
      points = dev.flowcraft.kafka.bench.TableScanBench.run(options, total, scanStep, concurrency,
          scanStatusPeriod, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted", e);
    } catch (Exception e) {
      throw new CliException(ExitCodes.FAILED, "The table-scan benchmark failed: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(dev.flowcraft.kafka.bench.TableScanBench.table(points));
    out.flush();
    return ExitCodes.OK;
  }

  private int callRaw() {
    for (String o : new String[] {"--rate", "--in-flight", "--sweep-rates", "--plot", "--runs", "--external-workers",
        "--shape", "--node-sleep", "--workers", "--breakdown", "--keep"}) {
      if (given(o)) {
        throw new CliException(ExitCodes.INVALID, o + " does not apply to --raw (it measures the servers, not runs)");
      }
    }
    RawLimits.Options raw = rawOptions();
    KafkaAdapterOptions options = servers.toOptions(System.getenv()).concurrency(concurrency).partitions(partitions)
        .build();
    PrintStream err = System.err;
    err.println("[raw] servers: Kafka " + options.kafkaBootstrap() + ", Cassandra " + options.cassandraContact()
        + ", Redis " + options.redisUri().replaceAll("(?<=//)[^@/]*@", "***@") + "; " + raw.duration().toMillis() / 1000.0
        + " s per probe");
    RawReport report = RawLimits.measure(options, raw, err);
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      out.println(report.toJson());
    } else {
      out.print(report.toText());
    }
    out.flush();
    return report.anyErrors() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /** The probes' options from the flags: --duration per probe (default 10 s), a fifth of it (at most 3 s) warm-up. */
  RawLimits.Options rawOptions() {
    Duration d = duration == null ? Duration.ofSeconds(10) : duration;
    if (d.isZero() || d.isNegative()) {
      throw new CliException(ExitCodes.INVALID, "--duration must be positive");
    }
    java.util.Set<RawLimits.Server> which = java.util.EnumSet.noneOf(RawLimits.Server.class);
    try {
      for (String name : rawServers) {
        which.add(RawLimits.Server.parse(name));
      }
      Duration warm = d.dividedBy(5).compareTo(Duration.ofSeconds(3)) > 0 ? Duration.ofSeconds(3) : d.dividedBy(5);
      return new RawLimits.Options(d, warm, rawConcurrency, rawKafkaInFlight, concurrency, which,
          progress.isZero() ? null : progress);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage());
    }
  }

  BenchOptions loadOptions() {
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

  boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }
}
