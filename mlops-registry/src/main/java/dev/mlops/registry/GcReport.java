package dev.mlops.registry;

import dev.mlops.core.store.StoredBlob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link ModelRegistry#gc(Duration)} did: the blobs it removed and why it kept the others.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param removed the unreferenced blobs removed (digest, size and when each was last stored)
 * @param keptReferenced blobs kept because a version references them
 * @param keptYoung unreferenced blobs kept because they were stored at or after the cutoff (a
 *     registration may be about to reference them)
 * @param incompleteWritesRemoved leftovers of puts that never finished (temporary files, incomplete
 *     multipart uploads) removed
 * @param cutoff the instant before which an unreferenced blob was old enough to remove: the start of
 *     the collection minus the grace period
 */
public record GcReport(List<StoredBlob> removed, int keptReferenced, int keptYoung, int incompleteWritesRemoved, Instant cutoff) {
  /**
   * Copies the list of removed blobs.
   *
   * @param removed the removed blobs
   * @param keptReferenced referenced blobs kept
   * @param keptYoung young unreferenced blobs kept
   * @param incompleteWritesRemoved leftovers removed
   * @param cutoff the cutoff instant
   */
  public GcReport {
    removed = List.copyOf(removed);
    java.util.Objects.requireNonNull(cutoff, "cutoff");
  }

  /**
   * Returns the number of bytes freed by removing blobs.
   *
   * @return the sum of the removed blobs' sizes
   */
  public long removedBytes() {
    return removed.stream().mapToLong(StoredBlob::size).sum();
  }
}
