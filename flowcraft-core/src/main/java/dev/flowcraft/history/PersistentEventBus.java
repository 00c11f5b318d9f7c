package dev.flowcraft.history;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.spi.EventStore;
import java.util.Objects;

/**
 * An {@link EventBus} that appends every event to an {@link EventStore} under its run id (Flowcraft's
 * {@code PersistentEventBusAdapter}), so a run can later be replayed. Events without a run id (none of this
 * engine's, but a custom emitter may) are filed under {@value #UNKNOWN_RUN}, where replay never looks.
 *
 * <p>Thread-safe if the store is. Register it with {@code FlowRuntime.Builder#eventBus}; the runtime emits a
 * run's events in the order its steps happen, and the store keeps that order.
 */
public final class PersistentEventBus implements EventBus {
  public static final String UNKNOWN_RUN = "unknown";

  private final EventStore store;

  public PersistentEventBus(EventStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public EventStore store() {
    return store;
  }

  @Override
  public void emit(FlowcraftEvent event) {
    store.append(event.runId() == null ? UNKNOWN_RUN : event.runId(), event);
  }
}
