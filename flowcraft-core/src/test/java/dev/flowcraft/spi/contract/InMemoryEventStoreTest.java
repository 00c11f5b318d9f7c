package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryEventStore;
import dev.flowcraft.spi.EventStore;

class InMemoryEventStoreTest extends EventStoreContract {
  @Override
  protected EventStore createStore() {
    return new InMemoryEventStore();
  }
}
