package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which JVM flags each profile produces, and reading a profile back from a command line. */
class StackProfileTest {

    @Test
    void testProfileIsExactlyTheFlagsFromBeforeProfilesPlusTheMarker() {
        assertThat(StackProfile.TEST.kafkaJvmFlags("256m")).containsExactly("-Xms64m", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Dflowcraft.stack.profile=test");
        assertThat(StackProfile.TEST.cassandraJvmFlags("512m")).containsExactly("-Xms512m", "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Dflowcraft.stack.profile=test");
        assertThat(StackProfile.TEST.defaultKafkaHeap()).isEqualTo("256m");
        assertThat(StackProfile.TEST.defaultCassandraHeap()).isEqualTo("512m");
        assertThat(StackProfile.TEST.cassandraCacheYaml()).contains("key_cache_size: 0MiB", "counter_cache_size: 0MiB");
    }

    @Test
    void throughputProfileUsesC2G1AndFixedLargerHeaps() {
        List<String> kafka = StackProfile.THROUGHPUT.kafkaJvmFlags(StackProfile.THROUGHPUT.defaultKafkaHeap());
        List<String> cassandra = StackProfile.THROUGHPUT.cassandraJvmFlags(StackProfile.THROUGHPUT.defaultCassandraHeap());
        assertThat(kafka).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-XX:+ExitOnOutOfMemoryError", "-Dflowcraft.stack.profile=throughput");
        assertThat(cassandra).containsExactly("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled",
                "-XX:MaxTenuringThreshold=1", "-XX:G1HeapRegionSize=16m", "-XX:G1RSetUpdatingPauseTimePercent=5",
                "-XX:MaxGCPauseMillis=300", "-XX:+ExitOnOutOfMemoryError", "-Dflowcraft.stack.profile=throughput");
        for (List<String> flags : List.of(kafka, cassandra)) {
            // C2: tiered compilation left at the JVM default; no Serial GC
            assertThat(flags).noneMatch(f -> f.contains("TieredStopAtLevel") || f.contains("TieredCompilation"))
                    .doesNotContain("-XX:+UseSerialGC");
        }
        assertThat(StackProfile.THROUGHPUT.cassandraCacheYaml()).isEmpty();
    }

    @Test
    void anExplicitHeapReplacesTheProfilesDefault() {
        assertThat(StackProfile.THROUGHPUT.kafkaJvmFlags("3g")).startsWith("-Xms3g", "-Xmx3g");
        assertThat(StackProfile.THROUGHPUT.cassandraJvmFlags("4G")).startsWith("-Xms4G", "-Xmx4G");
        assertThat(StackProfile.TEST.kafkaJvmFlags("1g")).startsWith("-Xms64m", "-Xmx1g");
    }

    @Test
    void heapSizesAreCheckedBeforeAnythingIsLaunched() {
        for (String bad : List.of("", "1.5g", "abc", "-1g", "0", "1gb", "2 g")) {
            assertThatThrownBy(() -> StackProfile.THROUGHPUT.kafkaJvmFlags(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kafka heap");
        }
        assertThat(StackProfile.heapBytes("1g")).isEqualTo(StackProfile.heapBytes("1024m"))
                .isEqualTo(StackProfile.heapBytes("1048576K")).isEqualTo(1L << 30);
        assertThat(StackProfile.heapBytes("2048")).isEqualTo(2048);
        assertThat(StackProfile.sameHeap("2g", "2048M")).isTrue();
        assertThat(StackProfile.sameHeap("256m", "1g")).isFalse();
    }

    @Test
    void idsAreCaseInsensitiveAndAnUnknownOneListsTheValidOnes() {
        assertThat(StackProfile.fromId("throughput")).isEqualTo(StackProfile.THROUGHPUT);
        assertThat(StackProfile.fromId(" Test ")).isEqualTo(StackProfile.TEST);
        assertThatThrownBy(() -> StackProfile.fromId("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'").hasMessageContaining("test, throughput");
    }

    @Test
    void theProfileAndHeapAreReadBackFromACommandLine() {
        String cmd = "/usr/bin/java -Xms1g -Xmx1g -XX:+UseG1GC -Dflowcraft.stack.profile=throughput -cp x kafka.Kafka";
        assertThat(StackProfile.ofCommandLine(cmd)).contains(StackProfile.THROUGHPUT);
        assertThat(StackProfile.heapOfCommandLine(cmd)).contains("1g");
        // started before profiles existed: no marker, the test flags
        assertThat(StackProfile.ofCommandLine("java -Xmx256m -XX:TieredStopAtLevel=1 kafka.Kafka"))
                .contains(StackProfile.TEST);
        // a profile of a newer version
        assertThat(StackProfile.ofCommandLine("java -Dflowcraft.stack.profile=latency kafka.Kafka")).isEmpty();
        // the JVM takes the last -Xmx; -XX:MaxRAM... or a path with -Xmx inside an argument do not count
        assertThat(StackProfile.heapOfCommandLine("java -Xmx256m -Xmx2g -Dx=/a-Xmx9g")).contains("2g");
        assertThat(StackProfile.heapOfCommandLine("redis-server --port 1")).isEmpty();
    }

    /** The flags must be ones this JVM accepts (Kafka runs on the running JVM, Cassandra on a JDK 17). */
    @Test
    void theJvmAcceptsEveryProfilesFlags() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (StackProfile p : StackProfile.values()) {
            for (List<String> flags : List.of(p.kafkaJvmFlags(p.defaultKafkaHeap()),
                    p.cassandraJvmFlags(p.defaultCassandraHeap()))) {
                List<String> cmd = new ArrayList<>(List.of(java));
                cmd.addAll(flags);
                cmd.add("-version");
                Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(proc.getInputStream().readAllBytes());
                assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(proc.exitValue()).as(cmd + "\n" + out).isZero();
                assertThat(out).as(cmd.toString()).doesNotContainIgnoringCase("warning");
            }
        }
    }
}
