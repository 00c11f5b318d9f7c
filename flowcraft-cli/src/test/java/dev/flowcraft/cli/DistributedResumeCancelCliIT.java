package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A human decision from the command line: submit examples/approval.json to a `flowcraft worker` process, see in
 * `status` what it awaits, `resume --action reject` it, and `cancel` another run that awaits.
 */
@FlowcraftStackTest
class DistributedResumeCancelCliIT {

  private List<String> servers;

  @Test
  void statusResumeAndCancelOfAnApprovalRun(TestStack stack, @TempDir Path tmp) throws Exception {
    String topic = stack.uniqueName("clihitl");
    servers = List.of("--kafka-bootstrap", stack.kafkaBootstrap(), "--cassandra-contact", stack.cassandraContact(),
        "--cassandra-dc", stack.cassandraDc(), "--redis-uri", stack.redisUri(), "--keyspace", stack.uniqueName("clihitl"),
        "--topic", topic, "--group", topic + "-workers");
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("flowcraft.cli.jar"), "worker",
        "--concurrency", "4", "--partitions", "4"));
    cmd.addAll(servers);
    Path log = tmp.resolve("worker.log");
    Process worker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String runId = submitAndAwait();

      Cli.Result status = cli("status", runId, "--output", "json");
      assertThat(status.exit()).as(status.toString()).isZero();
      assertThat(status.json().get("status").asText()).isEqualTo("awaiting");
      assertThat(status.json().get("awaiting").toString()).isEqualTo("[\"approval\"]");
      JsonNode approval = status.json().get("awaitingDetails").get("approval");
      assertThat(approval.get("reason").asText()).isEqualTo("external_event");
      assertThat(approval.get("eventName").asText()).isEqualTo("approval");
      assertThat(approval.get("since").asText()).isNotBlank();
      Cli.Result text = cli("status", runId);
      assertThat(text.out()).contains("AWAITING").contains("approval: external event 'approval'");

      Cli.Result unknown = cli("resume", runId, "--action", "maybe");
      assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(ExitCodes.INVALID);
      assertThat(unknown.err()).contains("Its actions: [approve, reject]").contains("flowcraft status " + runId);

      Cli.Result resumed = cli("resume", runId, "--action", "reject", "--output", "{\"by\": \"ann\"}", "--wait",
          "--timeout", "90s", "--output-format", "json");
      assertThat(resumed.exit()).as(resumed.toString()).isZero();
      assertThat(resumed.json().get("status").asText()).isEqualTo("completed");

      Cli.Result done = cli("status", runId, "--output", "json");
      JsonNode nodes = done.json().get("nodes");
      assertThat(done.json().get("status").asText()).isEqualTo("completed");
      assertThat(nodes.get("rejected").asText()).isEqualTo("completed");
      assertThat(nodes.get("approved").asText()).isEqualTo("skipped");
      assertThat(done.json().get("context").get("_outputs.rejected").asText()).isEqualTo("order A-17 rejected");
      assertThat(done.json().has("awaitingDetails")).isFalse();

      Cli.Result twice = cli("resume", runId, "--action", "approve");
      assertThat(twice.exit()).as(twice.toString()).isEqualTo(ExitCodes.INVALID);
      assertThat(twice.err()).contains("already completed");
      Cli.Result missing = cli("resume", "no-such-run", "--action", "approve");
      assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID);
      assertThat(missing.err()).contains("No run 'no-such-run'");

      // cancel a run that awaits: it ends cancelled at once
      String other = submitAndAwait();
      Cli.Result cancel = cli("cancel", other, "--wait", "--timeout", "60s", "--output", "json");
      assertThat(cancel.exit()).as(cancel.toString()).isZero();
      assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
      assertThat(cancel.json().get("context").get("_outputs.request").get("orderId").asText()).isEqualTo("A-17");
      assertThat(cli("status", other, "--output", "json").json().get("status").asText()).isEqualTo("cancelled");
      Cli.Result again = cli("cancel", other);
      assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.INVALID);
      assertThat(again.err()).contains("already cancelled");
      Cli.Result resumeCancelled = cli("resume", other, "--action", "approve");
      assertThat(resumeCancelled.exit()).isEqualTo(ExitCodes.INVALID);
      assertThat(resumeCancelled.err()).contains("already cancelled");
    } finally {
      worker.destroy();
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stops on SIGTERM").isTrue();
    }
    assertThat(worker.exitValue()).as(Files.readString(log)).isIn(0, 143);
  }

  /** Submits examples/approval.json and waits until it awaits the decision (exit 3); returns its id. */
  private String submitAndAwait() {
    Cli.Result submit = cli("submit", Cli.example("approval.json"), "--input", "{\"orderId\": \"A-17\"}", "--wait",
        "--timeout", "90s", "--output", "json");
    assertThat(submit.exit()).as(submit.toString()).isEqualTo(ExitCodes.AWAITING);
    assertThat(submit.json().get("status").asText()).isEqualTo("awaiting");
    return submit.json().get("runId").asText();
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(servers);
    return Cli.run(all.toArray(String[]::new));
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
