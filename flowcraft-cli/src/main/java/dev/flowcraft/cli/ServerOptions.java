package dev.flowcraft.cli;

import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.runtime.FlowRuntime;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the servers are, for {@code worker}, {@code submit} and {@code status}: flags, else the
 * {@code FLOWCRAFT_*} variables that {@code flowcraft stack up} prints.
 */
final class ServerOptions {

  @Option(names = "--kafka-bootstrap", paramLabel = "<host:port>", description = "Kafka bootstrap servers (env FLOWCRAFT_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(names = "--cassandra-contact", paramLabel = "<host:port>", description = "Cassandra contact point(s) (env FLOWCRAFT_CASSANDRA_CONTACT).")
  String cassandraContact;

  @Option(names = "--cassandra-dc", paramLabel = "<dc>", description = "Cassandra local data center (env FLOWCRAFT_CASSANDRA_DC, default datacenter1).")
  String cassandraDc;

  @Option(names = "--redis-uri", paramLabel = "<uri>", description = "Redis URI, e.g. redis://127.0.0.1:6379 (env FLOWCRAFT_REDIS_URI).")
  String redisUri;

  @Option(names = "--keyspace", paramLabel = "<name>", defaultValue = "flowcraft", description = "Cassandra keyspace (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--topic", paramLabel = "<name>", defaultValue = "flowcraft-jobs", description = "Kafka job topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--group", paramLabel = "<id>", defaultValue = "flowcraft-workers", description = "Kafka consumer group of the workers (default: ${DEFAULT-VALUE}).")
  String group;

  KafkaAdapterOptions.Builder toOptions(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    put(merged, KafkaAdapterOptions.ENV_KAFKA_BOOTSTRAP, kafkaBootstrap);
    put(merged, KafkaAdapterOptions.ENV_CASSANDRA_CONTACT, cassandraContact);
    put(merged, KafkaAdapterOptions.ENV_CASSANDRA_DC, cassandraDc);
    put(merged, KafkaAdapterOptions.ENV_REDIS_URI, redisUri);
    KafkaAdapterOptions.Builder b;
    try {
      b = KafkaAdapterOptions.fromEnvironment(merged);
      b.cassandra(CassandraOptions.builder().keyspace(keyspace).build());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage()
          + "\nFlags: --kafka-bootstrap, --cassandra-contact, --redis-uri (see --help).");
    }
    return b.topic(topic).groupId(group);
  }

  /**
   * A client of the distributed runtime for commands on existing runs (status, resume, cancel, purge): it
   * creates no schema and checks no {@code uses} keys, since it runs no node. The caller closes it.
   */
  FlowRuntime client() {
    return KafkaAdapter.client(toOptions(System.getenv()).createSchema(false).build(),
        FlowRuntime.builder().checkUsesKeys(false));
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null && !value.isBlank()) {
      env.put(key, value);
    }
  }
}
