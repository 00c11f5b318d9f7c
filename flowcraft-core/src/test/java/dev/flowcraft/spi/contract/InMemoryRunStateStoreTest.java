package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryRunStateStore;
import dev.flowcraft.spi.RunStateStore;

class InMemoryRunStateStoreTest extends RunStateStoreContract {
  @Override
  protected RunStateStore createStore() {
    return new InMemoryRunStateStore();
  }
}
