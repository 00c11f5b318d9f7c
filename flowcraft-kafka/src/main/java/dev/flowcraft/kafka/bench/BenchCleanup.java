package dev.flowcraft.kafka.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Drops the keyspace and topics a benchmark created for itself, so that repeated runs do not pile up tables
 * and topics on shared servers. Best effort: failures are reported, not thrown.
 */
public final class BenchCleanup {

  private BenchCleanup() {
  }

  /** Drops {@code options}' keyspace and deletes its job and dead-letter topics; never call it on shared names. */
  public static void drop(KafkaAdapterOptions options, PrintStream log) {
    Map<String, Object> config = new HashMap<>();
    options.kafkaProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        config.put(k, v);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
    try (Admin admin = Admin.create(config)) {
      admin.deleteTopics(List.of(options.topic(), options.deadLetterTopic())).all().get(30, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of(options.groupId())).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.println("[bench] could not delete topic " + options.topic() + " or group " + options.groupId() + ": " + e);
    }
    var builder = CqlSession.builder().withLocalDatacenter(options.cassandraDc());
    for (String contact : options.cassandraContact().split(",")) {
      String c = contact.trim();
      int colon = c.lastIndexOf(':');
      builder.addContactPoint(colon < 0 ? new InetSocketAddress(c, 9042)
          : new InetSocketAddress(c.substring(0, colon), Integer.parseInt(c.substring(colon + 1))));
    }
    try (CqlSession session = builder.build()) {
      session.execute("DROP KEYSPACE IF EXISTS " + options.cassandra().keyspace());
    } catch (RuntimeException e) {
      log.println("[bench] could not drop keyspace " + options.cassandra().keyspace() + ": " + e);
    }
  }
}
