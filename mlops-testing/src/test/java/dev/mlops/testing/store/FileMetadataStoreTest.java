package dev.mlops.testing.store;

import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.FileMetadataStore;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileMetadataStore passes the metadata store compatibility kit")
class FileMetadataStoreTest extends MetadataStoreCompatibilityKit {
  @TempDir Path dir;

  @Override
  protected MetadataStore createStore() {
    return FileMetadataStore.open(dir.resolve("store"));
  }
}
