package dev.flowcraft.spi.contract;

import dev.flowcraft.memory.InMemoryTimerStore;
import dev.flowcraft.spi.TimerStore;

class InMemoryTimerStoreTest extends TimerStoreContract {
  @Override
  protected TimerStore createStore() {
    return new InMemoryTimerStore();
  }
}
