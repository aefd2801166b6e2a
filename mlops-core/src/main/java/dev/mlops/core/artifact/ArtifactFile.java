package dev.mlops.core.artifact;

import dev.mlops.core.Digest;
import dev.mlops.core.Names;
import java.util.Objects;

/**
 * One file of an artifact: its relative path, the digest of its bytes and its size.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param path the relative, {@code /}-separated path inside the artifact (see {@link Names})
 * @param digest the SHA-256 digest of the file's bytes; the bytes are stored under it
 * @param size the size in bytes, at least 1 (empty files are refused at registration)
 */
public record ArtifactFile(String path, Digest digest, long size) {
  /**
   * Validates the components.
   *
   * @param path the relative path
   * @param digest the digest
   * @param size the size in bytes
   * @throws dev.mlops.core.InvalidInputException if the path is invalid
   * @throws IllegalArgumentException if the size is negative
   */
  public ArtifactFile {
    Names.requireRelativePath(path);
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
