package dev.mlops.testing.store;

import dev.mlops.core.Digest;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileBlobStore passes the blob store compatibility kit")
class FileBlobStoreTest extends BlobStoreCompatibilityKit {
  @TempDir Path dir;

  @Override
  protected BlobStore createStore() {
    return FileBlobStore.open(dir.resolve("store"));
  }

  /** Overwrites the blob's file at {@code blobs/sha256/<first two hex>/<hex>} under the root. */
  @Override
  protected void corrupt(BlobStore store, Digest digest, byte[] replacement) throws IOException {
    String hex = digest.hex();
    Path file = ((FileBlobStore) store).root().resolve("blobs").resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no blob file at " + file);
    }
    Files.write(file, replacement);
  }

  @Override
  protected java.time.Duration storedTimeResolution() {
    return java.time.Duration.ofMillis(50);
  }
}
