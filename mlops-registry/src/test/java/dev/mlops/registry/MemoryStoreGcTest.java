package dev.mlops.registry;

import java.net.URI;

/** gc over the in-memory stores. */
class MemoryStoreGcTest extends GcContract {
  @Override
  ModelRegistry open() {
    return ModelRegistry.open(URI.create("mem:gc"));
  }
}
