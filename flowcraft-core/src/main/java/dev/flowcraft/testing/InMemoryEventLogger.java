package dev.flowcraft.testing;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link EventBus} that records every event, for tests and debugging (Flowcraft's
 * {@code InMemoryEventLogger}). Register it with {@code FlowRuntime.Builder#eventBus}; read it with
 * {@link #events()}, {@link #find}, {@link #filter} or print it with {@link #printLog}.
 *
 * <p>Thread-safe: the engine emits from worker threads; readers get snapshots in emission order.
 */
public final class InMemoryEventLogger implements EventBus {

  private final List<FlowcraftEvent> events = new ArrayList<>();

  @Override
  public synchronized void emit(FlowcraftEvent event) {
    events.add(event);
  }

  /** A snapshot of the events recorded so far, oldest first. */
  public synchronized List<FlowcraftEvent> events() {
    return List.copyOf(events);
  }

  public synchronized void clear() {
    events.clear();
  }

  /** The first event of a Flowcraft type name (e.g. {@code node:finish}). */
  public Optional<FlowcraftEvent> find(String type) {
    return events().stream().filter(e -> e.type().equals(type)).findFirst();
  }

  /** The first event of a Java type (e.g. {@code FlowcraftEvent.NodeFinish.class}). */
  public <T extends FlowcraftEvent> Optional<T> find(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Every event of a Flowcraft type name, oldest first. */
  public List<FlowcraftEvent> filter(String type) {
    return events().stream().filter(e -> e.type().equals(type)).toList();
  }

  /** Every event of a Java type, oldest first. */
  public <T extends FlowcraftEvent> List<T> filter(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The events of one run, oldest first (a runtime shared by several runs reports them all here). */
  public List<FlowcraftEvent> forRun(String runId) {
    return events().stream().filter(e -> runId.equals(e.runId())).toList();
  }

  /** Prints every recorded event, one numbered line each. */
  public void printLog(PrintStream out) {
    print(events(), out);
  }

  /** Prints the events of one run, one numbered line each. */
  public void printLog(String runId, PrintStream out) {
    print(forRun(runId), out);
  }

  private static void print(List<FlowcraftEvent> list, PrintStream out) {
    out.println("--- flowcraft event log (" + list.size() + " events) ---");
    for (int i = 0; i < list.size(); i++) {
      FlowcraftEvent e = list.get(i);
      out.printf("[%03d] %-16s %s%n", i, e.type(), e);
    }
    out.println("--- end of event log ---");
  }
}
