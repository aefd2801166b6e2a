package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.store.InMemoryMetadataStore;

/**
 * The registry's behaviour over the in-memory stores, given explicitly to the builder so that every
 * registry of a test shares them (a {@code mem:} URI opens new, empty stores each time).
 */
class MemoryStoreRegistryTest extends RegistryContract {
  final InMemoryBlobStore blobs = new InMemoryBlobStore("mem:blobs");
  final InMemoryMetadataStore metadata = new InMemoryMetadataStore("mem:metadata");

  @Override
  ModelRegistry.Builder onStores() {
    return ModelRegistry.builder().blobStore(blobs).metadataStore(metadata);
  }

  @Override
  void overwriteBlob(Digest digest, byte[] bytes) {
    if (!blobs.contains(digest)) {
      throw new IllegalStateException("no blob " + digest);
    }
    blobs.corruptForTesting(digest, bytes);
  }
}
