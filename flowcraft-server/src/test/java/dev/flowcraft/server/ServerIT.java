package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API against the real stack: a server on a client of the distributed runtime (as {@code flowcraft server}
 * runs it), a worker beside it; a run started over HTTP is completed by the worker and read back and listed.
 */
@FlowcraftStackTest
class ServerIT {

  @Test
  void aRunStartedOverHttpIsCompletedByAWorkerAndListed(TestStack stack) {
    String topic = stack.uniqueName("apijobs");
    KafkaAdapterOptions options = KafkaAdapterOptions.builder()
        .kafkaBootstrap(stack.kafkaBootstrap()).cassandraContact(stack.cassandraContact())
        .cassandraDc(stack.cassandraDc()).redisUri(stack.redisUri())
        .cassandra(CassandraOptions.builder().keyspace(stack.uniqueName("api")).build())
        .topic(topic).groupId(topic + "-workers").partitions(2).concurrency(4)
        .timerPollInterval(Duration.ofMillis(50)).build();
    KafkaAdapter worker = KafkaAdapter.create(options, FlowRuntime.builder()).start();
    KafkaBackends backends = KafkaBackends.connect(options);
    List<dev.flowcraft.model.Blueprint> catalog = List.of(InMemoryServer.example("hello.json"));
    FlowRuntime client = FlowRuntime.builder().checkUsesKeys(false).blueprints(catalog).backends(backends.backends())
        .webhookRegistrar(backends.webhooks()).startWorkers(false).onClose(backends).build();
    DeadLetters deadLetters = new DeadLetters(KafkaQueueOptions.builder(stack.kafkaBootstrap()).topic(topic)
        .groupId(topic + "-workers").build());
    FlowcraftServer server = FlowcraftServer.builder().runtime(client).runStates(backends.backends().runs())
        .blueprints(catalog).deadLetters(deadLetters).token(ApiToken.write(InMemoryServer.WRITE)).port(0).build().start();
    try {
      Api api = new Api(server.baseUri(), InMemoryServer.WRITE);
      assertThat(api.withToken(null).get("/api/v1/runs").status()).isEqualTo(401);

      Api.Reply started = api.post("/api/v1/runs", "{\"blueprintId\": \"hello\", \"runId\": \"api-it-1\","
          + " \"input\": {\"order\": {\"price\": 40, \"quantity\": 3, \"taxRate\": 0.25}}}");
      assertThat(started.status()).as(started.toString()).isEqualTo(201);
      assertThat(api.post("/api/v1/runs", "{\"blueprintId\": \"hello\", \"runId\": \"api-it-1\"}").status())
          .as("idempotent").isEqualTo(200);

      JsonNode[] run = new JsonNode[1];
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
        run[0] = api.get("/api/v1/runs/api-it-1").json();
        return "completed".equals(run[0].get("status").asText());
      });
      assertThat(run[0].get("context").get("_outputs.freeShipping").get("amount").asDouble()).isEqualTo(150.0);
      assertThat(run[0].get("nodes")).hasSize(5);

      JsonNode page = api.get("/api/v1/runs?status=completed&limit=10").json();
      assertThat(page.get("runs")).extracting(r -> r.get("runId").asText()).containsExactly("api-it-1");
      assertThat(api.get("/api/v1/runs/no-such-run").errorCode()).isEqualTo("run_not_found");

      Api.Reply dlq = api.get("/api/v1/dead-letters");
      assertThat(dlq.status()).as(dlq.toString()).isEqualTo(200);
      assertThat(dlq.json().get("total").asLong()).isZero();
    } finally {
      server.close();
      client.close();
      worker.stop();
    }
  }
}
