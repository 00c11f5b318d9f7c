package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.ConnectionInfo;
import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.StackOptions;
import dev.flowcraft.stack.StackProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Provision and start Kafka, Cassandra and Redis (servers already running in --dir are reused).",
                "Prints the connection settings as `export NAME=value` lines on stdout."})
final class UpCommand extends StackSubcommand {
    @Mixin
    DirOption dir;
    @Mixin
    PortOptions ports;

    @Option(names = "--fresh", description = "Delete the data of a previous run in --dir before starting.")
    boolean fresh;

    @Option(names = "--profile", paramLabel = "<profile>", converter = ProfileConverter.class,
            description = {"JVM tuning of Kafka and Cassandra: `test` (default: Serial GC, C1 only, small heaps; "
                    + "fastest start, least memory) or `throughput` (G1 GC, C2, Kafka heap 1g, Cassandra heap 2g; "
                    + "for benchmarks).",
                    "Without it, a stack already running in --dir keeps its profile. Running servers are never "
                    + "restarted: asking for another profile than theirs is an error (`stack down` first)."})
    StackProfile profile;

    @Option(names = "--kafka-heap", paramLabel = "<size>",
            description = "Kafka max heap, e.g. 512m (default: 256m with --profile test, 1g with throughput).")
    String kafkaHeap;

    @Option(names = "--cassandra-heap", paramLabel = "<size>",
            description = "Cassandra heap, e.g. 1g (default: 512m with --profile test, 2g with throughput).")
    String cassandraHeap;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120",
            description = "Max seconds each server may take to become ready (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-install", negatable = false,
            description = "Fail instead of installing redis-server with apt-get when it is missing.")
    boolean noInstall;

    @Override
    int execute() {
        Path dataDir = dir.dir();
        StackOptions.Builder builder = StackOptions.builder()
                .dataDir(dataDir)
                .ports(ports.resolve(dataDir))
                .fresh(fresh)
                .startTimeout(Duration.ofSeconds(timeoutSeconds))
                .installRedis(!noInstall)
                .progress(this::progress);
        // --fresh kills what runs in the dir, so only without it can a running stack's settings carry over.
        boolean running = !fresh && LocalStack.open(builder.build()).status().stream().anyMatch(s -> s.running());
        StackProfile chosen = profile;
        if (chosen == null) {
            Optional<StackProfile> runningProfile = running ? LocalStack.open(builder.build()).runningProfile()
                    : Optional.empty();
            chosen = runningProfile.orElse(StackProfile.TEST);
            runningProfile.filter(p -> p != StackProfile.TEST).ifPresent(p -> progress("no --profile given: keeping profile " + p.id()
                    + " of the stack running in " + dataDir));
        }
        builder.profile(chosen)
                .kafkaHeap(heap(kafkaHeap, running, chosen, dataDir, Server.KAFKA))
                .cassandraHeap(heap(cassandraHeap, running, chosen, dataDir, Server.CASSANDRA));
        LocalStack stack = LocalStack.start(builder.build());
        printSettings(stack.connectionInfo(), stack);
        return 0;
    }

    /**
     * The heap flag if given; else, while the stack runs with this profile, the heap it was started with
     * (so a plain `up` after `down kafka` restarts Kafka as it was); else null for the profile's default.
     */
    private static String heap(String flag, boolean running, StackProfile chosen, Path dataDir, Server server) {
        if (flag != null) {
            return flag;
        }
        if (running && LocalStack.recordedProfile(dataDir).equals(Optional.of(chosen))) {
            return LocalStack.recordedHeap(dataDir, server).orElse(null);
        }
        return null;
    }

    void printSettings(ConnectionInfo info, LocalStack stack) {
        info.exportLines().forEach(out()::println);
        // Lets the JUnit extension, when attached via these variables, still restart this stack's servers.
        out().println("export " + ConnectionInfo.ENV_STACK_DIR + "=" + stack.dataDir());
        StackOptions o = stack.options();
        out().println("export " + StackProfile.ENV + "=" + o.profile().id());
        out().println("# as flags: " + info.flags());
        out().println("# profile: " + o.profile().id() + " (" + o.profile().summary() + "; kafka heap "
                + o.kafkaHeap() + ", cassandra heap " + o.cassandraHeap() + ")");
        out().flush();
    }
}
