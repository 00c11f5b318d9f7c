package dev.flowcraft.kafka.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the job topic and its dead-letter topic. Explicit creation matters: a broker's auto-created topic
 * has {@code num.partitions} partitions (often 1), which caps the number of workers at one.
 */
public final class KafkaTopics {
  private static final long TIMEOUT_SECONDS = 30;

  private KafkaTopics() {}

  /**
   * Creates the topics of {@code options} that are missing, with its partitions and replication factor;
   * existing topics are left as they are. Admin settings are taken from the producer properties.
   */
  public static void ensure(KafkaQueueOptions options) {
    Map<String, Object> config = new HashMap<>();
    options.producerProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        config.put(k, v);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      ensure(admin, List.of(
          new NewTopic(options.topic(), options.partitions(), options.replicationFactor()),
          new NewTopic(options.deadLetterTopic(), options.partitions(), options.replicationFactor())));
    }
  }

  /** Creates the given topics, tolerating those that exist already. */
  public static void ensure(Admin admin, List<NewTopic> topics) {
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
      try {
        e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          failures.add(e.getKey() + ": " + ex.getCause());
        }
      } catch (TimeoutException ex) {
        failures.add(e.getKey() + ": no answer within " + TIMEOUT_SECONDS + " s");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new KafkaQueueException("interrupted while creating topics " + results.keySet(), ex);
      }
    }
    if (!failures.isEmpty()) {
      throw new KafkaQueueException("cannot create Kafka topics: " + String.join("; ", failures));
    }
  }
}
