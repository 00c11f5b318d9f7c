package dev.flowcraft.memory;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.spi.EventStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link EventStore} in memory: one list per run. Thread-safe: appends to one run are serialised on its list,
 * readers get copies. Unbounded: {@link #remove} forgets a run.
 */
public final class InMemoryEventStore implements EventStore {

  private final Map<String, List<FlowcraftEvent>> runs = new ConcurrentHashMap<>();

  @Override
  public void append(String runId, FlowcraftEvent event) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(event, "event");
    List<FlowcraftEvent> list = runs.computeIfAbsent(runId, k -> new ArrayList<>());
    synchronized (list) {
      list.add(event);
    }
  }

  @Override
  public List<FlowcraftEvent> read(String runId) {
    List<FlowcraftEvent> list = runs.get(runId);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  @Override
  public Map<String, List<FlowcraftEvent>> readAll(Collection<String> runIds) {
    Map<String, List<FlowcraftEvent>> out = new LinkedHashMap<>();
    for (String id : runIds) {
      if (runs.containsKey(id)) {
        out.put(id, read(id));
      }
    }
    return out;
  }

  /** Forgets the history of a run. */
  public void remove(String runId) {
    runs.remove(runId);
  }
}
