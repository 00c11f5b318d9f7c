package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaReconciler;
import dev.flowcraft.runtime.ReconciliationStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft reconcile}: one reconciliation pass over the distributed runs. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Resume running runs that made no progress for longer than --threshold, from their records in",
        "Cassandra: lost jobs are enqueued again, joins and work sets lost with Redis are rebuilt. Untaken",
        "branches, completed nodes and jobs still in flight are never enqueued. Workers also do this every minute."},
    footer = {"", "Exit codes: 0 the pass ran (see failedRuns)  1 some runs could not be reconciled  2 bad usage", "",
        "Example:", "  flowcraft reconcile --threshold 5m --output json"})
final class ReconcileCommand implements Callable<Integer> {

  @Option(names = "--threshold", paramLabel = "<duration>", defaultValue = "10m", converter = DurationConverter.class,
      description = "A running run without recorded progress for this long is stalled (default: ${DEFAULT-VALUE}).")
  Duration threshold;

  @Option(names = "--limit", paramLabel = "<n>", defaultValue = "1000", description = "Runs examined per pass (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: {stalledRuns, reconciledRuns, failedRuns}.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KafkaReconciler reconciler = KafkaReconciler.create(servers.toOptions(System.getenv()).createSchema(false).build(),
        threshold, limit)) {
      ReconciliationStats stats = reconciler.run();
      if (output == OutputFormat.json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stalledRuns", stats.stalledRuns());
        doc.put("reconciledRuns", stats.reconciledRuns());
        doc.put("failedRuns", stats.failedRuns());
        out.println(Json.compact(doc));
      } else {
        out.println("stalled runs: " + stats.stalledRuns() + ", reconciled: " + stats.reconciledRuns() + ", failed: "
            + stats.failedRuns());
      }
      out.flush();
      return stats.failedRuns() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
