package dev.flowcraft.testing;

import dev.flowcraft.runtime.RunResult;

/** What {@link RunTrace#runWithTrace} returns: the run's result and the events it emitted. Immutable holder. */
public record TracedRun(RunResult result, InMemoryEventLogger events) {}
