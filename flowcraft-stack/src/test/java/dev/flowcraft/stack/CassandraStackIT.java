package dev.flowcraft.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@FlowcraftStackTest
class CassandraStackIT {

    /** Schema changes on a fresh node take ~2 s with driver defaults; these settings make them ~0.4 s. */
    static CqlSession session(TestStack stack) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_INTERVAL, Duration.ofMillis(20))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder()
                .addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.cassandraDc())
                .withConfigLoader(config)
                .build();
    }

    @Test
    void writesReadsAndRunsALightweightTransaction(TestStack stack) {
        String ks = stack.uniqueName("ks");
        try (CqlSession session = session(stack)) {
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .startsWith("5.0");
            session.execute("CREATE KEYSPACE " + ks
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE " + ks + ".jobs (id text PRIMARY KEY, state text, version int)");

            session.execute("INSERT INTO " + ks + ".jobs (id, state, version) VALUES ('a', 'NEW', 1)");
            Row row = session.execute("SELECT state, version FROM " + ks + ".jobs WHERE id = 'a'").one();
            assertThat(row).isNotNull();
            assertThat(row.getString("state")).isEqualTo("NEW");

            ResultSet first = session.execute(
                    "INSERT INTO " + ks + ".jobs (id, state, version) VALUES ('b', 'NEW', 1) IF NOT EXISTS");
            assertThat(first.wasApplied()).isTrue();
            ResultSet again = session.execute(
                    "INSERT INTO " + ks + ".jobs (id, state, version) VALUES ('b', 'OTHER', 1) IF NOT EXISTS");
            assertThat(again.wasApplied()).isFalse();
            assertThat(again.one().getString("state")).isEqualTo("NEW");

            ResultSet cas = session.execute(
                    "UPDATE " + ks + ".jobs SET state = 'RUNNING', version = 2 WHERE id = 'b' IF version = 1");
            assertThat(cas.wasApplied()).isTrue();
            ResultSet stale = session.execute(
                    "UPDATE " + ks + ".jobs SET state = 'LOST' WHERE id = 'b' IF version = 1");
            assertThat(stale.wasApplied()).isFalse();
            assertThat(session.execute("SELECT state FROM " + ks + ".jobs WHERE id = 'b'").one().getString(0))
                    .isEqualTo("RUNNING");
        }
    }
}
