package dev.mlops.testing.store;

import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.store.FileRunStore;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileRunStore passes the run store compatibility kit")
class FileRunStoreTest extends RunStoreCompatibilityKit {
  @TempDir Path dir;

  @Override
  protected RunStore createStore() {
    return FileRunStore.open(dir);
  }
}
