package dev.flowcraft.stack;

import dev.flowcraft.stack.cli.StackCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real CLI ({@code stack up/status/down}) in child JVMs against its own stack, on a third
 * port set, next to the extension's stack: also proves that two stacks run side by side.
 */
class StackCliIT {
    private static final List<String> PORTS = List.of("--kafka-port", "39092", "--kafka-controller-port", "39093",
            "--cql-port", "39042", "--cassandra-storage-port", "37000", "--redis-port", "36379");

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void upStatusDownOnASecondStack() throws Exception {
        Path dir = Path.of("target", "cli-it-stack").toAbsolutePath();
        Path otherDir = Path.of("target", "cli-it-conflict").toAbsolutePath();
        try {
            long t0 = System.nanoTime();
            Result up = cli(withPorts("up", "--dir", dir.toString(), "--fresh"));
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(up.exitCode()).as(up.err()).isZero();
            assertThat(up.out()).contains("export FLOWCRAFT_KAFKA_BOOTSTRAP=127.0.0.1:39092",
                    "export FLOWCRAFT_CASSANDRA_CONTACT=127.0.0.1:39042",
                    "export FLOWCRAFT_CASSANDRA_DC=datacenter1",
                    "export FLOWCRAFT_REDIS_URI=redis://127.0.0.1:36379",
                    "--kafka-bootstrap=127.0.0.1:39092");
            assertThat(up.err()).contains("kafka ready", "cassandra ready", "redis ready");
            // The time is reported, not asserted (a loaded CI box is slow); docs/stack.md has the measured figures.
            List<Long> pids = pids(dir);
            assertThat(pids).hasSize(3);
            long rssKb = pids.stream().mapToLong(StackCliIT::rssKb).sum();
            System.err.printf("[StackCliIT] stack up: %.1f s (incl. CLI JVM start), RSS %d MB%n", upSeconds, rssKb / 1024);
            assertThat(rssKb).as("RSS in KiB").isLessThan(1024 * 1024);

            Result status = cli("status", "--dir", dir.toString());
            assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("kafka", "running", "39092");

            // Another stack on a port that is taken: a clear error naming port, server and flag.
            Result conflict = cli(withPorts("up", "--dir", otherDir.toString(), "--fresh"));
            assertThat(conflict.exitCode()).isEqualTo(1);
            assertThat(conflict.err()).contains("Port 39092", "kafka", "--kafka-port", "stack down");
            assertThat(pids(otherDir)).isEmpty();

            Result down = cli("down", "--dir", dir.toString(), "--kill");
            assertThat(down.exitCode()).as(down.err()).isZero();
            assertThat(down.out()).contains("kafka: stopped", "cassandra: stopped", "redis: stopped");
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
            }
            assertThat(cli("status", "--dir", dir.toString()).exitCode()).isEqualTo(3);
        } finally {
            cli("down", "--dir", dir.toString(), "--kill");
        }
    }

    @Test
    void everySubcommandHasHelp() {
        CommandLine cl = new CommandLine(new StackCommand());
        assertThat(cl.getSubcommands()).containsOnlyKeys("up", "status", "down", "logs");
        for (String sub : cl.getSubcommands().keySet()) {
            assertThat(cl.getSubcommands().get(sub).getUsageMessage()).contains("--dir", "--help");
        }
    }

    private static String[] withPorts(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(PORTS);
        return all.toArray(String[]::new);
    }

    /** PIDs from the PID files of a data dir whose processes are alive. */
    private static List<Long> pids(Path dir) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Server s : Server.values()) {
            Path f = dir.resolve(s.id()).resolve(s.id() + ".pid");
            if (Files.exists(f)) {
                long pid = Long.parseLong(Files.readString(f).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(pid);
                }
            }
        }
        return out;
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Result cli(String... args) throws Exception {
        String cp = codeSource(StackCommand.class) + File.pathSeparator + codeSource(CommandLine.class);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, StackCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("stack-cli", ".out");
        Path err = Files.createTempFile("stack-cli", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("CLI finished").isTrue();
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
