package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackOptionsTest {

    @Test
    void theBuilderDefaultsToTheTestProfileAndItsHeaps() {
        StackOptions o = StackOptions.builder().build();
        assertThat(o.profile()).isEqualTo(StackProfile.TEST);
        assertThat(o.kafkaHeap()).isEqualTo("256m");
        assertThat(o.cassandraHeap()).isEqualTo("512m");
        assertThat(o.heapOf(Server.KAFKA)).contains("256m");
        assertThat(o.heapOf(Server.REDIS)).isEmpty();
        // explicit heaps as before profiles
        StackOptions custom = StackOptions.builder().kafkaHeap("384m").cassandraHeap("1g").build();
        assertThat(custom.kafkaHeap()).isEqualTo("384m");
        assertThat(custom.cassandraHeap()).isEqualTo("1g");
    }

    @Test
    void theThroughputProfileBringsItsHeapsUnlessOthersAreGiven() {
        StackOptions o = StackOptions.builder().profile(StackProfile.THROUGHPUT).build();
        assertThat(o.kafkaHeap()).isEqualTo("1g");
        assertThat(o.cassandraHeap()).isEqualTo("2g");
        StackOptions custom = StackOptions.builder().profile(StackProfile.THROUGHPUT).cassandraHeap("3g").build();
        assertThat(custom.kafkaHeap()).isEqualTo("1g");
        assertThat(custom.cassandraHeap()).isEqualTo("3g");
        assertThat(StackOptions.builder().profile(null).build().profile()).isEqualTo(StackProfile.TEST);
    }

    @Test
    void toBuilderKeepsExplicitHeapsButFollowsANewProfilesDefaults() {
        StackOptions test = StackOptions.builder().dataDir(Path.of("/tmp/x")).build();
        assertThat(test.toBuilder().build()).isEqualTo(test);
        StackOptions throughput = test.toBuilder().profile(StackProfile.THROUGHPUT).build();
        assertThat(throughput.kafkaHeap()).isEqualTo("1g");
        assertThat(throughput.cassandraHeap()).isEqualTo("2g");
        assertThat(throughput.dataDir()).isEqualTo(Path.of("/tmp/x"));
        StackOptions custom = StackOptions.builder().kafkaHeap("300m").build().toBuilder()
                .profile(StackProfile.THROUGHPUT).build();
        assertThat(custom.kafkaHeap()).isEqualTo("300m");
        assertThat(custom.cassandraHeap()).isEqualTo("2g");
    }

    @Test
    void theConstructorFromBeforeProfilesMeansTheTestProfile() {
        StackOptions o = new StackOptions(Path.of("/tmp/x"), StackPorts.DEV_DEFAULTS, Path.of("/tmp/c"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), "256m", "512m", false, false, true, false, "mvn", l -> { });
        assertThat(o.profile()).isEqualTo(StackProfile.TEST);
        assertThat(o.kafkaHeap()).isEqualTo("256m");
    }

    @Test
    void aHeapThatIsNoJvmSizeIsRejected() {
        assertThatThrownBy(() -> StackOptions.builder().kafkaHeap("1.5g").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kafka heap '1.5g'");
        assertThatThrownBy(() -> StackOptions.builder().cassandraHeap("two gigs").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cassandra heap");
    }
}
