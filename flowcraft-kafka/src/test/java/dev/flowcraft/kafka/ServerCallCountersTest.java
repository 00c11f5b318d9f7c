package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.junit.jupiter.api.Test;

class ServerCallCountersTest {

  @Test
  void lwtIsAWriteWithAnIfClause() {
    assertThat(ServerCallCounters.isLwt("INSERT INTO ks.t (a) VALUES (?) IF NOT EXISTS")).isTrue();
    assertThat(ServerCallCounters.isLwt("UPDATE ks.t SET a = ? WHERE k = ?\n IF version = ?")).isTrue();
    assertThat(ServerCallCounters.isLwt("delete from t where k = ? if exists")).isTrue();
    assertThat(ServerCallCounters.isLwt("INSERT INTO ks.t (a) VALUES (?)")).isFalse();
    assertThat(ServerCallCounters.isLwt("SELECT a FROM t WHERE k = ?")).isFalse();
    assertThat(ServerCallCounters.isLwt("CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY)")).isFalse();
    assertThat(ServerCallCounters.isLwt((String) null)).isFalse();
  }

  @Test
  void aBatchIsLwtIfOneOfItsStatementsIs() {
    BatchStatement plain = BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
        SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)"));
    BatchStatement conditional = plain.add(SimpleStatement.newInstance("UPDATE t SET a = 1 WHERE k = 1 IF a = 0"));
    assertThat(ServerCallCounters.isLwt(plain)).isFalse();
    assertThat(ServerCallCounters.isLwt(conditional)).isTrue();
    assertThat(ServerCallCounters.isLwt(SimpleStatement.newInstance("SELECT * FROM t"))).isFalse();
  }

  @Test
  void describesStatementsByTheirHead() {
    assertThat(ServerCallCounters.describe(SimpleStatement.newInstance("SELECT a, b\n FROM ks.t WHERE run_id = ?")))
        .isEqualTo("SELECT FROM ks.t WHERE run_id = ?");
    assertThat(ServerCallCounters.describe(SimpleStatement.newInstance("UPDATE ks.t USING TIMESTAMP ? SET a = ? WHERE k = ?")))
        .isEqualTo("UPDATE ks.t");
    assertThat(ServerCallCounters.describe(BatchStatement.newInstance(DefaultBatchType.LOGGED,
        SimpleStatement.newInstance("INSERT INTO ks.t (a) VALUES (1)"))))
        .isEqualTo("BATCH [INSERT INTO ks.t]");
  }
}
