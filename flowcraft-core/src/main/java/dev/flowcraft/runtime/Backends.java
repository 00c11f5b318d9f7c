package dev.flowcraft.runtime;

import dev.flowcraft.memory.InMemoryBlueprintStore;
import dev.flowcraft.memory.InMemoryCoordinationStore;
import dev.flowcraft.memory.InMemoryJobQueue;
import dev.flowcraft.memory.InMemoryRunStateStore;
import dev.flowcraft.memory.InMemoryTimerStore;
import dev.flowcraft.spi.BlueprintStore;
import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.TimerStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The five stores a runtime runs on: in memory for one process, or Cassandra/Redis/Kafka (module
 * {@code flowcraft-kafka}) for many worker processes sharing runs. The runtime does not close them: their
 * owner does.
 */
public record Backends(RunStateStore runs, CoordinationStore coordination, JobQueue queue, TimerStore timers,
    BlueprintStore blueprints) {

  public Backends {
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(coordination, "coordination");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(blueprints, "blueprints");
  }

  /** Fresh in-memory stores; {@code concurrency} worker threads deliver the queue's jobs. */
  public static Backends inMemory(int concurrency, Clock clock) {
    return new Backends(new InMemoryRunStateStore(), new InMemoryCoordinationStore(clock), new InMemoryJobQueue(concurrency),
        new InMemoryTimerStore(), new InMemoryBlueprintStore());
  }
}
