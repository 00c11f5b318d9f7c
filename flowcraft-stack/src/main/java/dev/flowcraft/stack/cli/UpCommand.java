package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.ConnectionInfo;
import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

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

    @Option(names = "--kafka-heap", paramLabel = "<size>", defaultValue = "256m",
            description = "Kafka max heap (default ${DEFAULT-VALUE}).")
    String kafkaHeap;

    @Option(names = "--cassandra-heap", paramLabel = "<size>", defaultValue = "512m",
            description = "Cassandra heap (default ${DEFAULT-VALUE}).")
    String cassandraHeap;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120",
            description = "Max seconds each server may take to become ready (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-install", negatable = false,
            description = "Fail instead of installing redis-server with apt-get when it is missing.")
    boolean noInstall;

    @Override
    int execute() {
        StackOptions options = StackOptions.builder()
                .dataDir(dir.dir())
                .ports(ports.resolve(dir.dir()))
                .fresh(fresh)
                .kafkaHeap(kafkaHeap)
                .cassandraHeap(cassandraHeap)
                .startTimeout(Duration.ofSeconds(timeoutSeconds))
                .installRedis(!noInstall)
                .progress(this::progress)
                .build();
        LocalStack stack = LocalStack.start(options);
        printSettings(stack.connectionInfo(), stack);
        return 0;
    }

    void printSettings(ConnectionInfo info, LocalStack stack) {
        info.exportLines().forEach(out()::println);
        // Lets the JUnit extension, when attached via these variables, still restart this stack's servers.
        out().println("export " + ConnectionInfo.ENV_STACK_DIR + "=" + stack.dataDir());
        out().println("# as flags: " + info.flags());
        out().flush();
    }
}
