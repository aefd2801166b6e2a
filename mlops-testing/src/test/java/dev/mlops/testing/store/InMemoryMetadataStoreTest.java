package dev.mlops.testing.store;

import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.InMemoryMetadataStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryMetadataStore passes the metadata store compatibility kit")
class InMemoryMetadataStoreTest extends MetadataStoreCompatibilityKit {

  @Override
  protected MetadataStore createStore() {
    return new InMemoryMetadataStore("mem:kit");
  }
}
