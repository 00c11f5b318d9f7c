package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.JobCodec;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import dev.flowcraft.kafka.queue.KafkaTopics;
import dev.flowcraft.kafka.queue.QueueHeaders;
import dev.flowcraft.spi.Job;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code flowcraft dlq list|replay} as a user runs them, against the real Kafka: a dead-lettered job and a
 * malformed record on the dead-letter topic of a topic of the test's own (no worker reads it).
 */
@FlowcraftStackTest
class DlqCliIT {

  @Test
  void listAndReplay(TestStack stack) throws Exception {
    String topic = stack.uniqueName("clidlq");
    KafkaTopics.ensure(KafkaQueueOptions.builder(stack.kafkaBootstrap()).topic(topic).partitions(2).build());
    String dlq = topic + "-dlq";
    Job job = Job.execute("cli-run-1", "a", "");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      RecordHeaders h = new RecordHeaders();
      h.add(QueueHeaders.ERROR, bytes("failed 5 deliveries, last: java.lang.IllegalStateException: boom"));
      h.add(QueueHeaders.DELIVERY, bytes("5"));
      producer.send(new ProducerRecord<>(dlq, 0, JobCodec.key(job), JobCodec.encode(job), h)).get();
      RecordHeaders bad = new RecordHeaders();
      bad.add(QueueHeaders.ERROR, bytes("malformed job: not valid JSON: Unexpected character"));
      producer.send(new ProducerRecord<>(dlq, 1, bytes("cli-run-2"), bytes("{not json"), bad)).get();
    }
    List<String> servers = List.of("--kafka-bootstrap", stack.kafkaBootstrap(), "--topic", topic,
        "--group", topic + "-workers");

    Cli.Result listed = run(servers, "dlq", "list", "--output", "json");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    JsonNode doc = listed.json();
    assertThat(doc.get("topic").asText()).isEqualTo(dlq);
    assertThat(doc.get("replayGroup").asText()).isEqualTo(topic + "-workers-dlq-replay");
    assertThat(doc.get("total").asLong()).isEqualTo(2);
    assertThat(doc.get("pending").asLong()).isEqualTo(1);
    JsonNode first = doc.get("deadLetters").get(0);
    assertThat(first.get("partition").asInt()).isZero();
    assertThat(first.get("state").asText()).isEqualTo("pending");
    assertThat(first.get("runId").asText()).isEqualTo("cli-run-1");
    assertThat(first.get("job").get("nodeId").asText()).isEqualTo("a");
    assertThat(first.get("delivery").asInt()).isEqualTo(5);
    JsonNode second = doc.get("deadLetters").get(1);
    assertThat(second.get("state").asText()).isEqualTo("unreplayable");
    assertThat(second.get("job").isNull()).isTrue();
    assertThat(second.get("value").asText()).isEqualTo("{not json");
    assertThat(second.get("problem").asText()).startsWith("not a job");

    Cli.Result table = run(servers, "dlq", "list");
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out()).contains("POSITION").contains("0@0").contains("cli-run-1").contains("pending")
        .contains("1@0").contains("unreplayable").contains("malformed job: not valid JSON")
        .contains("flowcraft dlq replay --all");
    assertThat(run(servers, "dlq", "list", "--run-id", "cli-run-2", "--output", "json").json().get("matched").asLong())
        .isEqualTo(1);

    Cli.Result noSelection = run(servers, "dlq", "replay");
    assertThat(noSelection.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(noSelection.err()).contains("Say what to replay: --all");

    Cli.Result dry = run(servers, "dlq", "replay", "--all", "--dry-run", "--output", "json");
    assertThat(dry.exit()).as(dry.toString()).isZero();
    assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
    assertThat(dry.json().get("replayed").asLong()).isEqualTo(1);
    assertThat(dry.err()).contains("would replay  0@0");

    Cli.Result replay = run(servers, "dlq", "replay", "--all");
    assertThat(replay.exit()).as(replay.toString()).isZero();
    assertThat(replay.out()).startsWith("Replayed 1 job(s) to " + topic + ". Selected 2 of 2 dead letter(s); skipped 1"
        + " that are no job (they stay on " + dlq + ") and 0 replayed before.");
    assertThat(replay.err()).contains("replayed  0@0  run cli-run-1  job a").contains("skipped 1@0  not a job");
    List<ConsumerRecord<byte[], byte[]>> sent = readAll(stack, topic);
    assertThat(sent).hasSize(1);
    assertThat(JobCodec.decode(sent.get(0).value())).isEqualTo(job);
    assertThat(QueueHeaders.text(sent.get(0).headers(), DeadLetters.REPLAYED_FROM)).isEqualTo(dlq + "-0@0");

    Cli.Result again = run(servers, "dlq", "replay", "--all", "--output", "json");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.json().get("replayed").asLong()).isZero();
    assertThat(again.json().get("alreadyReplayed").asLong()).isEqualTo(1);
    assertThat(again.json().get("unreplayable").asLong()).isEqualTo(1);
    assertThat(readAll(stack, topic)).hasSize(1);
    assertThat(run(servers, "dlq", "list", "--output", "json").json().get("deadLetters").get(0).get("state").asText())
        .isEqualTo("replayed");

    Cli.Result nothingThere = run(servers, "dlq", "replay", "--partition", "0", "--offset", "99");
    assertThat(nothingThere.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(nothingThere.err()).contains("No dead letter at partition 0 offset 99 of " + dlq);

    Cli.Result missing = Cli.run("dlq", "list", "--kafka-bootstrap", stack.kafkaBootstrap(), "--topic", topic + "-x");
    assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(missing.err()).contains("Kafka topic '" + topic + "-x-dlq' does not exist").contains("--topic");
  }

  private static Cli.Result run(List<String> servers, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(servers);
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(TestStack stack, String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-cli-it-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (consumer.assignment().isEmpty() || emptyPolls < 3)) {
        var records = consumer.poll(Duration.ofMillis(300));
        records.forEach(out::add);
        emptyPolls = records.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
