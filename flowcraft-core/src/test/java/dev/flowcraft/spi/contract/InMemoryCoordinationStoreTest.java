package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryCoordinationStore;
import dev.flowcraft.spi.CoordinationStore;

class InMemoryCoordinationStoreTest extends CoordinationStoreContract {
  @Override
  protected CoordinationStore createStore() {
    return new InMemoryCoordinationStore();
  }
}
