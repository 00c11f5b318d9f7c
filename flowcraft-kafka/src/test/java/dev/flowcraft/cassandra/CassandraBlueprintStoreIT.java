package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.BlueprintStore;
import dev.flowcraft.spi.contract.BlueprintStoreContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlueprintStoreContract} against a real Cassandra. Blueprint ids are unique per test, so the shared
 * keyspace needs no cleanup; every store is new, so its cache starts empty.
 */
@FlowcraftStackTest
class CassandraBlueprintStoreIT extends BlueprintStoreContract {

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
  protected BlueprintStore createStore() {
    return new CassandraBlueprintStore(session, options);
  }

  @Test
  void anotherStoreInstanceReadsWhatOneStored() {
    // a worker in another process has an empty cache: it must read from Cassandra
    Blueprint bp = rich();
    String ref = store.put(bp);
    assertThat(createStore().get(ref)).contains(bp);
    assertThat(createStore().get(simple("9", Map.of()).id() + "@9#0000000000000000")).isEmpty();
  }

  @Test
  void refsMatchTheInMemoryStore() {
    Blueprint bp = rich();
    assertThat(store.put(bp)).isEqualTo(new dev.flowcraft.memory.InMemoryBlueprintStore().put(bp));
  }
}
