package dev.flowcraft.stack.junit;

import dev.flowcraft.stack.ConnectionInfo;
import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.StackException;
import dev.flowcraft.stack.StackOptions;
import dev.flowcraft.stack.StackPorts;
import dev.flowcraft.stack.StackProfile;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The stack of one test run: either started here (and killed on close) or attached via the
 * environment. Thread-safe: immutable apart from the idempotent {@link #close()}.
 */
// CloseableResource for JUnit < 5.13, AutoCloseable for newer versions; close() is idempotent.
@SuppressWarnings("deprecation")
final class SharedStack implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final ConnectionInfo connectionInfo;
    private final LocalStack stack; // null when attached to servers we cannot control
    private final boolean owned;    // started here, so stopped here
    private final Path logsDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SharedStack(ConnectionInfo connectionInfo, LocalStack stack, boolean owned, Path logsDir) {
        this.connectionInfo = connectionInfo;
        this.stack = stack;
        this.owned = owned;
        this.logsDir = logsDir;
    }

    static SharedStack create() {
        Path logsDir = Path.of(System.getProperty("flowcraft.stack.logs", "target/stack-logs")).toAbsolutePath();
        boolean mayAttach = !"false".equalsIgnoreCase(System.getProperty("flowcraft.stack.attach", "true"));
        Optional<ConnectionInfo> env = mayAttach ? ConnectionInfo.fromEnv(System.getenv()) : Optional.empty();
        if (env.isPresent()) {
            log("attaching to the stack from the FLOWCRAFT_* environment: " + env.get());
            return new SharedStack(env.get(), attachedLocalStack(), false, logsDir);
        }
        StackOptions options = StackOptions.builder()
                .dataDir(Path.of(System.getProperty("flowcraft.stack.dir", "target/flowcraft-stack-it")))
                .ports(portsFromProperties())
                .fresh(true)
                .killOnExit(true)
                .detach(false) // stay in the test JVM's process group: Ctrl-C of the build stops them too
                .progress(SharedStack::log)
                .build();
        LocalStack stack = LocalStack.open(options);
        try {
            stack.startAll();
        } catch (StackException e) {
            copyLogs(stack, logsDir);
            throw new StackException(e.getMessage() + "\n(server logs copied to " + logsDir + ")", e);
        }
        return new SharedStack(stack.connectionInfo(), stack, true, logsDir);
    }

    /** The stack named by FLOWCRAFT_STACK_DIR (exported by `stack up`), to let fault tests control it. */
    private static LocalStack attachedLocalStack() {
        String dir = System.getenv(ConnectionInfo.ENV_STACK_DIR);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path dataDir = Path.of(dir);
        Optional<StackPorts> ports = LocalStack.recordedPorts(dataDir);
        if (ports.isEmpty()) {
            log(ConnectionInfo.ENV_STACK_DIR + "=" + dir + " holds no stack; servers cannot be controlled");
            return null;
        }
        // Same profile and heaps as the running servers, so a fault test restarts them as they were.
        return LocalStack.open(StackOptions.builder().dataDir(dataDir).ports(ports.get())
                .profile(LocalStack.recordedProfile(dataDir).orElse(StackProfile.TEST))
                .kafkaHeap(LocalStack.recordedHeap(dataDir, Server.KAFKA).orElse(null))
                .cassandraHeap(LocalStack.recordedHeap(dataDir, Server.CASSANDRA).orElse(null))
                .progress(SharedStack::log)
                .build());
    }

    private static StackPorts portsFromProperties() {
        StackPorts p = StackPorts.TEST_DEFAULTS;
        p = p.withKafka(intProp("flowcraft.stack.kafka.port", p.kafka()));
        p = p.withKafkaController(intProp("flowcraft.stack.kafka.controller.port", p.kafkaController()));
        p = p.withCassandraCql(intProp("flowcraft.stack.cql.port", p.cassandraCql()));
        p = p.withCassandraStorage(intProp("flowcraft.stack.cassandra.storage.port", p.cassandraStorage()));
        return p.withRedis(intProp("flowcraft.stack.redis.port", p.redis()));
    }

    private static int intProp(String key, int fallback) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    ConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    Optional<LocalStack> localStack() {
        return Optional.ofNullable(stack);
    }

    /**
     * Kills the stack if it was started here (throwaway data, so no graceful stop) and keeps the logs
     * under target/; an attached stack keeps running, only the JVMs the tests started are killed.
     */
    @Override
    public void close() {
        if (stack == null || !closed.compareAndSet(false, true)) {
            return;
        }
        if (!owned) {
            stack.killJvms();
            return;
        }
        stack.killAll();
        copyLogs(stack, logsDir);
        log("stack stopped; server logs in " + logsDir);
    }

    private static void copyLogs(LocalStack stack, Path logsDir) {
        try {
            Files.createDirectories(logsDir);
            for (Server s : Server.values()) {
                Path log = stack.logFile(s);
                if (Files.exists(log)) {
                    Files.copy(log, logsDir.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path jvmDir = stack.dataDir().resolve("jvm");
            if (Files.isDirectory(jvmDir)) {
                try (Stream<Path> logs = Files.list(jvmDir)) {
                    for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                        Files.copy(log, logsDir.resolve("jvm-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            log("could not copy server logs to " + logsDir + ": " + e.getMessage());
        }
    }

    private static void log(String line) {
        System.err.println("[flowcraft-stack] " + line);
    }
}
