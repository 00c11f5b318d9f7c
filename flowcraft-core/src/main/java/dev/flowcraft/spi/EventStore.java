package dev.flowcraft.spi;

import dev.flowcraft.api.FlowcraftEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The history of runs: every event a run emitted, per run, in emission order (Flowcraft's {@code IEventStore}).
 * It is what {@code replay} and {@code replayFrom} rebuild a run from, so it is kept apart from the
 * {@link RunStateStore}, which only holds a run's latest state. Implementations are thread-safe; events of
 * one run are appended by one bus in emission order and read back in that order.
 */
public interface EventStore {

  /** Appends one event to the history of {@code runId}. */
  void append(String runId, FlowcraftEvent event);

  /** The events of a run, oldest first; empty for an unknown run. */
  List<FlowcraftEvent> read(String runId);

  /** The events of several runs (e.g. a run and its subflow runs), each list oldest first; unknown runs are absent. */
  Map<String, List<FlowcraftEvent>> readAll(Collection<String> runIds);
}
