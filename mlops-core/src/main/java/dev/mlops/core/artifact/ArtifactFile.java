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
 * @param size the size in bytes, at least 1 (empty files are refused at registration) and at most
 *     2<sup>53</sup> - 1, the largest integer canonical JSON represents exactly
 */
public record ArtifactFile(String path, Digest digest, long size) {
  /** 2<sup>53</sup> - 1: larger sizes would be rounded in the manifest's canonical JSON. */
  private static final long MAX_SIZE = (1L << 53) - 1;

  /**
   * Validates the components.
   *
   * @param path the relative path
   * @param digest the digest
   * @param size the size in bytes
   * @throws dev.mlops.core.InvalidInputException if the path is invalid
   * @throws IllegalArgumentException if the size is negative or above 2<sup>53</sup> - 1
   */
  public ArtifactFile {
    Names.requireRelativePath(path);
    Objects.requireNonNull(digest, "digest");
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be between 0 and 2^53 - 1: " + size);
    }
  }
}
