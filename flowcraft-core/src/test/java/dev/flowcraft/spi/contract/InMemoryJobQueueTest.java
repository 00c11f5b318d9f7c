package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryJobQueue;
import dev.flowcraft.spi.JobQueue;

class InMemoryJobQueueTest extends JobQueueContract {
  @Override
  protected JobQueue createQueue() {
    return new InMemoryJobQueue(4);
  }
}
