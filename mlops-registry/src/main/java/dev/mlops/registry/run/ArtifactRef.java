package dev.mlops.registry.run;

import dev.mlops.core.Digest;
import dev.mlops.core.Names;
import java.util.Objects;

/**
 * A file a run logged: its path inside the run and the digest of its bytes in the registry's blob
 * store.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the relative path inside the run, e.g. {@code plots/roc.png}
 * @param digest the blob's digest
 * @param size the size in bytes
 */
public record ArtifactRef(String path, Digest digest, long size) {
  /**
   * Validates the fields.
   *
   * @throws dev.mlops.core.InvalidInputException if the path is not a valid relative path
   * @throws IllegalArgumentException if the size is negative
   *
   * @param path the relative path inside the run, e.g. {@code plots/roc.png}
   * @param digest the blob's digest
   * @param size the size in bytes
   */
  public ArtifactRef {
    Names.requireRelativePath(path);
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }
}
