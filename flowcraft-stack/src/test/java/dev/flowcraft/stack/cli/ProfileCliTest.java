package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.ConnectionInfo;
import dev.flowcraft.stack.FakeServers;
import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.StackOptions;
import dev.flowcraft.stack.StackPorts;
import dev.flowcraft.stack.StackProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `stack up --profile` parsing, help and output; `status` showing the profile. No real server is started. */
class ProfileCliTest {
    /** Ports nobody uses: the fakes listen on none, and the shared dev stack's ports stay untouched. */
    private static final List<String> PORTS = List.of("--kafka-port", "46092", "--kafka-controller-port", "46093",
            "--cql-port", "46042", "--cassandra-storage-port", "46000", "--redis-port", "46379");

    private final FakeServers fakes = new FakeServers();

    record Result(int exitCode, String out, String err) {
    }

    @AfterEach
    void killFakes() {
        fakes.close();
    }

    @Test
    void profileIsOptionalAndCaseInsensitive() {
        assertThat(parseUp().profile).isNull();
        assertThat(parseUp().kafkaHeap).isNull();
        assertThat(parseUp().cassandraHeap).isNull();
        assertThat(parseUp("--profile", "throughput").profile).isEqualTo(StackProfile.THROUGHPUT);
        assertThat(parseUp("--profile=TEST").profile).isEqualTo(StackProfile.TEST);
        UpCommand up = parseUp("--profile", "throughput", "--kafka-heap", "2g", "--cassandra-heap", "3g");
        assertThat(up.kafkaHeap).isEqualTo("2g");
        assertThat(up.cassandraHeap).isEqualTo("3g");
    }

    @Test
    void anUnknownProfileIsAUsageErrorListingTheValidOnes() {
        Result r = run("up", "--profile", "fast");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--profile", "Unknown profile 'fast'; expected one of test, throughput");
    }

    @Test
    void helpExplainsTheProfilesAndTheirHeaps() {
        // picocli wraps lines: compare with single spaces
        String up = new CommandLine(new StackCommand()).getSubcommands().get("up").getUsageMessage()
                .replaceAll("\\s+", " ");
        assertThat(up).contains("--profile=<profile>", "`test` (default: Serial GC, C1 only",
                "`throughput` (G1 GC, C2, Kafka heap 1g, Cassandra heap 2g", "`stack down` first",
                "256m with --profile test, 1g with throughput", "512m with --profile test, 2g with throughput");
        String status = new CommandLine(new StackCommand()).getSubcommands().get("status").getUsageMessage();
        assertThat(status).contains("JVM profile");
    }

    @Test
    void upPrintsTheProfileAsAVariableAndAComment(@TempDir Path dir) {
        CommandLine cl = new CommandLine(new StackCommand());
        CommandLine upCl = cl.getSubcommands().get("up");
        StringWriter out = new StringWriter();
        upCl.setOut(new PrintWriter(out));
        LocalStack stack = LocalStack.open(StackOptions.builder().dataDir(dir).profile(StackProfile.THROUGHPUT)
                .cassandraHeap("3g").build());
        ((UpCommand) upCl.getCommand()).printSettings(ConnectionInfo.local(StackPorts.DEV_DEFAULTS), stack);
        assertThat(out.toString()).contains("export FLOWCRAFT_STACK_PROFILE=throughput\n",
                "# profile: throughput (G1 GC, C2; kafka heap 1g, cassandra heap 3g)\n");
    }

    /** All three "servers" run, so `up` reuses them and launches nothing, whatever it decides. */
    @Test
    void upOnARunningStackKeepsItsProfileOrSaysToRestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.toRealPath();
        long kafka = fakes.start(dir, Server.KAFKA, "-Xms1g", "-Xmx1g", "-Dflowcraft.stack.profile=throughput");
        fakes.start(dir, Server.CASSANDRA, "-Xms2g", "-Xmx2g", "-Dflowcraft.stack.profile=throughput");
        fakes.start(dir, Server.REDIS);

        Result status = run(withPorts("status", "--dir", dir.toString()));
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("  profile    throughput (G1 GC, C2)\n",
                "running (pid " + kafka + ", -Xmx1g)", "-Xmx2g)");

        Result plain = run(withPorts("up", "--dir", dir.toString()));
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("no --profile given: keeping profile throughput", "kafka already running");
        assertThat(plain.out()).contains("export FLOWCRAFT_STACK_PROFILE=throughput",
                "# profile: throughput (G1 GC, C2; kafka heap 1g, cassandra heap 2g)");
        assertThat(LocalStack.recordedProfile(dir)).contains(StackProfile.THROUGHPUT);

        Result same = run(withPorts("up", "--dir", dir.toString(), "--profile", "throughput"));
        assertThat(same.exitCode()).as(same.err()).isZero();

        Result other = run(withPorts("up", "--dir", dir.toString(), "--profile", "test"));
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).startsWith("error: The stack in " + dir + " already runs with other JVM settings "
                        + "than requested (profile test: Serial GC, C1 only; kafka heap 256m, cassandra heap 512m): ")
                .contains("kafka (pid " + kafka + ") runs with profile throughput and heap 1g",
                        "cassandra (pid", "`flowcraft stack down --dir " + dir + "`, then `flowcraft stack up --dir "
                                + dir + " --profile test`");
        assertThat(LocalStack.recordedProfile(dir)).as("state kept").contains(StackProfile.THROUGHPUT);

        Result heap = run(withPorts("up", "--dir", dir.toString(), "--profile", "throughput", "--kafka-heap", "2g"));
        assertThat(heap.exitCode()).isEqualTo(1);
        assertThat(heap.err()).contains("not heap 2g (--kafka-heap)", "--profile throughput --kafka-heap 2g`");
    }

    @Test
    void statusOfAStoppedStackShowsTheProfileOfItsLastStart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.properties"), "profile=throughput\n");
        Result r = run(withPorts("status", "--dir", dir.toString()));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("  profile    throughput (of the last start; not running)");
    }

    @Test
    void statusFlagsAStackWithMixedProfiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.toRealPath();
        fakes.start(dir, Server.KAFKA, "-Xmx256m"); // started before profiles: test
        fakes.start(dir, Server.CASSANDRA, "-Xmx2g", "-Dflowcraft.stack.profile=throughput");
        Result r = run(withPorts("status", "--dir", dir.toString()));
        assertThat(r.out()).contains("MIXED: kafka test, cassandra throughput; restart with `flowcraft stack down --dir "
                + dir + "`");
    }

    private static UpCommand parseUp(String... args) {
        List<String> all = new ArrayList<>(List.of("up"));
        all.addAll(List.of(args));
        CommandLine.ParseResult pr = new CommandLine(new StackCommand()).parseArgs(all.toArray(String[]::new));
        return (UpCommand) pr.subcommand().commandSpec().userObject();
    }

    private static String[] withPorts(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(PORTS);
        return all.toArray(String[]::new);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StackCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Result(rc, out.toString(), err.toString());
    }
}
