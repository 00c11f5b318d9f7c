package dev.flowcraft.cli;

import dev.flowcraft.kafka.queue.DeadLetter;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft dlq list}: the records of the dead-letter topic, why they are there, whether replayed. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the dead letters: why they are there, whether replayed.",
        "Reads the dead-letter topic from its beginning to its current end, in",
        "partition and offset order. POSITION is partition@offset; STATE is pending",
        "(a job that 'dlq replay' would send), replayed (sent by an earlier replay)",
        "or unreplayable (no job: never sent). Reads only: joins no consumer group,",
        "commits nothing."},
    footer = {"", "Exit codes: 0 listed  1 Kafka could not be read",
        "  2 bad usage, or the dead-letter topic does not exist", "",
        "Example:", "  flowcraft dlq list --run-id 3f1c... --output json"})
final class DlqListCommand implements Callable<Integer> {

  @Option(names = "--run-id", paramLabel = "<id>", description = "Only the dead letters of this run (for a record that is no job: by its key).")
  String runId;

  @Option(names = "--partition", paramLabel = "<n>", description = "Only this partition of the dead-letter topic.")
  Integer partition;

  @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
      description = "Show at most this many, the first in partition and offset order (default: ${DEFAULT-VALUE}); the counts cover all.")
  int limit;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default): a table; json: {topic, replayGroup, total, matched, pending, replayed, unreplayable,"
          + " deadLetters: [{partition, offset, timestamp, key, runId, job, delivery, state, error, problem,"
          + " originalTopic, originalPartition, originalOffset, replayedFrom, valueBytes, value}], warnings}.")
  OutputFormat output;

  @Mixin
  DlqOptions dlq;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new CliException(ExitCodes.INVALID, "--limit must be >= 0, got " + limit + ".");
    }
    DeadLetters dl = dlq.deadLetters(System.getenv());
    DeadLetters.Selection selection = new DeadLetters.Selection(runId, partition, null);
    DeadLetters.Listing listing = dlq.call(dl, () -> dl.list(selection, limit));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    listing.warnings().forEach(w -> err.println("warning: " + w));
    err.flush();
    if (output == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("topic", listing.topic());
      doc.put("replayGroup", listing.replayGroup());
      doc.put("total", listing.total());
      doc.put("matched", listing.matched());
      doc.put("pending", listing.pending());
      doc.put("replayed", listing.replayed());
      doc.put("unreplayable", listing.unreplayable());
      doc.put("deadLetters", listing.deadLetters().stream().map(DlqListCommand::toJson).toList());
      doc.put("warnings", listing.warnings());
      out.println(Json.pretty(doc));
    } else {
      printText(listing, selection, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printText(DeadLetters.Listing listing, DeadLetters.Selection selection, PrintWriter out) {
    String of = selection.runId() == null && selection.partition() == null ? ""
        : ", " + listing.matched() + " matching";
    out.println("Dead-letter topic " + listing.topic() + ": " + listing.total() + " record(s)" + of
        + (listing.deadLetters().size() < listing.matched() ? ", the first " + listing.deadLetters().size() + " shown" : "")
        + ".");
    if (listing.deadLetters().isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"POSITION", "DEAD-LETTERED", "RUN", "JOB", "DELIVERY", "STATE", "ERROR"});
    for (DeadLetter d : listing.deadLetters()) {
      rows.add(new String[] {d.position(), d.timestamp().truncatedTo(ChronoUnit.SECONDS).toString(),
          cut(d.runId() == null ? "-" : d.runId(), 40), cut(job(d.job()), 40), String.valueOf(d.delivery()),
          state(d.state()), cut(firstLine(d.error() == null ? "(no flowcraft.error header)" : d.error()), 90)});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    out.println("pending " + listing.pending() + ", replayed " + listing.replayed() + ", unreplayable (no job) "
        + listing.unreplayable() + ". Replay progress: consumer group " + listing.replayGroup() + ".");
    if (listing.pending() > 0) {
      out.println("Replay the pending jobs with: flowcraft dlq replay --all (or --run-id <id>, or --partition <n>"
          + " --offset <n>); --dry-run shows what it would send. Full records: --output json.");
    }
  }

  static String state(DeadLetter.State s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** {@code nodeId[scope]#item (kind, attempt n)}, or {@code -} for no job. */
  static String job(Job j) {
    if (j == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(j.nodeId());
    if (!j.scope().isEmpty()) {
      sb.append('[').append(j.scope()).append(']');
    }
    if (j.item() >= 0) {
      sb.append('#').append(j.item());
    }
    if (j.kind() != JobKind.EXECUTE) {
      sb.append(' ').append(j.kind().name().toLowerCase(Locale.ROOT));
    }
    if (j.attempt() > 1) {
      sb.append(" attempt ").append(j.attempt());
    }
    return sb.toString();
  }

  static Map<String, Object> toJson(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", d.partition());
    m.put("offset", d.offset());
    m.put("timestamp", d.timestamp().toString());
    m.put("key", d.key());
    m.put("runId", d.runId());
    if (d.job() != null) {
      Job j = d.job();
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("kind", j.kind().name());
      job.put("runId", j.runId());
      job.put("nodeId", j.nodeId());
      job.put("scope", j.scope());
      job.put("item", j.item());
      job.put("attempt", j.attempt());
      m.put("job", job);
    } else {
      m.put("job", null);
    }
    m.put("delivery", d.delivery());
    m.put("state", state(d.state()));
    m.put("error", d.error());
    m.put("problem", d.problem());
    m.put("originalTopic", d.originalTopic());
    m.put("originalPartition", d.originalPartition());
    m.put("originalOffset", d.originalOffset());
    m.put("replayedFrom", d.replayedFrom());
    m.put("valueBytes", d.valueBytes());
    m.put("value", d.valuePreview());
    return m;
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " …";
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
