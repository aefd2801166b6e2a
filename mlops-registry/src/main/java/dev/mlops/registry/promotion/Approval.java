package dev.mlops.registry.promotion;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.VersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * An approval of a version, as its audit log records it: who approved which manifest digest, when, and
 * why. Recorded with {@link dev.mlops.registry.ModelRegistry#approve(String, String)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param version the version approved
 * @param manifestDigest the manifest digest approved
 * @param approver who approved it, from the registry's principal supplier
 * @param comment the approver's comment; empty when none
 * @param at when
 * @param auditSequence the sequence number of the audit event
 */
public record Approval(VersionId version, Digest manifestDigest, String approver, String comment, Instant at,
    long auditSequence) {

  /**
   * Validates the components.
   *
   * @param version the version
   * @param manifestDigest the digest
   * @param approver the approver
   * @param comment the comment
   * @param at the time
   * @param auditSequence the audit sequence number
   */
  public Approval {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(at, "at");
  }
}
