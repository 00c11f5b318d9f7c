package dev.flowcraft.kafka.queue;

import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;

/** Options for tests: unique topic and group per call, and short group timeouts so rebalances are quick. */
final class KafkaQueueTesting {
  private KafkaQueueTesting() {}

  static KafkaQueueOptions.Builder options(TestStack stack, String prefix) {
    String topic = stack.uniqueName(prefix);
    return KafkaQueueOptions.builder(stack.kafkaBootstrap())
        .topic(topic)
        .groupId(topic + "_g")
        .partitions(4)
        .concurrency(8)
        .closeTimeout(Duration.ofSeconds(10))
        .revocationTimeout(Duration.ofSeconds(5))
        .consumerProperty("session.timeout.ms", 6000)
        .consumerProperty("heartbeat.interval.ms", 500);
  }
}
