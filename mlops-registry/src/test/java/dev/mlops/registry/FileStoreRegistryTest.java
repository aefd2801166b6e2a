package dev.mlops.registry;

import dev.mlops.core.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The registry's behaviour over the file-system stores: every registry of a test opens the same root. */
class FileStoreRegistryTest extends RegistryContract {

  Path root() {
    return tmp.resolve("store");
  }

  @Override
  ModelRegistry.Builder onStores() {
    return ModelRegistry.builder().uri(root().toUri());
  }

  @Override
  void overwriteBlob(Digest digest, byte[] bytes) {
    Path blob = root().resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    try {
      if (!Files.isRegularFile(blob)) {
        throw new IllegalStateException("no blob file at " + blob);
      }
      blob.toFile().setWritable(true);
      Files.write(blob, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
