package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code flowcraft purge} against the real servers, with runs finished by an in-process worker that keeps them. */
@FlowcraftStackTest
class PurgeCliIT {

  @Test
  void purgeCountsDeletesInBatchesAndNeverTouchesLiveRuns(TestStack stack) throws Exception {
    String keyspace = stack.uniqueName("purge");
    String topic = stack.uniqueName("purgejobs");
    List<String> servers = List.of("--kafka-bootstrap", stack.kafkaBootstrap(), "--cassandra-contact",
        stack.cassandraContact(), "--cassandra-dc", stack.cassandraDc(), "--redis-uri", stack.redisUri(),
        "--keyspace", keyspace, "--topic", topic, "--group", topic + "-workers");
    KafkaAdapterOptions options = KafkaAdapterOptions.builder().kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact()).cassandraDc(stack.cassandraDc()).redisUri(stack.redisUri())
        .cassandra(CassandraOptions.builder().keyspace(keyspace).build()).topic(topic).groupId(topic + "-workers")
        .partitions(2).concurrency(4).timerPollInterval(Duration.ofMillis(50))
        .retention(Duration.ZERO).reconcileInterval(null) // the workers keep everything: only the command deletes
        .build();
    NodeRegistry nodes = NodeRegistry.builder()
        .register("ok", ctx -> NodeResult.of("fine"))
        .register("boom", ctx -> {
          throw new IllegalStateException("boom");
        })
        .build();
    Blueprint good = new Blueprint("good", List.of(NodeDefinition.of("n", "ok")), List.of());
    Blueprint bad = new Blueprint("bad", List.of(NodeDefinition.of("n", "boom")), List.of());
    Blueprint waits = new Blueprint("waits", List.of(NodeDefinition.of("w", "wait"), NodeDefinition.of("after", "ok")),
        List.of(EdgeDefinition.of("w", "after")));

    try (KafkaAdapter worker = KafkaAdapter.create(options, FlowRuntime.builder().registry(nodes)).start();
        FlowRuntime client = KafkaAdapter.client(options, FlowRuntime.builder().registry(nodes))) {
      List<String> finished = new ArrayList<>();
      for (Blueprint bp : List.of(good, bad, good)) {
        String id = client.start(bp, Map.of(), RunOptions.DEFAULT);
        assertThat(client.await(id, Duration.ofSeconds(60)).status().isFinal()).isTrue();
        finished.add(id);
        Thread.sleep(5); // distinct end times, so "the oldest" is well defined
      }
      String awaiting = client.start(waits, Map.of(), RunOptions.DEFAULT);
      assertThat(client.await(awaiting, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.AWAITING);

      Cli.Result recent = run(servers, "purge", "--older-than", "1h", "--dry-run", "--output", "json");
      assertThat(recent.exit()).as(recent.toString()).isZero();
      assertThat(recent.json().get("matchedRuns").asInt()).isZero();
      assertThat(run(servers, "purge", "--older-than", "1h").out()).startsWith("No finished runs that ended before");

      Cli.Result dry = run(servers, "purge", "--older-than", "0s", "--dry-run");
      assertThat(dry.exit()).as(dry.toString()).isZero();
      assertThat(dry.out()).startsWith("Would delete 3 finished runs that ended before")
          .contains("(older than 0s)").contains("2 completed, 1 failed");
      assertThat(dry.err()).contains("found 3 runs so far");
      for (String id : finished) {
        assertThat(client.status(id)).as("a dry run deletes nothing").isPresent();
      }

      Cli.Result one = run(servers, "purge", "--older-than", "0s", "--limit", "1", "--output", "json");
      assertThat(one.exit()).as(one.toString()).isZero();
      JsonNode doc = one.json();
      assertThat(doc.get("dryRun").asBoolean()).isFalse();
      assertThat(doc.get("deletedRuns").asInt()).isEqualTo(1);
      assertThat(doc.get("failedRuns").asInt()).isZero();
      assertThat(doc.get("byStatus").get("completed").asInt()).isEqualTo(1);
      assertThat(doc.get("oldestFinishedAt").asText()).isEqualTo(doc.get("newestFinishedAt").asText());
      assertThat(client.status(finished.get(0))).as("the oldest first").isEmpty();
      assertThat(client.status(finished.get(1))).isPresent();

      Cli.Result rest = run(servers, "purge", "--older-than", "0s");
      assertThat(rest.exit()).as(rest.toString()).isZero();
      assertThat(rest.out()).startsWith("Deleted 2 finished runs").contains("1 completed, 1 failed");
      assertThat(rest.err()).contains("deleted 2 runs so far");
      for (String id : finished) {
        assertThat(client.status(id)).isEmpty();
      }
      assertThat(client.status(awaiting).orElseThrow().status()).as("never a live run").isEqualTo(RunStatus.AWAITING);

      Cli.Result gone = run(servers, "status", finished.get(2));
      assertThat(gone.exit()).isEqualTo(ExitCodes.INVALID);
      assertThat(gone.err()).contains("No run '" + finished.get(2) + "'").contains("--retention");

      assertThat(client.resume(awaiting, "w", null, "go").status()).isIn(RunStatus.RUNNING, RunStatus.COMPLETED);
      assertThat(client.awaitFinal(awaiting, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run(servers, "purge", "--older-than", "0s", "--output", "json").json().get("deletedRuns").asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void usage() {
    Cli.Result help = Cli.run("purge", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--older-than").contains("--dry-run").contains("--limit")
        .contains("are never deleted, however old");
    assertThat(Cli.run("worker", "--help").out()).contains("--retention").contains("FLOWCRAFT_RETENTION");
    assertThat(Cli.run("--help").out()).contains("purge");

    Cli.Result missing = Cli.run("purge");
    assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(missing.err()).contains("--older-than");
    Cli.Result bad = Cli.run("purge", "--older-than", "soon");
    assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(bad.err()).contains("7d");
    Cli.Result badRetention = Cli.run("worker", "--retention", "a week");
    assertThat(badRetention.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(badRetention.err()).contains("none");
  }

  private static Cli.Result run(List<String> servers, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(servers);
    return Cli.run(all.toArray(String[]::new));
  }
}
