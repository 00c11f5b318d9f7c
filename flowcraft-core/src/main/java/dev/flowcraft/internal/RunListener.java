package dev.flowcraft.internal;

import dev.flowcraft.spi.RunRecord;

/** Told when a run becomes final or awaiting. Called from worker threads. */
@FunctionalInterface
public interface RunListener {
  void onRunSettled(RunRecord run);

  RunListener NONE = r -> {};
}
