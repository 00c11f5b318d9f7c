package dev.flowcraft.cli;

import dev.flowcraft.api.NodeProvider;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.metrics.MetricsServer;
import dev.flowcraft.kafka.metrics.WorkerMetrics;
import dev.flowcraft.kafka.webhook.WebhookServer;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft worker}: consumes node jobs until stopped (SIGTERM/Ctrl-C stop it gracefully). */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Run a distributed worker: consume node jobs from Kafka, keep run state in Cassandra, coordinate in",
        "Redis. Serves the built-in and standard nodes plus every NodeProvider on the classpath. Runs until stopped;",
        "SIGTERM or Ctrl-C finish the jobs in flight first. With --webhook-port it also serves the endpoints of",
        "webhook nodes (see 'flowcraft webhook serve --help').",
        "Once a minute, one worker of the group resumes stalled runs and deletes",
        "finished runs older than --retention."},
    footer = {"", "Example:", "  eval \"$(flowcraft stack up)\"", "  flowcraft worker --concurrency 16 &",
        "  flowcraft worker --webhook-port 8080 --webhook-token s3cret &   # a worker that also serves webhooks",
        "  flowcraft worker --metrics-port 9464 &   # curl http://127.0.0.1:9464/metrics",
        "  flowcraft submit examples/hello.json --input @examples/hello-input.json"})
