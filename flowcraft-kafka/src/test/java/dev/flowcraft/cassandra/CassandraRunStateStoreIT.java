package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.contract.RunStateStoreContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link RunStateStoreContract} against a real Cassandra. A keyspace shared by the Cassandra ITs; run ids are unique per
 * test, so only the status index (the one thing shared by all runs) is truncated per test.
 */
@FlowcraftStackTest
class CassandraRunStateStoreIT extends RunStateStoreContract {

  private static CqlSession session;
  private static CassandraOptions options;

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack);
    options = CassandraTestSession.sharedKeyspace(stack);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  @Override
  protected RunStateStore createStore() {
    CassandraTestSession.truncate(session, options, options.statusIndexTable());
    return new CassandraRunStateStore(session, options);
  }
}
