/**
 * Run history: the {@link dev.flowcraft.history.PersistentEventBus} that records a run's events in a
 * {@link dev.flowcraft.spi.EventStore}, and {@link dev.flowcraft.history.Replay}, which rebuilds a run's
 * context from those events without running anything.
 */
package dev.flowcraft.history;