final class WorkerCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Option(names = "--concurrency", paramLabel = "<n>", defaultValue = "16", description = "Node jobs run at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--partitions", paramLabel = "<n>", defaultValue = "16",
      description = "Partitions of the job topic if this worker creates it (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--retention", paramLabel = "<duration>", converter = RetentionConverter.class,
      description = "Delete finished runs (completed, failed, cancelled) this long after they ended, e.g. 7d, 12h,"
          + " P30D; 0 or none keeps them forever. Running and awaiting runs are never deleted. Default: env "
          + KafkaAdapterOptions.ENV_RETENTION + ", else 7d. See also 'flowcraft purge'.")
  Duration retention;

  @Option(names = "--blueprint-dir", paramLabel = "<dir>", description = "Directory whose *.json blueprints subflow nodes may use, by id.")
  Path blueprintDir;

  @Option(names = "--webhook-port", paramLabel = "<port>",
      description = "Also serve webhook endpoints on this port (default: none; see 'flowcraft webhook serve').")
  Integer webhookPort;

  @Option(names = "--webhook-host", paramLabel = "<address>", defaultValue = "127.0.0.1",
      description = "Address the webhook endpoints listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String webhookHost;

  @Option(names = "--webhook-token", paramLabel = "<token>",
      description = "Require 'Authorization: Bearer <token>' on webhook requests (env " + WebhookEndpoint.ENV_TOKEN + ").")
  String webhookToken;

  @Option(names = "--webhook-base-url", paramLabel = "<url>",
      description = "Public URL of the webhook endpoints that webhook nodes hand out (default:"
          + " http://127.0.0.1:<webhook-port or 8080>/webhooks/).")
  String webhookBaseUrl;

  @Option(names = "--metrics-port", paramLabel = "<port>",
      description = "Serve metrics at http://<metrics-host>:<port>/metrics in the Prometheus text format: server calls"
          + " (Cassandra statements and LWTs, Redis commands, Kafka records), jobs handled and their handling time"
          + " (default: none).")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "<address>", defaultValue = "127.0.0.1",
      description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String metricsHost;

  @Option(names = "--max-output-bytes", paramLabel = "<bytes>", defaultValue = "1048576",
      description = "Largest output of one node attempt or batch item, in bytes of JSON; over it the node fails"
          + " fatally, naming the limit (default: ${DEFAULT-VALUE}).")
  long maxOutputBytes;

  @Option(names = "--max-context-value-bytes", paramLabel = "<bytes>", defaultValue = "1048576",
      description = "Largest value a node sets in the context, in bytes of JSON (default: ${DEFAULT-VALUE}).")
  long maxContextValueBytes;

  @Option(names = "--max-batch-items", paramLabel = "<n>", defaultValue = "10000",
      description = "Most items one batch-scatter accepts (default: ${DEFAULT-VALUE}).")
  int maxBatchItems;

  @Option(names = "--default-node-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
      defaultValue = "10m",
      description = "How long an attempt of a node without its own config.timeout may run (e.g. 90s, 30m, 2h; 0 for"
          + " no bound). Past it the attempt is cancelled, its thread interrupted, and it fails with a timeout that"
          + " is retried like any failure (default: ${DEFAULT-VALUE}).")
  Duration defaultNodeTimeout;

  @Spec
  CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    NodeRegistry.Builder nodes = NodeRegistry.builder();
    int providers = 0;
    for (NodeProvider p : ServiceLoader.load(NodeProvider.class)) {
      nodes.registerAll(p.nodes());
      providers++;
    }
    RunLimits limits;
    try {
      limits = RunLimits.builder().maxOutputBytes(maxOutputBytes).maxContextValueBytes(maxContextValueBytes)
          .maxBatchItems(maxBatchItems).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
    }
    FlowRuntime.Builder runtime;
    try {
      runtime = FlowRuntime.builder().registry(nodes.build()).limits(limits).defaultNodeTimeout(defaultNodeTimeout);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, "--default-node-timeout: " + e.getMessage(), e);
    }
    if (blueprintDir != null) {
      Map<String, Blueprint> available = Blueprints.readDirectory(blueprintDir);
      runtime.blueprints(available.values());
    }
    String hookBase = WebhookEndpoint.baseUrl(webhookBaseUrl, webhookPort == null ? 8080 : webhookPort);
    KafkaAdapterOptions.Builder options = servers.toOptions(System.getenv()).concurrency(concurrency)
        .partitions(partitions).webhookBaseUrl(hookBase);
    if (retention != null) {
      options.retention(retention);
    }
    KafkaAdapterOptions built = options.build();
    KafkaAdapter worker = KafkaAdapter.create(built, runtime);
    java.util.concurrent.atomic.AtomicInteger exitCode = new java.util.concurrent.atomic.AtomicInteger(ExitCodes.OK);
    worker.onFailure(cause -> {
      // the consumer kept failing, or every handler thread hung: a process that consumes nothing must not look
      // healthy; exit so that its supervisor restarts it
      err.println("flowcraft worker: stopped consuming (" + TerminalText.safe(String.valueOf(cause.getMessage())) + "); exiting with code " + ExitCodes.UNAVAILABLE + " so that the supervisor restarts the worker");
      err.flush();
      exitCode.set(ExitCodes.UNAVAILABLE);
      Thread exit = new Thread(() -> System.exit(ExitCodes.UNAVAILABLE), "flowcraft-worker-exit");
      exit.start(); // not on the poll thread: the shutdown hook waits for it
    });
    worker.start();
    MetricsServer metrics = null;
    if (metricsPort != null) {
      try {
        metrics = MetricsServer.start(metricsHost, metricsPort, WorkerMetrics.prometheus(worker.counters()));
      } catch (RuntimeException e) {
        worker.stop();
        throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
      }
      err.println("flowcraft worker: serving metrics on http://" + metricsHost + ":" + metrics.port() + "/metrics");
    }
    MetricsServer servedMetrics = metrics;
    WebhookServer webhooks = null;
    if (webhookPort != null) {
      try {
        webhooks = WebhookServer.start(worker.runtime(),
            WebhookEndpoint.serverOptions(webhookHost, webhookPort, webhookToken, hookBase, 1 << 20));
      } catch (RuntimeException e) {
        if (servedMetrics != null) {
          servedMetrics.close();
        }
        worker.stop();
        throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
      }
      err.println("flowcraft worker: serving webhooks on " + webhookHost + ":" + webhooks.port() + ", endpoints "
          + hookBase + "<id>");
    }
    WebhookServer served = webhooks;
    Thread hook = new Thread(() -> {
      err.println("flowcraft worker: stopping (finishing jobs in flight) ...");
      err.flush();
      if (served != null) {
        served.close(); // first: a webhook request needs the worker's connections
      }
      worker.stop();
      if (servedMetrics != null) {
        servedMetrics.close(); // last: a scrape during the drain still answers
      }
      stopped.countDown();
    }, "flowcraft-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("flowcraft worker: consuming '" + servers.topic + "' as group '" + servers.group + "' with concurrency "
        + concurrency + " (" + providers + " node provider(s) found; finished runs kept "
        + (built.retains() ? RetentionConverter.format(built.retention()) : "forever") + "). Stop with Ctrl-C or SIGTERM.");
    err.flush();
    stopped.await();
    return exitCode.get();
  }
}
