package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryBlueprintStore;
import dev.flowcraft.spi.BlueprintStore;

class InMemoryBlueprintStoreTest extends BlueprintStoreContract {
  @Override
  protected BlueprintStore createStore() {
    return new InMemoryBlueprintStore();
  }
}
