package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.store.InMemoryMetadataStore;

/** Evidence, approvals and promotion gates over the in-memory stores. */
class MemoryStoreGovernanceTest extends GovernanceContract {
  final InMemoryBlobStore blobs = new InMemoryBlobStore("mem:blobs");
  final InMemoryMetadataStore metadata = new InMemoryMetadataStore("mem:metadata");

  @Override
  ModelRegistry.Builder onStores() {
    return ModelRegistry.builder().blobStore(blobs).metadataStore(metadata);
  }

  @Override
  void overwriteBlob(Digest digest, byte[] bytes) {
    blobs.corruptForTesting(digest, bytes);
  }
}
