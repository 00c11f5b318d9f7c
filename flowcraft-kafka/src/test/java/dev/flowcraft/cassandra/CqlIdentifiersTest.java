package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CqlIdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "flowcraft", "Flowcraft_Context", "t1", "a_b_c_123",
      "a23456789012345678901234567890123456789012345678"})
  void acceptsPlainIdentifiers(String name) {
    assertThat(CqlIdentifiers.require("table", name)).isEqualTo(name);
    assertThat(CqlIdentifiers.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "_abc", "a-b", "a b", "a.b", "ks;DROP KEYSPACE x", "\"quoted\"", "tä",
      "a234567890123456789012345678901234567890123456789"})
  void rejectsAnythingElseWithAMessageSayingWhatIsAllowed(String name) {
    assertThat(CqlIdentifiers.isValid(name)).isFalse();
    assertThatThrownBy(() -> CqlIdentifiers.require("keyspace", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyspace")
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("letters, digits and underscores")
        .hasMessageContaining("starting with a letter");
  }

  @Test
  void rejectsNull() {
    assertThat(CqlIdentifiers.isValid(null)).isFalse();
    assertThatThrownBy(() -> CqlIdentifiers.require("table", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
  }

  @Test
  void optionsValidateEveryName() {
    assertThat(CassandraOptions.defaults().keyspace()).isEqualTo("flowcraft");
    assertThat(CassandraOptions.defaults().contextTable()).isEqualTo("flowcraft_context");
    assertThatThrownBy(() -> CassandraOptions.builder().keyspace("my-ks").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyspace").hasMessageContaining("my-ks");
    assertThatThrownBy(() -> CassandraOptions.builder().statusIndexTable("x;y").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status index table");
    assertThatThrownBy(() -> CassandraOptions.builder().timersTable("flowcraft_context").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("used twice");
    assertThatThrownBy(() -> CassandraOptions.builder().statusBuckets(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statusBuckets");
  }

  @Test
  void schemaTextUsesTheConfiguredNames() {
    CassandraOptions o = CassandraOptions.builder().keyspace("ks1").contextTable("ctx").replicationFactor(3).build();
    String all = String.join(";\n", CassandraSchema.cql(o));
    assertThat(all).contains("CREATE KEYSPACE IF NOT EXISTS ks1", "'replication_factor': 3",
        "CREATE TABLE IF NOT EXISTS ks1.ctx", "PRIMARY KEY ((run_id), kind, key)", "status text static",
        "PRIMARY KEY ((status, bucket), updated_at, run_id)", "PRIMARY KEY ((shard), due_at, timer_id)")
        .doesNotContain("ALLOW FILTERING");
    assertThat(String.join("\n", CassandraSchema.cql(CassandraOptions.builder().datacenter("dc1").build())))
        .contains("'NetworkTopologyStrategy', 'dc1': 1");
  }
}
