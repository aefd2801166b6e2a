package dev.mlops.testing.store;

import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.store.InMemoryRunStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryRunStore passes the run store compatibility kit")
class InMemoryRunStoreTest extends RunStoreCompatibilityKit {

  @Override
  protected RunStore createStore() {
    return new InMemoryRunStore("mem:kit");
  }
}
