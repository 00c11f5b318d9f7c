package dev.flowcraft.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of a {@link LocalStack}. Build with {@link #builder()}.
 *
 * @param dataDir        where configs, data, logs and PID files live
 * @param ports          the ports to bind on 127.0.0.1
 * @param cacheDir       where resolved server classpaths are cached, keyed by pom hash (shared by all stacks)
 * @param startTimeout   how long one server may take to become ready
 * @param stopTimeout    how long a graceful stop (SIGTERM) may take before SIGKILL
 * @param profile        how the JVM servers are tuned ({@link StackProfile#TEST} if null)
 * @param kafkaHeap      Kafka's {@code -Xmx}, e.g. {@code 256m}; null for the profile's default
 * @param cassandraHeap  Cassandra's {@code -Xms}/{@code -Xmx}, e.g. {@code 512m}; null for the profile's default
 * @param installRedis   whether a missing redis-server may be installed with apt-get (only as root)
 * @param killOnExit     whether servers started by this JVM are killed by a shutdown hook
 * @param detach         whether servers run in their own session ({@code setsid}), so they outlive the
 *                       terminal of {@code stack up}; the JUnit extension keeps them in its process group
 * @param fresh          whether leftovers of this data dir (processes and data) are removed before start
 * @param mavenCommand   the Maven executable used to resolve the server classpaths
 * @param progress       receives human-readable progress lines
 * @param durableCommitlog whether Cassandra acknowledges a write only once its commit log is synced
 *                       ({@code commitlog_sync: group}, 2 ms window) instead of syncing every 10 s
 *                       ({@code periodic}, Cassandra's default and the stack's): a kill -9 then forgets no
 *                       acknowledged write, at the price of a sync per group of writes
 */
public record StackOptions(Path dataDir, StackPorts ports, Path cacheDir, Duration startTimeout, Duration stopTimeout,
                           StackProfile profile, String kafkaHeap, String cassandraHeap, boolean installRedis, boolean killOnExit,
                           boolean detach, boolean fresh, String mavenCommand, Consumer<String> progress,
                           boolean durableCommitlog) {

    public StackOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(progress, "progress");
        profile = profile == null ? StackProfile.TEST : profile;
        kafkaHeap = StackProfile.requireHeapSize(kafkaHeap == null ? profile.defaultKafkaHeap() : kafkaHeap.trim(),
                "Kafka heap");
        cassandraHeap = StackProfile.requireHeapSize(
                cassandraHeap == null ? profile.defaultCassandraHeap() : cassandraHeap.trim(), "Cassandra heap");
        dataDir = dataDir.toAbsolutePath().normalize();
        cacheDir = cacheDir.toAbsolutePath().normalize();
    }

    /** Options with Cassandra's periodic commit log: the constructor from before {@code durableCommitlog}. */
    public StackOptions(Path dataDir, StackPorts ports, Path cacheDir, Duration startTimeout, Duration stopTimeout,
                        StackProfile profile, String kafkaHeap, String cassandraHeap, boolean installRedis,
                        boolean killOnExit, boolean detach, boolean fresh, String mavenCommand,
                        Consumer<String> progress) {
        this(dataDir, ports, cacheDir, startTimeout, stopTimeout, profile, kafkaHeap, cassandraHeap, installRedis,
                killOnExit, detach, fresh, mavenCommand, progress, false);
    }

    /** Options of the {@link StackProfile#TEST} profile: the constructor from before profiles existed. */
    public StackOptions(Path dataDir, StackPorts ports, Path cacheDir, Duration startTimeout, Duration stopTimeout,
                        String kafkaHeap, String cassandraHeap, boolean installRedis, boolean killOnExit,
                        boolean detach, boolean fresh, String mavenCommand, Consumer<String> progress) {
        this(dataDir, ports, cacheDir, startTimeout, stopTimeout, StackProfile.TEST, kafkaHeap, cassandraHeap,
                installRedis, killOnExit, detach, fresh, mavenCommand, progress);
    }

    /** The heap of a JVM server ({@link #kafkaHeap()} or {@link #cassandraHeap()}); empty for Redis. */
    public Optional<String> heapOf(Server server) {
        return switch (server) {
            case KAFKA -> Optional.of(kafkaHeap);
            case CASSANDRA -> Optional.of(cassandraHeap);
            case REDIS -> Optional.empty();
        };
    }

    /** {@code ~/.flowcraft/stack}: the CLI's default data dir. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".flowcraft", "stack");
    }

    /** {@code ~/.flowcraft/cache}: shared classpath cache so new data dirs start without running mvn. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".flowcraft", "cache");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with these options. A heap equal to the profile's default is left unset, so that
     * {@code toBuilder().profile(other)} gets the other profile's default heaps.
     */
    public Builder toBuilder() {
        return new Builder().dataDir(dataDir).ports(ports).cacheDir(cacheDir).startTimeout(startTimeout)
                .stopTimeout(stopTimeout).profile(profile)
                .kafkaHeap(kafkaHeap.equals(profile.defaultKafkaHeap()) ? null : kafkaHeap)
                .cassandraHeap(cassandraHeap.equals(profile.defaultCassandraHeap()) ? null : cassandraHeap)
                .installRedis(installRedis).killOnExit(killOnExit).detach(detach).fresh(fresh).mavenCommand(mavenCommand)
                .progress(progress).durableCommitlog(durableCommitlog);
    }

    /**
     * Builder with the defaults of {@code flowcraft stack up}: profile {@link StackProfile#TEST}, its heaps.
     * Not thread-safe.
     */
    public static final class Builder {
        private Path dataDir = defaultDataDir();
        private StackPorts ports = StackPorts.DEV_DEFAULTS;
        private Path cacheDir = defaultCacheDir();
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private StackProfile profile = StackProfile.TEST;
        private String kafkaHeap;      // null: the profile's default
        private String cassandraHeap;  // null: the profile's default
        private boolean installRedis = true;
        private boolean killOnExit = false;
        private boolean detach = true;
        private boolean fresh = false;
        private String mavenCommand = "mvn";
        private Consumer<String> progress = line -> { };
        private boolean durableCommitlog = false;

        public Builder dataDir(Path v) { this.dataDir = v; return this; }
        public Builder ports(StackPorts v) { this.ports = v; return this; }
        public Builder cacheDir(Path v) { this.cacheDir = v; return this; }
        public Builder startTimeout(Duration v) { this.startTimeout = v; return this; }
        public Builder stopTimeout(Duration v) { this.stopTimeout = v; return this; }
        /** How the JVM servers are tuned; heaps not set explicitly follow the profile. */
        public Builder profile(StackProfile v) { this.profile = v; return this; }
        /** Kafka's heap; null (the default) for the profile's. */
        public Builder kafkaHeap(String v) { this.kafkaHeap = v; return this; }
        /** Cassandra's heap; null (the default) for the profile's. */
        public Builder cassandraHeap(String v) { this.cassandraHeap = v; return this; }
        public Builder installRedis(boolean v) { this.installRedis = v; return this; }
        public Builder killOnExit(boolean v) { this.killOnExit = v; return this; }
        public Builder detach(boolean v) { this.detach = v; return this; }
        public Builder fresh(boolean v) { this.fresh = v; return this; }
        public Builder mavenCommand(String v) { this.mavenCommand = v; return this; }
        public Builder progress(Consumer<String> v) { this.progress = v; return this; }
        /** Cassandra acknowledges writes only once they are synced to its commit log (default false). */
        public Builder durableCommitlog(boolean v) { this.durableCommitlog = v; return this; }

        public StackOptions build() {
            return new StackOptions(dataDir, ports, cacheDir, startTimeout, stopTimeout, profile, kafkaHeap, cassandraHeap,
                    installRedis, killOnExit, detach, fresh, mavenCommand, progress, durableCommitlog);
        }
    }
}
