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
 * The distributed commands as a user runs them: a `flowcraft worker` process (the shaded jar), `submit` and
 * `status` against the real servers, and a graceful stop on SIGTERM.
 */
@FlowcraftStackTest
class DistributedCliIT {

  @Test
  void workerSubmitStatusAndGracefulStop(TestStack stack, @TempDir Path tmp) throws Exception {
    String topic = stack.uniqueName("clijobs");
    List<String> servers = List.of("--kafka-bootstrap", stack.kafkaBootstrap(), "--cassandra-contact",
        stack.cassandraContact(), "--cassandra-dc", stack.cassandraDc(), "--redis-uri", stack.redisUri(),
        "--keyspace", stack.uniqueName("cli"), "--topic", topic, "--group", topic + "-workers");

    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("flowcraft.cli.jar"), "worker",
        "--concurrency", "4", "--partitions", "4"));
    cmd.addAll(servers);
    Path log = tmp.resolve("worker.log");
    Process worker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      List<String> submit = new ArrayList<>(List.of("submit", Cli.example("hello.json"), "--input",
          "@" + Cli.example("hello-input.json"), "--wait", "--timeout", "90s", "--output", "json"));
      submit.addAll(servers);
      Cli.Result done = Cli.run(submit.toArray(String[]::new));
      assertThat(done.exit()).as(done.toString()).isZero();
      JsonNode doc = done.json();
      assertThat(doc.get("status").asText()).isEqualTo("completed");
      String runId = doc.get("runId").asText();

      List<String> status = new ArrayList<>(List.of("status", runId, "--output", "json"));
      status.addAll(servers);
      Cli.Result st = Cli.run(status.toArray(String[]::new));
      assertThat(st.exit()).as(st.toString()).isZero();
      assertThat(st.json().get("status").asText()).isEqualTo("completed");
      assertThat(st.json().get("context").get("_outputs.receipt")).isNotNull();
      assertThat(st.json().get("createdAt").asText()).isNotBlank();
      assertThat(st.json().get("context")).isEqualTo(doc.get("context"));

      // submit without waiting prints the run id; the same --run-id twice is the same run
      List<String> again = new ArrayList<>(List.of("submit", Cli.example("hello.json"), "--input",
          "@" + Cli.example("hello-input.json"), "--run-id", runId, "--output", "json"));
      again.addAll(servers);
      Cli.Result idempotent = Cli.run(again.toArray(String[]::new));
      assertThat(idempotent.exit()).as(idempotent.toString()).isZero();
      assertThat(idempotent.json().get("runId").asText()).isEqualTo(runId);

      List<String> missing = new ArrayList<>(List.of("status", "no-such-run"));
      missing.addAll(servers);
      Cli.Result none = Cli.run(missing.toArray(String[]::new));
      assertThat(none.exit()).isEqualTo(ExitCodes.INVALID);
      assertThat(none.err()).contains("No run 'no-such-run'");
    } finally {
      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stops on SIGTERM").isTrue();
    }
    // 143 = terminated by SIGTERM after the shutdown hook ran (the JVM's status for a signalled exit)
    assertThat(worker.exitValue()).as(Files.readString(log)).isIn(0, 143);
    assertThat(Files.readString(log)).contains("consuming '" + topic + "'").contains("stopping (finishing jobs in flight)");
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
