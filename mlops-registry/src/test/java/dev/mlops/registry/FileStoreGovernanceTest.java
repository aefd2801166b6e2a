package dev.mlops.registry;

import dev.mlops.core.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Evidence, approvals and promotion gates over the file-system stores. */
class FileStoreGovernanceTest extends GovernanceContract {

  @Override
  ModelRegistry.Builder onStores() {
    return ModelRegistry.builder().uri(tmp.resolve("store").toUri());
  }

  @Override
  void overwriteBlob(Digest digest, byte[] bytes) {
    Path blob = tmp.resolve("store").resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
    try {
      blob.toFile().setWritable(true);
      Files.write(blob, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
