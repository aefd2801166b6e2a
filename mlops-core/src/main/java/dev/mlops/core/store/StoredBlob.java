package dev.mlops.core.store;

import dev.mlops.core.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A blob as a {@link BlobStore} lists it: its digest, size and the time it was last stored.
 *
 * <p>{@code storedAt} is the store medium's own time of the last put of these bytes (a file's
 * modification time, an object's {@code Last-Modified}): a put of bytes already stored refreshes it.
 * It may lag the true time by the medium's timestamp granularity (a few milliseconds on a file
 * system, one second on S3), which is why a garbage collector keeps blobs stored within a grace
 * period much longer than that.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param digest the SHA-256 digest of the bytes
 * @param size the number of bytes
 * @param storedAt when the bytes were last stored, by the store medium's clock
 */
public record StoredBlob(Digest digest, long size, Instant storedAt) {
  /**
   * Validates the components.
   *
   * @param digest the digest
   * @param size the size
   * @param storedAt the time of the last put
   */
  public StoredBlob {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(storedAt, "storedAt");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }
}
