package dev.flowcraft.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How clients reach a stack; the same values the project reads from the environment, so a real
 * cluster can be used instead of a local stack by setting these variables.
 *
 * @param kafkaBootstrap   Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}
 * @param cassandraContact Cassandra contact point as {@code host:port}
 * @param cassandraDc      Cassandra local datacenter name for the driver
 * @param redisUri         Redis URI, e.g. {@code redis://127.0.0.1:16379}
 */
public record ConnectionInfo(String kafkaBootstrap, String cassandraContact, String cassandraDc, String redisUri) {

    public static final String ENV_KAFKA_BOOTSTRAP = "FLOWCRAFT_KAFKA_BOOTSTRAP";
    public static final String ENV_CASSANDRA_CONTACT = "FLOWCRAFT_CASSANDRA_CONTACT";
    public static final String ENV_CASSANDRA_DC = "FLOWCRAFT_CASSANDRA_DC";
    public static final String ENV_REDIS_URI = "FLOWCRAFT_REDIS_URI";
    /**
     * Data dir of a local stack ({@code stack up} exports it): lets tests attached through the environment
     * still stop/kill/restart that stack's servers. Not part of the connection settings proper.
     */
    public static final String ENV_STACK_DIR = "FLOWCRAFT_STACK_DIR";
    /** Cassandra's SimpleSnitch always names the single DC this. */
    public static final String DEFAULT_DC = "datacenter1";

    /** The connection settings of a local stack on the given ports. */
    public static ConnectionInfo local(StackPorts ports) {
        return new ConnectionInfo("127.0.0.1:" + ports.kafka(), "127.0.0.1:" + ports.cassandraCql(),
                DEFAULT_DC, "redis://127.0.0.1:" + ports.redis());
    }

    /**
     * Reads the settings from environment variables. Empty when none of them is set; fails when
     * only some are, because attaching half a stack is never what the user meant.
     */
    public static Optional<ConnectionInfo> fromEnv(Map<String, String> env) {
        String kafka = blankToNull(env.get(ENV_KAFKA_BOOTSTRAP));
        String cassandra = blankToNull(env.get(ENV_CASSANDRA_CONTACT));
        String redis = blankToNull(env.get(ENV_REDIS_URI));
        String dc = blankToNull(env.get(ENV_CASSANDRA_DC));
        if (kafka == null && cassandra == null && redis == null) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (kafka == null) missing.add(ENV_KAFKA_BOOTSTRAP);
        if (cassandra == null) missing.add(ENV_CASSANDRA_CONTACT);
        if (redis == null) missing.add(ENV_REDIS_URI);
        if (!missing.isEmpty()) {
            throw new StackException("Some FLOWCRAFT_* connection variables are set but not " + missing
                    + ". Set all of them to use an existing stack, or unset all to start a local one.");
        }
        return Optional.of(new ConnectionInfo(kafka, cassandra, dc == null ? DEFAULT_DC : dc, redis));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The settings as environment variables, in a stable order. */
    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_KAFKA_BOOTSTRAP, kafkaBootstrap);
        env.put(ENV_CASSANDRA_CONTACT, cassandraContact);
        env.put(ENV_CASSANDRA_DC, cassandraDc);
        env.put(ENV_REDIS_URI, redisUri);
        return env;
    }

    /** {@code export NAME=value} lines, for {@code eval "$(flowcraft stack up)"}. */
    public List<String> exportLines() {
        return toEnv().entrySet().stream().map(e -> "export " + e.getKey() + "=" + e.getValue()).toList();
    }

    /** The same settings as command-line flags of the flowcraft CLI. */
    public String flags() {
        return "--kafka-bootstrap=" + kafkaBootstrap + " --cassandra-contact=" + cassandraContact
                + " --cassandra-dc=" + cassandraDc + " --redis-uri=" + redisUri;
    }

    /** Host part of {@link #cassandraContact()}. */
    public String cassandraHost() {
        return cassandraContact.substring(0, cassandraContact.lastIndexOf(':'));
    }

    /** Port part of {@link #cassandraContact()}. */
    public int cassandraPort() {
        return Integer.parseInt(cassandraContact.substring(cassandraContact.lastIndexOf(':') + 1));
    }
}
