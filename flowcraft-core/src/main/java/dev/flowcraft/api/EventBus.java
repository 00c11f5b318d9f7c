package dev.flowcraft.api;

/**
 * Receives the engine's events. Called from worker threads, possibly concurrently, so implementations
 * must be thread-safe. Exceptions are logged and never fail a node or a run.
 */
@FunctionalInterface
public interface EventBus {

  void emit(FlowcraftEvent event);

  EventBus NONE = e -> {};
}
