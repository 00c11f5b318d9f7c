package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionInfoTest {

    @Test
    void localSettingsAsExportLinesAndFlags() {
        ConnectionInfo info = ConnectionInfo.local(StackPorts.DEV_DEFAULTS);
        assertThat(info.exportLines()).containsExactly(
                "export FLOWCRAFT_KAFKA_BOOTSTRAP=127.0.0.1:19092",
                "export FLOWCRAFT_CASSANDRA_CONTACT=127.0.0.1:19042",
                "export FLOWCRAFT_CASSANDRA_DC=datacenter1",
                "export FLOWCRAFT_REDIS_URI=redis://127.0.0.1:16379");
        assertThat(info.flags()).contains("--kafka-bootstrap=127.0.0.1:19092", "--redis-uri=redis://127.0.0.1:16379");
        assertThat(info.cassandraHost()).isEqualTo("127.0.0.1");
        assertThat(info.cassandraPort()).isEqualTo(19042);
    }

    @Test
    void fromEnvIsEmptyWithoutVariablesAndRoundTrips() {
        assertThat(ConnectionInfo.fromEnv(Map.of())).isEmpty();
        ConnectionInfo info = ConnectionInfo.local(StackPorts.TEST_DEFAULTS);
        assertThat(ConnectionInfo.fromEnv(info.toEnv())).contains(info);
    }

    @Test
    void partialEnvironmentIsAnError() {
        assertThatThrownBy(() -> ConnectionInfo.fromEnv(Map.of("FLOWCRAFT_KAFKA_BOOTSTRAP", "h:1")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("FLOWCRAFT_CASSANDRA_CONTACT").hasMessageContaining("FLOWCRAFT_REDIS_URI");
    }

    @Test
    void portsMustBeDistinct() {
        assertThatThrownBy(() -> StackPorts.DEV_DEFAULTS.withRedis(19092))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19092");
        assertThatThrownBy(() -> StackPorts.DEV_DEFAULTS.withRedis(17001))
                .hasMessageContaining("17001"); // storage port + 1 is Cassandra's SSL storage port
    }
}
