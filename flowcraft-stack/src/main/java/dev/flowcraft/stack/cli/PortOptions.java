package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.StackPorts;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Port flags; unset flags fall back to the ports recorded in the data dir, then to the dev defaults. */
final class PortOptions {
    @Option(names = "--kafka-port", paramLabel = "<port>", description = "Kafka broker port (default 19092).")
    Integer kafka;
    @Option(names = "--kafka-controller-port", paramLabel = "<port>",
            description = "Kafka KRaft controller port (default 19093).")
    Integer kafkaController;
    @Option(names = "--cql-port", paramLabel = "<port>", description = "Cassandra CQL port (default 19042).")
    Integer cql;
    @Option(names = "--cassandra-storage-port", paramLabel = "<port>",
            description = "Cassandra internode port; the next port is used for SSL storage (default 17000).")
    Integer cassandraStorage;
    @Option(names = "--redis-port", paramLabel = "<port>", description = "Redis port (default 16379).")
    Integer redis;

    StackPorts resolve(Path dataDir) {
        StackPorts p = LocalStack.recordedPorts(dataDir).orElse(StackPorts.DEV_DEFAULTS);
        if (kafka != null) p = p.withKafka(kafka);
        if (kafkaController != null) p = p.withKafkaController(kafkaController);
        if (cql != null) p = p.withCassandraCql(cql);
        if (cassandraStorage != null) p = p.withCassandraStorage(cassandraStorage);
        if (redis != null) p = p.withRedis(redis);
        return p;
    }
}
