package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Opens a session to the test stack's Cassandra and creates a keyspace of the calling test class. */
final class CassandraTestSession {

  private CassandraTestSession() {}

  static CqlSession open(TestStack stack) {
    return open(stack, b -> b);
  }

  static CqlSession open(TestStack stack, UnaryOperator<CqlSessionBuilder> customize) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
        .build();
    return customize.apply(CqlSession.builder()
        .addContactPoint(stack.cassandraAddress())
        .withLocalDatacenter(stack.cassandraDc())
        .withConfigLoader(config)).build();
  }

  /** Options with a keyspace unique to this class and run, created with all tables. */
  static CassandraOptions createKeyspace(CqlSession session, TestStack stack) {
    CassandraOptions options = CassandraOptions.builder().keyspace(stack.uniqueName("fc")).build();
    CassandraSchema.create(session, options);
    return options;
  }

  static void truncate(CqlSession session, CassandraOptions o, String... tables) {
    for (String t : tables) {
      session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
          .newInstance("TRUNCATE " + CassandraSchema.table(o, t)).setTimeout(Duration.ofSeconds(60)));
    }
  }

  static void drop(CqlSession session, CassandraOptions o) {
    if (session != null && o != null) {
      session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
          .newInstance("DROP KEYSPACE IF EXISTS " + o.keyspace()).setTimeout(Duration.ofSeconds(60)));
    }
  }
}
