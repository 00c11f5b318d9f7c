package dev.flowcraft.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Single-node Cassandra 5.0 from cassandra-all, on a JDK 17, with our own yaml and logback config. */
final class CassandraServer extends ManagedServer {
    /** The JPMS part of Cassandra's conf/jvm17-server.options; without it Cassandra dies at once. */
    private static final List<String> JDK17_MODULE_FLAGS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private String classpath;
    private Path java;

    CassandraServer(StackOptions options) {
        super(Server.CASSANDRA, options);
    }

    @Override
    void prepare(ClasspathResolver resolver) {
        java = JdkLocator.java17(); // first, so a missing JDK 17 fails before a slow Maven run
        classpath = resolver.resolve("cassandra-server");
        StackPorts p = options.ports();
        write("cassandra.yaml", """
                # Written by flowcraft-stack on every start; edits are overwritten.
                cluster_name: flowcraft
                num_tokens: 1
                initial_token: 0
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:%1$d"
                listen_address: 127.0.0.1
                rpc_address: 127.0.0.1
                storage_port: %1$d
                ssl_storage_port: %2$d
                native_transport_port: %3$d
                start_native_transport: true
                data_file_directories: [ "%4$s/data" ]
                commitlog_directory: %4$s/commitlog
                saved_caches_directory: %4$s/saved_caches
                hints_directory: %4$s/hints
                cdc_raw_directory: %4$s/cdc_raw
                %5$s
                storage_compatibility_mode: NONE
                authenticator: AllowAllAuthenticator
                authorizer: AllowAllAuthorizer
                role_manager: CassandraRoleManager
                hinted_handoff_enabled: false
                auto_snapshot: false
                snapshot_before_compaction: false
                incremental_backups: false
                concurrent_compactors: 1
                compaction_throughput: 0MiB/s
                dynamic_snitch: false
                """.formatted(p.cassandraStorage(), p.cassandraStorage() + 1, p.cassandraCql(), dir,
                        options.durableCommitlog()
                                ? "commitlog_sync: group\ncommitlog_sync_group_window: 2ms"
                                : "commitlog_sync: periodic\ncommitlog_sync_period: 10000ms")
                + options.profile().cassandraCacheYaml());
        write("logback.xml", """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """);
    }

    @Override
    List<String> launchCommand() {
        List<String> cmd = new ArrayList<>();
        if (Processes.isRoot() && Processes.findExecutable("setpriv", "/usr/bin", "/bin").isPresent()) {
            // As root Cassandra's mlockall succeeds and pins heap + JDK modules (~300 MB more RSS).
            // Dropping CAP_IPC_LOCK makes it fail harmlessly; setpriv execs, so the PID stays the JVM's.
            cmd.addAll(List.of("setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock"));
        }
        cmd.add(java.toString());
        cmd.addAll(JDK17_MODULE_FLAGS);
        cmd.addAll(List.of("-ea", "-da:net.openhft...", "-XX:+UseThreadPriorities", "-Xss256k",
                "-XX:+UseTLAB", "-XX:+ResizeTLAB", "-XX:+PerfDisableSharedMem", "-Djava.net.preferIPv4Stack=true"));
        // heap, GC and JIT: Serial GC + C1 in the test profile, G1 + C2 in the throughput profile
        cmd.addAll(options.profile().cassandraJvmFlags(options.cassandraHeap()));
        cmd.addAll(List.of(
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra-foreground=yes",
                "-Dcassandra.logdir=" + dir.resolve("logs"),
                "-Dcassandra.storagedir=" + dir,
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                MARKER_PROPERTY + dir,
                "-cp", classpath,
                "org.apache.cassandra.service.CassandraDaemon"));
        return cmd;
    }

    @Override
    boolean isReady(long logOffset) {
        return logContains(logOffset, "Starting listening for CQL clients")
                && Ports.isListening(options.ports().cassandraCql());
    }

    @Override
    boolean commandLineMatches(String cmdline) {
        return cmdline.contains(MARKER_PROPERTY + dir) && cmdline.contains("CassandraDaemon");
    }
}
