package dev.mlops.registry;

import java.util.List;

/**
 * The result of {@link ModelRegistry#verify()}: every problem found in the stores, and what was
 * checked.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param problems one line per problem: a version whose manifest or bytes do not verify, a missing
 *     blob, a corrupt metadata file, a dangling alias; empty when the stores are intact
 * @param versionsChecked the number of versions whose manifests and files were checked
 * @param blobsChecked the number of distinct blobs re-hashed
 * @param unreferencedBlobs blobs that no version references (left by a registration interrupted
 *     before it committed); harmless, not counted as problems, and removed by
 *     {@link ModelRegistry#gc(java.time.Duration)}
 */
public record VerificationReport(List<String> problems, int versionsChecked, int blobsChecked, int unreferencedBlobs) {
  /**
   * Copies the problem list.
   *
   * @param problems the problems
   * @param versionsChecked versions checked
   * @param blobsChecked blobs checked
   * @param unreferencedBlobs unreferenced blobs
   */
  public VerificationReport {
    problems = List.copyOf(problems);
  }

  /**
   * Tells whether no problem was found.
   *
   * @return whether the stores are intact
   */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
