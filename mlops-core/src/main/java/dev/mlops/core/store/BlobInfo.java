package dev.mlops.core.store;

import dev.mlops.core.Digest;
import java.util.Objects;

/**
 * What a {@link BlobStore} knows of a stored blob: its digest and size.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param digest the SHA-256 digest of the bytes
 * @param size the number of bytes
 */
public record BlobInfo(Digest digest, long size) {
  /**
   * Validates the components.
   *
   * @param digest the digest
   * @param size the size
   */
  public BlobInfo {
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }
}
