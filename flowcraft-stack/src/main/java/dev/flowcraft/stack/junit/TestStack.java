package dev.flowcraft.stack.junit;

import dev.flowcraft.stack.ConnectionInfo;
import dev.flowcraft.stack.LocalStack;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test class sees of the shared stack: connection settings, per-class unique names, and
 * (when the stack was started by the extension) the {@link LocalStack} for fault injection.
 * Thread-safe.
 */
public final class TestStack {
    /** Differs per JVM run, so names never clash with leftovers of an earlier run on an attached stack. */
    private static final String RUN_ID = Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36);

    private final ConnectionInfo info;
    private final LocalStack stack;
    private final String classToken;
    private final AtomicInteger counter = new AtomicInteger();

    TestStack(ConnectionInfo info, Optional<LocalStack> stack, Class<?> testClass) {
        this.info = info;
        this.stack = stack.orElse(null);
        this.classToken = sanitize(testClass.getSimpleName(), 16);
    }

    public ConnectionInfo connectionInfo() {
        return info;
    }

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:29092}. */
    public String kafkaBootstrap() {
        return info.kafkaBootstrap();
    }

    /** Cassandra contact point as {@code host:port}. */
    public String cassandraContact() {
        return info.cassandraContact();
    }

    /** Cassandra contact point for {@code CqlSession.builder().addContactPoint(...)}. */
    public InetSocketAddress cassandraAddress() {
        return new InetSocketAddress(info.cassandraHost(), info.cassandraPort());
    }

    /** Local datacenter for the Cassandra driver ({@code datacenter1} for a local stack). */
    public String cassandraDc() {
        return info.cassandraDc();
    }

    /** e.g. {@code redis://127.0.0.1:26379}. */
    public String redisUri() {
        return info.redisUri();
    }

    /**
     * A name unique to this test class, run and call, valid as a Cassandra keyspace/table name
     * (lower case, [a-z0-9_], at most 44 chars) and as a Kafka topic or Redis key prefix.
     */
    public String uniqueName(String prefix) {
        return sanitize(prefix, 16) + "_" + classToken + "_" + RUN_ID + "_" + counter.incrementAndGet();
    }

    /** Whether the servers can be controlled: started by the extension, or attached with FLOWCRAFT_STACK_DIR. */
    public boolean isLocal() {
        return stack != null;
    }

    /**
     * The running stack, to stop/kill/restart servers or start JVMs. Fails when attached through
     * FLOWCRAFT_* variables to servers without a FLOWCRAFT_STACK_DIR (e.g. a real cluster).
     */
    public LocalStack localStack() {
        if (stack == null) {
            throw new IllegalStateException("This test controls servers, but the run is attached via FLOWCRAFT_*"
                    + " variables to servers it cannot control (no FLOWCRAFT_STACK_DIR of a `flowcraft stack up`)."
                    + " Unset them, or pass -Dflowcraft.stack.attach=false, to let the extension start its own stack.");
        }
        return stack;
    }

    private static String sanitize(String s, int max) {
        String clean = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "n" + clean; // keyspace names must start with a letter
        }
        return clean.length() > max ? clean.substring(0, max) : clean;
    }
}
