package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Sessions to the test stack's Cassandra, and one keyspace shared by all Cassandra test classes of the JVM.
 * Creating the schema costs seconds (one schema change per table), so it is created once, on first use, under
 * a name unique to this run, and dropped when the JVM exits. Test classes keep to their own tables or use
 * unique keys, and truncate what they need emptied. Thread-safe.
 */
final class CassandraTestSession {

  private static CassandraOptions shared;

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

  /** Options naming the shared keyspace, created with all tables on first call. */
  static synchronized CassandraOptions sharedKeyspace(TestStack stack) {
    if (shared == null) {
      CassandraOptions options = CassandraOptions.builder().keyspace(stack.uniqueName("fc")).build();
      CqlSession admin = open(stack);
      CassandraSchema.create(admin, options);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (admin) {
          admin.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + options.keyspace())
              .setTimeout(Duration.ofSeconds(60)));
        } catch (RuntimeException e) {
          System.err.println("Could not drop test keyspace " + options.keyspace() + ": " + e);
        }
      }, "drop-" + options.keyspace()));
      shared = options;
    }
    return shared;
  }

  static void truncate(CqlSession session, CassandraOptions o, String... tables) {
    for (String t : tables) {
      session.execute(SimpleStatement.newInstance("TRUNCATE " + CassandraSchema.table(o, t))
          .setTimeout(Duration.ofSeconds(60)));
    }
  }
}
