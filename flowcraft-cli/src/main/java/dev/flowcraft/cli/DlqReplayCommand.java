package dev.flowcraft.cli;

import dev.flowcraft.kafka.queue.DeadLetter;
import dev.flowcraft.kafka.queue.DeadLetters;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft dlq replay}: sends dead-lettered jobs to the job topic again, each once. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Send dead-lettered jobs to the job topic again, each once.",
        "Same key and job, without the dead-letter headers, with a fresh delivery",
        "count and a flowcraft.replayed.from header. Safe also for runs that went on",
        "meanwhile: workers drop copies of a job and redo only unfinished work.",
        "Records that are no job are reported and skipped; they stay on the",
        "dead-letter topic, as does every record (replay removes nothing).",
        "What was sent is recorded once Kafka acknowledged it, as offsets of a",
        "consumer group of its own (<group>-dlq-replay): a second replay does not",
        "send it again, and 'dlq list' shows it as replayed. Run one replay at a",
        "time. Progress goes to stderr, the summary to stdout."},
    footer = {"", "Exit codes: 0 the replay ran (skipped records are reported)",
        "  1 it stopped on a Kafka error (what was sent is recorded: run it again)",
        "  2 bad usage, a topic does not exist, or no dead letter at --partition/--offset",
        "", "Examples:", "  flowcraft dlq replay --all --dry-run", "  flowcraft dlq replay --run-id 3f1c...",
        "  flowcraft dlq replay --partition 3 --offset 17"})
final class DlqReplayCommand implements Callable<Integer> {

  @Option(names = "--all", description = "Replay every pending dead-lettered job.")
  boolean all;

  @Option(names = "--run-id", paramLabel = "<id>", description = "Replay the dead-lettered jobs of this run.")
  String runId;

  @Option(names = "--partition", paramLabel = "<n>", description = "Replay the dead letters of this partition (with --offset: that one).")
  Integer partition;

  @Option(names = "--offset", paramLabel = "<n>", description = "With --partition: replay the dead letter at this offset (the POSITION partition@offset of 'dlq list').")
  Long offset;

  @Option(names = "--dry-run", description = "Show what would be replayed; send and record nothing.")
  boolean dryRun;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: {topic, jobTopic, dryRun, replayed, alreadyReplayed, unreplayable, matched,"
          + " total, warnings}.")
  OutputFormat output;

  @Mixin
  DlqOptions dlq;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    DeadLetters.Selection selection = selection();
    DeadLetters dl = dlq.deadLetters(System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String verb = dryRun ? "would replay" : "replayed";
    DeadLetters.ReplayReport report = dlq.call(dl, () -> dl.replay(selection, dryRun, new DeadLetters.ReplayListener() {
      @Override
      public void replayed(DeadLetter d) {
        err.println(verb + "  " + d.position() + "  run " + d.runId() + "  job " + DlqListCommand.job(d.job()));
        err.flush();
      }

      @Override
      public void unreplayable(DeadLetter d) {
        err.println("skipped " + d.position() + "  " + d.problem() + " (it stays on " + dl.topic() + ")");
        err.flush();
      }
    }));
    report.warnings().forEach(w -> err.println("warning: " + w));
    err.flush();
    if (offset != null && report.matched() == 0) {
      throw new CliException(ExitCodes.INVALID, "No dead letter at partition " + partition + " offset " + offset
          + " of " + dl.topic() + ". See the positions with: flowcraft dlq list");
    }
    if (output == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("topic", report.topic());
      doc.put("jobTopic", report.jobTopic());
      doc.put("dryRun", report.dryRun());
      doc.put("replayed", report.replayed());
      doc.put("alreadyReplayed", report.alreadyReplayed());
      doc.put("unreplayable", report.unreplayable());
      doc.put("matched", report.matched());
      doc.put("total", report.total());
      doc.put("warnings", report.warnings());
      out.println(Json.compact(doc));
    } else {
      out.println((dryRun ? "Dry run: would replay " : "Replayed ") + report.replayed() + " job(s) to "
          + report.jobTopic() + ". Selected " + report.matched() + " of " + report.total() + " dead letter(s); skipped "
          + report.unreplayable() + " that are no job (they stay on " + report.topic() + ") and "
          + report.alreadyReplayed() + " replayed before.");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private DeadLetters.Selection selection() {
    CommandLine cmd = spec.commandLine();
    boolean some = runId != null || partition != null;
    if (offset != null && partition == null) {
      throw new CommandLine.ParameterException(cmd, "--offset needs --partition: a dead letter is named by both"
          + " (POSITION partition@offset in 'flowcraft dlq list').");
    }
    if (!all && !some) {
      throw new CommandLine.ParameterException(cmd, "Say what to replay: --all, --run-id <id>, or --partition <n>"
          + " [--offset <n>] (see 'flowcraft dlq list'); add --dry-run to look first.");
    }
    if (all && (some || offset != null)) {
      throw new CommandLine.ParameterException(cmd, "--all replays everything: leave out --run-id, --partition and --offset.");
    }
    return new DeadLetters.Selection(runId, partition, offset);
  }
}
