package dev.flowcraft.cli;

import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.PurgeStats;
import dev.flowcraft.spi.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flowcraft purge}: deletes finished distributed runs older than a period, or counts them. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = {"Delete finished runs (completed, failed, cancelled) that ended longer ago than",
        "--older-than, for good: their status, context, node records and timers in",
        "Cassandra (their Redis keys went when they ended). Running and awaiting runs",
        "are never deleted, however old; a subflow's child run goes when its own end is",
        "old enough.",
        "Workers do this on their own, every minute, for runs older than their",
        "--retention (default 7d). Use this command for a one-off clean-up, a shorter",
        "period, or a deployment whose workers keep finished runs forever."},
    footer = {"", "Progress goes to stderr (every 500 runs), the summary to stdout.", "",
        "Exit codes: 0 done  1 some runs could not be deleted (logged; run it again)",
        "            2 bad usage", "",
        "Examples:", "  flowcraft purge --older-than 30d --dry-run", "  flowcraft purge --older-than 7d",
        "  flowcraft purge --older-than 12h --limit 10000 --output json"})
final class PurgeCommand implements Callable<Integer> {

  @Option(names = "--older-than", required = true, paramLabel = "<duration>", converter = DurationConverter.class,
      description = "Delete runs that ended longer ago than this, e.g. 7d, 12h, 30m, P30D.")
  Duration olderThan;

  @Option(names = "--dry-run", description = "Only count what would be deleted (per status, with the oldest and newest"
      + " end); delete nothing.")
  boolean dryRun;

  @Option(names = "--limit", paramLabel = "<n>", description = "Delete (or count) at most this many runs, oldest first"
      + " (default: all).")
  Integer limit;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: {dryRun, olderThan, finishedBefore, matchedRuns, deletedRuns, failedRuns,"
          + " byStatus, oldestFinishedAt, newestFinishedAt}.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int max = limit == null ? Integer.MAX_VALUE : limit;
    Instant cutoff = Instant.now().minus(olderThan);
    PurgeStats total;
    try (FlowRuntime client = servers.client()) {
      java.util.function.Consumer<PurgeStats> progress = p -> {
        err.println("flowcraft purge: " + (dryRun ? "found " + p.matchedRuns()
            : "deleted " + p.deletedRuns() + (p.failedRuns() > 0 ? " (" + p.failedRuns() + " failed)" : ""))
            + " runs so far; the last ended at " + p.newestFinishedAt());
        err.flush();
      };
      total = dryRun ? client.previewPurge(cutoff, max, progress) : client.purgeFinished(cutoff, max, progress);
    }
    print(out, total, cutoff);
    return total.failedRuns() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void print(PrintWriter out, PurgeStats s, Instant cutoff) {
    if (output == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dryRun", dryRun);
      doc.put("olderThan", olderThan.toString());
      doc.put("finishedBefore", cutoff.toString());
      doc.put("matchedRuns", s.matchedRuns());
      doc.put("deletedRuns", s.deletedRuns());
      doc.put("failedRuns", s.failedRuns());
      Map<String, Integer> byStatus = new LinkedHashMap<>();
      for (RunStatus st : List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED)) {
        byStatus.put(st.jsonName(), s.byStatus().getOrDefault(st, 0));
      }
      doc.put("byStatus", byStatus);
      doc.put("oldestFinishedAt", s.oldestFinishedAt() == null ? null : s.oldestFinishedAt().toString());
      doc.put("newestFinishedAt", s.newestFinishedAt() == null ? null : s.newestFinishedAt().toString());
      out.println(Json.compact(doc));
    } else {
      String which = "finished runs that ended before " + cutoff + " (older than " + RetentionConverter.format(olderThan)
          + ")";
      if (s.matchedRuns() == 0) {
        out.println("No " + which + ".");
      } else {
        List<String> parts = new ArrayList<>();
        for (RunStatus st : List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED)) {
          if (s.byStatus().containsKey(st)) {
            parts.add(s.byStatus().get(st) + " " + st.jsonName());
          }
        }
        String count = dryRun ? "Would delete " + s.matchedRuns()
            : "Deleted " + s.deletedRuns() + (s.deletedRuns() == s.matchedRuns() ? "" : " of " + s.matchedRuns());
        out.println(count + " " + which + ": " + String.join(", ", parts)
            + "; they ended between " + s.oldestFinishedAt() + " and " + s.newestFinishedAt() + "."
            + (limit != null && s.matchedRuns() >= limit ? " Stopped at --limit " + limit + "." : ""));
        if (s.failedRuns() > 0) {
          out.println(s.failedRuns() + " could not be deleted (see the log above); run the command again.");
        }
      }
    }
    out.flush();
  }
}
