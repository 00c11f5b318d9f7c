package dev.flowcraft.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The TCP ports of one stack, all bound to 127.0.0.1.
 *
 * @param kafka            Kafka broker (PLAINTEXT) port
 * @param kafkaController  Kafka KRaft controller port
 * @param cassandraCql     Cassandra native (CQL) port
 * @param cassandraStorage Cassandra internode port; {@code cassandraStorage + 1} is reserved for SSL storage
 * @param redis            Redis port
 */
public record StackPorts(int kafka, int kafkaController, int cassandraCql, int cassandraStorage, int redis) {

    /** Defaults of {@code flowcraft stack up}: away from the standard ports so a developer's own services keep working. */
    public static final StackPorts DEV_DEFAULTS = new StackPorts(19092, 19093, 19042, 17000, 16379);

    /** Defaults of the JUnit extension, distinct from {@link #DEV_DEFAULTS} so tests don't collide with {@code stack up}. */
    public static final StackPorts TEST_DEFAULTS = new StackPorts(29092, 29093, 29042, 27000, 26379);

    public StackPorts {
        Map<String, Integer> seen = new LinkedHashMap<>();
        int[] all = {kafka, kafkaController, cassandraCql, cassandraStorage, cassandraStorage + 1, redis};
        for (int p : all) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("Port out of range 1-65535: " + p);
            }
            if (seen.put(String.valueOf(p), p) != null) {
                throw new IllegalArgumentException("Port " + p + " is used twice in " + describeAll(all));
            }
        }
    }

    private static String describeAll(int[] all) {
        return "kafka=" + all[0] + ", kafka-controller=" + all[1] + ", cql=" + all[2]
                + ", cassandra-storage=" + all[3] + " (+1 for ssl storage), redis=" + all[5];
    }

    public StackPorts withKafka(int port) {
        return new StackPorts(port, kafkaController, cassandraCql, cassandraStorage, redis);
    }

    public StackPorts withKafkaController(int port) {
        return new StackPorts(kafka, port, cassandraCql, cassandraStorage, redis);
    }

    public StackPorts withCassandraCql(int port) {
        return new StackPorts(kafka, kafkaController, port, cassandraStorage, redis);
    }

    public StackPorts withCassandraStorage(int port) {
        return new StackPorts(kafka, kafkaController, cassandraCql, port, redis);
    }

    public StackPorts withRedis(int port) {
        return new StackPorts(kafka, kafkaController, cassandraCql, cassandraStorage, port);
    }

    /** The ports a server binds, each with a label and the CLI flag that changes it. */
    public Map<String, Integer> portsOf(Server server) {
        Map<String, Integer> m = new LinkedHashMap<>();
        switch (server) {
            case KAFKA -> {
                m.put("kafka broker port (--kafka-port)", kafka);
                m.put("kafka controller port (--kafka-controller-port)", kafkaController);
            }
            case CASSANDRA -> {
                m.put("cassandra CQL port (--cql-port)", cassandraCql);
                m.put("cassandra storage port (--cassandra-storage-port)", cassandraStorage);
                m.put("cassandra ssl storage port (--cassandra-storage-port + 1)", cassandraStorage + 1);
            }
            case REDIS -> m.put("redis port (--redis-port)", redis);
        }
        return m;
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("port.kafka", String.valueOf(kafka));
        p.setProperty("port.kafka.controller", String.valueOf(kafkaController));
        p.setProperty("port.cassandra.cql", String.valueOf(cassandraCql));
        p.setProperty("port.cassandra.storage", String.valueOf(cassandraStorage));
        p.setProperty("port.redis", String.valueOf(redis));
        return p;
    }

    static StackPorts fromProperties(Properties p, StackPorts fallback) {
        return new StackPorts(
                intProp(p, "port.kafka", fallback.kafka),
                intProp(p, "port.kafka.controller", fallback.kafkaController),
                intProp(p, "port.cassandra.cql", fallback.cassandraCql),
                intProp(p, "port.cassandra.storage", fallback.cassandraStorage),
                intProp(p, "port.redis", fallback.redis));
    }

    private static int intProp(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }
}
