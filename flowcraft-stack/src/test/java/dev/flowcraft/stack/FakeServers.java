package dev.flowcraft.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sleeping JVMs that look like a stack's servers to its PID checks (working dir, marker, main class or
 * {@code redis-server}, PID file, the given flags), so profile checks can be tested without starting servers.
 * They listen on no port. {@link #close()} kills them.
 */
public final class FakeServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    /** Starts a fake of {@code server} in {@code dataDir} (a real path) and waits until it runs our main class. */
    public long start(Path dataDir, Server server, String... flags) throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve(server.id()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dflowcraft.stack.server=" + dir, "-cp",
                Path.of(SleeperMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                SleeperMain.class.getName(),
                switch (server) {
                    case KAFKA -> "kafka.Kafka";
                    case CASSANDRA -> "org.apache.cassandra.service.CassandraDaemon";
                    case REDIS -> "redis-server"; // what the Redis check looks for
                }));
        Path log = dir.resolve("fake.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        processes.add(p);
        Files.writeString(dir.resolve(server.id() + ".pid"), p.pid() + "\n");
        // start() may return while the launch helper is still exec'ing java (its /proc cmdline not yet ours)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("sleeper started")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("fake " + server.id() + " did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return p.pid();
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
