package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.spi.TimerStore;
import dev.flowcraft.spi.contract.TimerStoreContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link TimerStoreContract} against a real Cassandra: shared keyspace, timer tables truncated per test. */
@FlowcraftStackTest
class CassandraTimerStoreIT extends TimerStoreContract {

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
  protected TimerStore createStore() {
    CassandraTestSession.truncate(session, options, options.timersTable(), options.timersByIdTable(),
        options.timersByRunTable());
    return new CassandraTimerStore(session, options);
  }
}
