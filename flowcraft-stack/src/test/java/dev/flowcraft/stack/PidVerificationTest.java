package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `stack down` must never signal a process that merely has its PID in our PID file. */
class PidVerificationTest {

    @Test
    void aStalePidFileOfAnUnrelatedProcessIsIgnored(@TempDir Path dataDir) throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            for (Server s : Server.values()) {
                Path serverDir = Files.createDirectories(dataDir.resolve(s.id()));
                Files.writeString(serverDir.resolve(s.id() + ".pid"), stranger.pid() + "\n");
            }
            LocalStack stack = LocalStack.open(StackOptions.builder().dataDir(dataDir).build());

            assertThat(stack.status()).noneMatch(ServerStatus::running);
            stack.killAll();

            assertThat(stranger.waitFor(300, TimeUnit.MILLISECONDS)).as("sleep was signalled").isFalse();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aProcessInTheServerDirWithOurMarkerIsRecognised(@TempDir Path dataDir) throws Exception {
        Path kafkaDir = Files.createDirectories(dataDir.resolve("kafka"));
        // Same shape as a real launch: cwd = server dir, marker and main class on the command line.
        Process fake = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dflowcraft.stack.server=" + kafkaDir.toRealPath(), "-cp",
                Path.of(SleeperMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                SleeperMain.class.getName(), "kafka.Kafka")
                .directory(kafkaDir.toFile()).start();
        try {
            Files.writeString(kafkaDir.resolve("kafka.pid"), fake.pid() + "\n");
            LocalStack stack = LocalStack.open(StackOptions.builder().dataDir(dataDir.toRealPath()).build());
            assertThat(stack.pid(Server.KAFKA)).hasValue(fake.pid());

            stack.kill(Server.KAFKA);

            assertThat(fake.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(kafkaDir.resolve("kafka.pid"))).isFalse();
        } finally {
            fake.destroyForcibly();
        }
    }
}
