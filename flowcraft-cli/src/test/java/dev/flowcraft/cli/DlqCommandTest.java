package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import org.junit.jupiter.api.Test;

/** What {@code flowcraft dlq} checks before it connects, and how it names jobs. */
class DlqCommandTest {

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"dlq", "--help"}, {"dlq", "list", "--help"}, {"dlq", "replay", "--help"}}) {
      Cli.Result r = Cli.run(args);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Usage: flowcraft dlq");
    }
    assertThat(Cli.run("dlq", "replay", "--help").out()).contains("--dry-run").contains("--kafka-bootstrap")
        .contains("<group>-dlq-replay");
  }

  @Test
  void dlqAloneSaysWhatToType() {
    Cli.Result r = Cli.run("dlq");
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("Try 'flowcraft dlq list'");
  }

  @Test
  void replayNeedsASelection() {
    Cli.Result none = Cli.run("dlq", "replay", "--kafka-bootstrap", "127.0.0.1:1");
    assertThat(none.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(none.err()).contains("Say what to replay: --all, --run-id <id>, or --partition <n> [--offset <n>]");

    Cli.Result both = Cli.run("dlq", "replay", "--all", "--run-id", "r1", "--kafka-bootstrap", "127.0.0.1:1");
    assertThat(both.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(both.err()).contains("--all replays everything");

    Cli.Result offsetAlone = Cli.run("dlq", "replay", "--offset", "3", "--kafka-bootstrap", "127.0.0.1:1");
    assertThat(offsetAlone.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(offsetAlone.err()).contains("--offset needs --partition");
  }

  @Test
  void theReplayGroupMustNotBeTheWorkers() {
    Cli.Result r = Cli.run("dlq", "list", "--kafka-bootstrap", "127.0.0.1:1", "--replay-group", "flowcraft-workers");
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("the replay group must differ from the workers' group");
  }

  @Test
  void jobsAreNamedByNodeScopeItemKindAndAttempt() {
    assertThat(DlqListCommand.job(null)).isEqualTo("-");
    assertThat(DlqListCommand.job(Job.execute("r", "a", ""))).isEqualTo("a");
    assertThat(DlqListCommand.job(new Job(JobKind.WAKE, "r", "nap", "loop=2", 3, 2)))
        .isEqualTo("nap[loop=2]#3 wake attempt 2");
  }
}
