package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the Cassandra stores. */
final class Cql {

  private Cql() {}

  /** Prepares a statement once, with the consistency its bound statements inherit. */
  static PreparedStatement prepare(CqlSession session, CassandraOptions o, String cql) {
    return session.prepare(SimpleStatement.builder(cql)
        .setConsistencyLevel(o.consistency())
        .setSerialConsistencyLevel(o.serialConsistency())
        .build());
  }

  /** Waits for an async result, rethrowing the driver's exception rather than a wrapper. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Clustering columns cannot hold null: a missing time sorts first. */
  static Instant orEpoch(Instant t) {
    return t == null ? Instant.EPOCH : t;
  }

  /** Cassandra timestamps keep milliseconds. */
  static Instant millis(Instant t) {
    return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
  }

  /** A write timestamp from the wall clock, in microseconds like the driver's. */
  static long nowMicros() {
    return micros(Instant.now());
  }

  /** An instant as a write timestamp (microseconds since the epoch). */
  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  static int bucket(String key, int buckets) {
    return Math.floorMod(key.hashCode(), buckets);
  }
}
