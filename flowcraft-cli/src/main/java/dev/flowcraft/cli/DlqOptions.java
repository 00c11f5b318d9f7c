package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.KafkaQueueException;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where the dead letters are, for {@code dlq list} and {@code dlq replay}: Kafka only, with the flags and the
 * {@code FLOWCRAFT_KAFKA_BOOTSTRAP} variable of {@code worker} and {@code submit}.
 */
final class DlqOptions {

  @Option(names = "--kafka-bootstrap", paramLabel = "<host:port>", description = "Kafka bootstrap servers (env FLOWCRAFT_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(names = "--topic", paramLabel = "<name>", defaultValue = KafkaQueueOptions.DEFAULT_TOPIC,
      description = "Kafka job topic of the workers (default: ${DEFAULT-VALUE}); its dead-letter topic is <topic>-dlq.")
  String topic;

  @Option(names = "--dead-letter-topic", paramLabel = "<name>", description = "The dead-letter topic, if not <topic>-dlq.")
  String deadLetterTopic;

  @Option(names = "--group", paramLabel = "<id>", defaultValue = KafkaQueueOptions.DEFAULT_GROUP,
      description = "Kafka consumer group of the workers (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--replay-group", paramLabel = "<id>",
      description = "Consumer group whose offsets record what was replayed (default: <group>-dlq-replay).")
  String replayGroup;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for Kafka, per request or while reading makes no progress (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  DeadLetters deadLetters(Map<String, String> env) {
    String bootstrap = kafkaBootstrap != null && !kafkaBootstrap.isBlank() ? kafkaBootstrap
        : env.get(KafkaAdapterOptions.ENV_KAFKA_BOOTSTRAP);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new CliException(ExitCodes.INVALID, "Missing " + KafkaAdapterOptions.ENV_KAFKA_BOOTSTRAP + ": pass"
          + " --kafka-bootstrap <host:port>, or set the variable (eval \"$(flowcraft stack up)\" starts a local stack"
          + " and prints it).");
    }
    try {
      KafkaQueueOptions queue = KafkaQueueOptions.builder(bootstrap).topic(topic).groupId(group)
          .deadLetterTopic(deadLetterTopic).build();
      return new DeadLetters(queue, replayGroup != null ? replayGroup : DeadLetters.defaultReplayGroup(group), timeout);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage() + "\nCheck --topic, --dead-letter-topic, --group and"
          + " --replay-group (see --help).");
    }
  }

  /** Runs a call on the dead letters, turning Kafka's failures into messages that say what to check. */
  <T> T call(DeadLetters dl, Supplier<T> call) {
    try {
      return call.get();
    } catch (DeadLetters.MissingTopicException e) {
      String which = e.topic().equals(dl.topic())
          ? "It is the dead-letter topic of job topic '" + topic + "': set the job topic with --topic (default "
              + KafkaQueueOptions.DEFAULT_TOPIC + ") or the dead-letter topic with --dead-letter-topic. Workers create"
              + " both when they start; before, nothing was dead-lettered."
          : "It is the job topic to replay to: set it with --topic (the workers' --topic, default "
              + KafkaQueueOptions.DEFAULT_TOPIC + ").";
      throw new CliException(ExitCodes.INVALID, "Kafka topic '" + e.topic() + "' does not exist at "
          + bootstrapShown() + ". " + which);
    } catch (KafkaQueueException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage() + "\nIs Kafka running at " + bootstrapShown()
          + " (flowcraft stack status)? Servers: --kafka-bootstrap or FLOWCRAFT_KAFKA_BOOTSTRAP.", e);
    }
  }

  private String bootstrapShown() {
    return kafkaBootstrap != null && !kafkaBootstrap.isBlank() ? kafkaBootstrap
        : String.valueOf(System.getenv(KafkaAdapterOptions.ENV_KAFKA_BOOTSTRAP));
  }
}
