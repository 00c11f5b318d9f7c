package dev.flowcraft.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Single-node Kafka in KRaft combined mode (broker + controller, static quorum). */
final class KafkaServer extends ManagedServer {
    private String classpath;

    KafkaServer(StackOptions options) {
        super(Server.KAFKA, options);
    }

    @Override
    void prepare(ClasspathResolver resolver) {
        classpath = resolver.resolve("kafka-server");
        StackPorts p = options.ports();
        write("server.properties", """
                # Written by flowcraft-stack on every start; edits are overwritten.
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                share.coordinator.state.topic.num.partitions=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                # The 128 MiB default is allocated on heap at start; 8 MiB halves Kafka's RSS.
                log.cleaner.dedupe.buffer.size=8388608
                # After kill -9 the restarted broker is refused (duplicate registration) until the old
                # session expires: 4 s instead of the default 9 s makes crash-restart tests faster.
                broker.session.timeout.ms=4000
                broker.heartbeat.interval.ms=1000
                """.formatted(p.kafka(), p.kafkaController(), dir.resolve("data")));
        write("log4j2.properties", """
                rootLogger.level=INFO
                appender.console.type=Console
                appender.console.name=STDOUT
                appender.console.layout.type=PatternLayout
                appender.console.layout.pattern=[%d] %p %m (%c)%n
                rootLogger.appenderRef.stdout.ref=STDOUT
                """);
    }

    /** Formats the storage once per data dir; later starts keep the data. */
    @Override
    void beforeLaunch() {
        if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        List<String> cmd = new ArrayList<>(jvm());
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(),
                "-c", dir.resolve("server.properties").toString(), "--ignore-formatted"));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            int rc = p.waitFor();
            if (rc != 0 || !Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                throw new StackException("Kafka storage format failed (exit " + rc + "). Last lines of "
                        + logFile() + ":\n" + Processes.tail(logFile(), 30));
            }
        } catch (IOException e) {
            throw new StackException("Cannot run the Kafka storage format: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while formatting Kafka storage", e);
        }
    }

    @Override
    List<String> launchCommand() {
        List<String> cmd = new ArrayList<>(jvm());
        cmd.add("kafka.Kafka");
        cmd.add(dir.resolve("server.properties").toString());
        return cmd;
    }

    private List<String> jvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaOfThisJvm());
        // heap, GC and JIT: Serial GC + C1 in the test profile, G1 + C2 in the throughput profile
        cmd.addAll(options.profile().kafkaJvmFlags(options.kafkaHeap()));
        cmd.addAll(List.of("-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                MARKER_PROPERTY + dir,
                "-cp", classpath));
        return cmd;
    }

    @Override
    boolean isReady(long logOffset) {
        return logContains(logOffset, "Kafka Server started") && Ports.isListening(options.ports().kafka());
    }

    @Override
    boolean commandLineMatches(String cmdline) {
        return cmdline.contains(MARKER_PROPERTY + dir) && cmdline.contains("kafka.Kafka");
    }

    /** A random 16-byte UUID in Kafka's base64 form (22 chars). */
    private static String randomClusterId() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
