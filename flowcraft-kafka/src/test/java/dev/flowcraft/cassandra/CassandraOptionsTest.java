package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CassandraOptionsTest {

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
    assertThatThrownBy(() -> CassandraOptions.builder().finalIndexTtl(java.time.Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalIndexTtl");
    assertThat(CassandraOptions.defaults().toBuilder().build()).isEqualTo(CassandraOptions.defaults());
    assertThat(CassandraOptions.defaults().webhooksTable()).isEqualTo("flowcraft_webhooks");
    assertThat(CassandraOptions.defaults().webhookTtl()).isEqualTo(java.time.Duration.ofDays(7));
    assertThatThrownBy(() -> CassandraOptions.builder().webhooksTable("hooks!").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhooks table");
    assertThatThrownBy(() -> CassandraOptions.builder().webhookTtl(java.time.Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhookTtl");
    assertThatThrownBy(() -> CassandraOptions.builder().statusBuckets(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statusBuckets");
    assertThatThrownBy(() -> CassandraOptions.builder().statusPeriod(java.time.Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statusPeriod");
    assertThatThrownBy(() -> CassandraOptions.builder().statusPeriodsTable("flowcraft_runs_by_status").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("used twice");
    assertThat(CassandraOptions.defaults().statusPeriod()).isEqualTo(java.time.Duration.ofMinutes(10));
  }

  @Test
  void schemaTextUsesTheConfiguredNames() {
    CassandraOptions o = CassandraOptions.builder().keyspace("ks1").contextTable("ctx").replicationFactor(3).build();
    String all = CassandraSchema.cql(o);
    assertThat(all).contains("CREATE KEYSPACE IF NOT EXISTS ks1", "'replication_factor': 3",
        "CREATE TABLE IF NOT EXISTS ks1.ctx", "PRIMARY KEY ((run_id), kind, key)", "status text static",
        "PRIMARY KEY ((status, bucket, period), updated_at, run_id)", "PRIMARY KEY ((status, bucket), period)",
        "CREATE TABLE IF NOT EXISTS ks1.flowcraft_status_periods", "PRIMARY KEY ((shard, bucket), due_at, timer_id)",
        "CREATE TABLE IF NOT EXISTS ks1.flowcraft_timer_watermarks")
        .doesNotContain("ALLOW FILTERING");
    assertThat(CassandraSchema.cql(CassandraOptions.builder().datacenter("dc1").build()))
        .contains("'NetworkTopologyStrategy', 'dc1': 1");
  }

  @Test
  void dataCenterNamesLikeUsEast1AreAccepted() {
    for (String dc : java.util.List.of("us-east-1", "dc1", "eu-west.2", "DC_3")) {
      assertThat(CassandraSchema.cql(CassandraOptions.builder().datacenter(dc).build()))
          .contains("'NetworkTopologyStrategy', '" + dc + "': 1");
    }
    for (String bad : java.util.List.of("", "x' : 1}; DROP KEYSPACE k; --", "a b", "-dc", "dc\n1")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> CassandraOptions.builder().datacenter(bad).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("us-east-1");
    }
  }

  @Test
  void theScriptEndsEveryStatementWithASemicolon() {
    String script = CassandraSchema.cql(CassandraOptions.defaults());
    assertThat(script.split(";\n")).hasSize(CassandraSchema.statements(CassandraOptions.defaults()).size());
    assertThat(script).contains("CREATE TABLE IF NOT EXISTS flowcraft.flowcraft_runs_by_status");
  }
}
