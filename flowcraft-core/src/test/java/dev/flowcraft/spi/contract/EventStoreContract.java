package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.spi.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link EventStore}. Extend it with {@link #createStore()} returning a fresh, empty store. */
public abstract class EventStoreContract {

  protected abstract EventStore createStore();

  protected EventStore store;
  protected String runA;
  protected String runB;

  @BeforeEach
  void setUpStore() {
    store = createStore();
    String ns = UUID.randomUUID().toString().substring(0, 8);
    runA = "runA-" + ns;
    runB = "runB-" + ns;
  }

  private FlowcraftEvent change(String runId, String key, Object value) {
    return new FlowcraftEvent.ContextChange(runId, "bp", "n", key, "set", value);
  }

  @Test
  void readsBackOneRunsEventsInAppendOrder() {
    List<FlowcraftEvent> a = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      FlowcraftEvent e = change(runA, "k" + i, i);
      a.add(e);
      store.append(runA, e);
      store.append(runB, change(runB, "other" + i, i));
    }
    assertThat(store.read(runA)).containsExactlyElementsOf(a);
    assertThat(store.read(runB)).hasSize(50).allMatch(e -> e.runId().equals(runB));
  }

  @Test
  void unknownRunIsEmpty() {
    assertThat(store.read("nobody-" + runA)).isEmpty();
    assertThat(store.readAll(List.of("nobody-" + runA))).isEmpty();
  }

  @Test
  void readAllReturnsEachRunSeparately() {
    store.append(runA, new FlowcraftEvent.WorkflowStart(runA, "bp"));
    store.append(runB, new FlowcraftEvent.WorkflowStart(runB, "bp"));
    store.append(runB, change(runB, "x", 1));
    assertThat(store.readAll(List.of(runA, runB))).containsOnlyKeys(runA, runB);
    assertThat(store.readAll(List.of(runA, runB)).get(runB)).hasSize(2);
  }

  @Test
  void concurrentAppendsToOneRunAreAllKept() {
    Concurrently.run(8, i -> () -> {
      for (int j = 0; j < 100; j++) {
        store.append(runA, change(runA, i + ":" + j, j));
      }
      return null;
    });
    assertThat(store.read(runA)).hasSize(800);
  }

  @Test
  void readIsASnapshot() {
    store.append(runA, change(runA, "x", 1));
    List<FlowcraftEvent> before = store.read(runA);
    store.append(runA, change(runA, "y", 2));
    assertThat(before).hasSize(1);
  }
}
