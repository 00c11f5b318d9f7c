package dev.flowcraft.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A running server keeps its JVM flags, so asking for another profile must fail clearly. The "servers" here
 * are sleeping JVMs that look like ours (cwd, marker, main class, flags): nothing real is started.
 */
class ProfileCheckTest {
    /** Ports nobody uses, in case a broken check let startAll go on (it would fail on the classpath first). */
    private static final StackPorts PORTS = new StackPorts(45092, 45093, 45042, 45000, 45379);

    private final FakeServers fakes = new FakeServers();

    @AfterEach
    void killFakes() {
        fakes.close();
    }

    @Test
    void statusReadsProfileAndHeapFromTheRunningJvms(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.toRealPath();
        long kafka = fake(dataDir, Server.KAFKA, "-Xms1g", "-Xmx1g", "-Dflowcraft.stack.profile=throughput");
        long cassandra = fake(dataDir, Server.CASSANDRA, "-Xms2g", "-Xmx2g", "-Dflowcraft.stack.profile=throughput");
        LocalStack stack = LocalStack.open(options(dataDir, StackProfile.TEST).build());

        List<ServerStatus> status = stack.status();
        assertThat(status.get(0).pid()).hasValue(kafka);
        assertThat(status.get(0).profile()).contains(StackProfile.THROUGHPUT);
        assertThat(status.get(0).heap()).contains("1g");
        assertThat(status.get(1).pid()).hasValue(cassandra);
        assertThat(status.get(1).heap()).contains("2g");
        assertThat(status.get(2).profile()).isEmpty(); // redis: not running, not a JVM
        assertThat(stack.runningProfile()).contains(StackProfile.THROUGHPUT);
    }

    @Test
    void upWithAnotherProfileThanTheRunningStackFailsAndSaysHowToRestart(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.toRealPath();
        fake(dataDir, Server.KAFKA, "-Xms64m", "-Xmx256m", "-Dflowcraft.stack.profile=test");
        fake(dataDir, Server.CASSANDRA, "-Xms512m", "-Xmx512m", "-Dflowcraft.stack.profile=test");

        assertThatThrownBy(() -> LocalStack.start(options(dataDir, StackProfile.THROUGHPUT).build()))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("already runs with other JVM settings than requested (profile throughput: G1 GC, C2; "
                        + "kafka heap 1g, cassandra heap 2g): ")
                .hasMessageContaining("kafka (pid").hasMessageContaining("runs with profile test and heap 256m")
                .hasMessageContaining("cassandra (pid")
                .hasMessageContaining("flowcraft stack down --dir " + dataDir)
                .hasMessageContaining("flowcraft stack up --dir " + dataDir + " --profile throughput`");
        // nothing was launched for the stopped Redis, and the state of the running stack was not overwritten
        assertThat(dataDir.resolve("redis").resolve("redis.pid")).doesNotExist();
        assertThat(dataDir.resolve("stack.properties")).doesNotExist();
    }

    @Test
    void aServerStartedBeforeProfilesExistedCountsAsTest(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.toRealPath();
        long pid = fake(dataDir, Server.KAFKA, "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1");
        LocalStack test = LocalStack.open(options(dataDir, StackProfile.TEST).build());
        assertThat(test.runningProfile()).contains(StackProfile.TEST);
        assertThatCode(() -> test.requireSameJvmSettings(Map.of(Server.KAFKA, pid), true)).doesNotThrowAnyException();

        LocalStack throughput = LocalStack.open(options(dataDir, StackProfile.THROUGHPUT).build());
        assertThatThrownBy(() -> throughput.requireSameJvmSettings(Map.of(Server.KAFKA, pid), true))
                .isInstanceOf(StackException.class).hasMessageContaining("runs with profile test");
    }

    @Test
    void anotherHeapIsAnErrorButTheSameSizeWrittenDifferentlyIsNot(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.toRealPath();
        long pid = fake(dataDir, Server.KAFKA, "-Xms1g", "-Xmx1024m", "-Dflowcraft.stack.profile=throughput");
        Map<Server, Long> running = Map.of(Server.KAFKA, pid);

        LocalStack same = LocalStack.open(options(dataDir, StackProfile.THROUGHPUT).build()); // 1g
        assertThatCode(() -> same.requireSameJvmSettings(running, true)).doesNotThrowAnyException();

        LocalStack bigger = LocalStack.open(options(dataDir, StackProfile.THROUGHPUT).kafkaHeap("3g").build());
        assertThatThrownBy(() -> bigger.requireSameJvmSettings(running, true))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("not heap 3g (--kafka-heap)")
                .hasMessageContaining("--profile throughput --kafka-heap 3g`");
        // starting one more server only has to match its neighbours' profile, not their heaps
        assertThatCode(() -> bigger.requireSameJvmSettings(running, false)).doesNotThrowAnyException();
    }

    @Test
    void startingOneServerNextToServersOfAnotherProfileFails(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.toRealPath();
        fake(dataDir, Server.KAFKA, "-Xms64m", "-Xmx256m", "-Dflowcraft.stack.profile=test");
        LocalStack throughput = LocalStack.open(options(dataDir, StackProfile.THROUGHPUT).build());

        assertThatThrownBy(() -> throughput.start(Server.CASSANDRA))
                .isInstanceOf(StackException.class).hasMessageContaining("kafka (pid");
        assertThat(dataDir.resolve("cassandra").resolve("cassandra.pid")).doesNotExist();
    }

    @Test
    void theStateFileRecordsProfileAndHeaps(@TempDir Path dataDir) throws Exception {
        assertThat(LocalStack.recordedProfile(dataDir)).isEmpty();
        Path state = dataDir.resolve("stack.properties");
        Files.writeString(state, "port.kafka=19092\n"); // written before profiles existed
        assertThat(LocalStack.recordedProfile(dataDir)).contains(StackProfile.TEST);
        assertThat(LocalStack.recordedHeap(dataDir, Server.KAFKA)).isEmpty();

        Files.writeString(state, "profile=throughput\nheap.kafka=1g\nheap.cassandra=3g\n");
        assertThat(LocalStack.recordedProfile(dataDir)).contains(StackProfile.THROUGHPUT);
        assertThat(LocalStack.recordedHeap(dataDir, Server.CASSANDRA)).contains("3g");

        Files.writeString(state, "profile=latency\n");
        assertThat(LocalStack.recordedProfile(dataDir)).isEmpty();
    }

    private static StackOptions.Builder options(Path dataDir, StackProfile profile) {
        return StackOptions.builder().dataDir(dataDir).ports(PORTS).profile(profile)
                .cacheDir(dataDir.resolve("cache")).mavenCommand("false") // a real start would fail at once
                .installRedis(false).killOnExit(true).detach(false);
    }

    private long fake(Path dataDir, Server server, String... flags) throws Exception {
        return fakes.start(dataDir, server, flags);
    }
}
