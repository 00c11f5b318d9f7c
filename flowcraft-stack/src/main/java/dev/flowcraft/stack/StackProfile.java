package dev.flowcraft.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the JVM servers (Kafka, Cassandra) of a stack are tuned. Redis is the same in every profile.
 *
 * <ul>
 *   <li>{@link #TEST} (default): fastest start and smallest RSS for tests: Serial GC, C1 only
 *       ({@code -XX:TieredStopAtLevel=1}), Kafka {@code -Xms64m -Xmx256m}, Cassandra {@code -Xms512m -Xmx512m},
 *       Cassandra's key and counter caches off.</li>
 *   <li>{@link #THROUGHPUT}: for benchmarks: C2 (default tiered compilation), G1 GC with the settings the
 *       servers ship with (Kafka's {@code kafka-run-class.sh}, Cassandra 5.0's {@code jvm17-server.options}),
 *       Kafka {@code -Xms1g -Xmx1g}, Cassandra {@code -Xms2g -Xmx2g}, Cassandra's caches at their defaults.</li>
 * </ul>
 *
 * The profile is put on the JVM's command line ({@link #PROPERTY}), so the profile of a running server can be
 * read back from {@code /proc} ({@link #ofCommandLine(String)}).
 */
public enum StackProfile {
    TEST("256m", "512m", "Serial GC, C1 only"),
    THROUGHPUT("1g", "2g", "G1 GC, C2");

    /** Exported by {@code stack up} with the profile's id, e.g. for a benchmark to label its results. */
    public static final String ENV = "FLOWCRAFT_STACK_PROFILE";

    /** System property that marks a server JVM with its profile, e.g. {@code -Dflowcraft.stack.profile=test}. */
    public static final String PROPERTY = "-Dflowcraft.stack.profile=";

    private static final Pattern PROFILE_IN_CMDLINE = Pattern.compile(Pattern.quote(PROPERTY) + "(\\S+)");
    private static final Pattern XMX_IN_CMDLINE = Pattern.compile("(?:^|\\s)-Xmx(\\S+)");
    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgGtT]?");

    private final String defaultKafkaHeap;
    private final String defaultCassandraHeap;
    private final String summary;

    StackProfile(String defaultKafkaHeap, String defaultCassandraHeap, String summary) {
        this.defaultKafkaHeap = defaultKafkaHeap;
        this.defaultCassandraHeap = defaultCassandraHeap;
        this.summary = summary;
    }

    /** Lower-case name used by the CLI ({@code --profile throughput}) and in the state file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kafka's heap unless one is given, e.g. {@code 256m}. */
    public String defaultKafkaHeap() {
        return defaultKafkaHeap;
    }

    /** Cassandra's heap unless one is given, e.g. {@code 512m}. */
    public String defaultCassandraHeap() {
        return defaultCassandraHeap;
    }

    /** Short human-readable description, e.g. {@code G1 GC, C2}. */
    public String summary() {
        return summary;
    }

    /** Parses a CLI name such as {@code throughput} (case-insensitive); the message lists the valid names. */
    public static StackProfile fromId(String id) {
        for (StackProfile p : values()) {
            if (p.id().equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown profile '" + id + "'; expected one of " + ids());
    }

    /** {@code test, throughput}. */
    public static String ids() {
        return Arrays.stream(values()).map(StackProfile::id).collect(Collectors.joining(", "));
    }

    /**
     * Heap, GC and JIT flags of the Kafka JVM (the rest of its command line is the same in every profile).
     *
     * @param heap {@code -Xmx}, e.g. {@code 1g}; in {@link #THROUGHPUT} also {@code -Xms}
     */
    public List<String> kafkaJvmFlags(String heap) {
        requireHeapSize(heap, "Kafka heap");
        List<String> flags = new ArrayList<>();
        switch (this) {
            // Serial GC + C1 only: a single-node test broker needs little, this halves RSS and start time.
            case TEST -> flags.addAll(List.of("-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            // What kafka-server-start.sh / kafka-run-class.sh use (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS).
            case THROUGHPUT -> flags.addAll(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent"));
        }
        flags.add("-XX:+ExitOnOutOfMemoryError");
        flags.add(PROPERTY + id());
        return flags;
    }

    /**
     * Heap, GC and JIT flags of the Cassandra JVM (the rest of its command line is the same in every profile).
     *
     * @param heap {@code -Xms} and {@code -Xmx}, e.g. {@code 2g}
     */
    public List<String> cassandraJvmFlags(String heap) {
        requireHeapSize(heap, "Cassandra heap");
        List<String> flags = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        switch (this) {
            // Serial GC + C1: fastest start and smallest RSS for a single test node.
            case TEST -> flags.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            // The G1 settings of Cassandra 5.0's conf/jvm17-server.options, without its
            // InitiatingHeapOccupancyPercent=70, which it recommends for heaps of 16 GB and more.
            case THROUGHPUT -> flags.addAll(List.of("-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled",
                    "-XX:MaxTenuringThreshold=1", "-XX:G1HeapRegionSize=16m", "-XX:G1RSetUpdatingPauseTimePercent=5",
                    "-XX:MaxGCPauseMillis=300"));
        }
        flags.add("-XX:+ExitOnOutOfMemoryError");
        flags.add(PROPERTY + id());
        return flags;
    }

    /**
     * cassandra.yaml lines for the caches: off in {@link #TEST} (saves heap in a 512 MB node), absent in
     * {@link #THROUGHPUT} so Cassandra's defaults apply (key cache min(5% of heap, 100 MiB)).
     */
    String cassandraCacheYaml() {
        return switch (this) {
            case TEST -> "key_cache_size: 0MiB\ncounter_cache_size: 0MiB\n";
            case THROUGHPUT -> "";
        };
    }

    /**
     * The profile a server JVM was started with, read from its command line. A JVM server without the
     * {@link #PROPERTY} marker was started before profiles existed, with the {@link #TEST} flags; empty if the
     * marker names a profile this version does not know.
     */
    public static Optional<StackProfile> ofCommandLine(String cmdline) {
        Matcher m = PROFILE_IN_CMDLINE.matcher(cmdline);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        if (found == null) {
            return Optional.of(TEST);
        }
        for (StackProfile p : values()) {
            if (p.id().equals(found)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The last {@code -Xmx} of a command line (the one the JVM uses), if any. */
    public static Optional<String> heapOfCommandLine(String cmdline) {
        Matcher m = XMX_IN_CMDLINE.matcher(cmdline);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }

    /** A heap size such as {@code 512m} or {@code 2G} in bytes, to compare {@code 1g} with {@code 1024m}. */
    static long heapBytes(String heap) {
        requireHeapSize(heap, "heap");
        char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? heap : heap.substring(0, heap.length() - 1);
        return Long.parseLong(digits) << shift;
    }

    /** True if both are the same size, e.g. {@code 1g} and {@code 1024m}. */
    static boolean sameHeap(String a, String b) {
        try {
            return heapBytes(a) == heapBytes(b);
        } catch (IllegalArgumentException e) { // not a size we parse (or too large): compare the text
            return a.equalsIgnoreCase(b);
        }
    }

    /** Rejects what {@code -Xmx} would not take, so a typo fails before anything is launched. */
    static String requireHeapSize(String heap, String what) {
        if (heap == null || !HEAP_SIZE.matcher(heap).matches()) {
            throw new IllegalArgumentException(what + " '" + heap + "' is not a JVM heap size such as 512m or 2g");
        }
        return heap;
    }
}
