package dev.mlops.testing.store;

import dev.mlops.core.Digest;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.InMemoryBlobStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryBlobStore passes the blob store compatibility kit")
class InMemoryBlobStoreTest extends BlobStoreCompatibilityKit {

  @Override
  protected BlobStore createStore() {
    return new InMemoryBlobStore("mem:kit");
  }

  @Override
  protected void corrupt(BlobStore store, Digest digest, byte[] replacement) {
    ((InMemoryBlobStore) store).corruptForTesting(digest, replacement);
  }

  @Override
  protected java.time.Duration storedTimeResolution() {
    return java.time.Duration.ofMillis(20);
  }
}
