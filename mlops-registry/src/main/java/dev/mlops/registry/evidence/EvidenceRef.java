package dev.mlops.registry.evidence;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.VersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A piece of evidence attached to a version, as the version's audit log records it. Read the document
 * itself with {@link dev.mlops.registry.ModelRegistry#readEvidence(EvidenceRef)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param version the version the evidence is attached to
 * @param digest the digest of the evidence document (its canonical JSON) in the blob store
 * @param kind the evidence's kind, e.g. {@code model-test}
 * @param attachedAt when it was attached
 * @param attachedBy who attached it (the registry's principal)
 * @param auditSequence the sequence number of the audit event that attached it
 */
public record EvidenceRef(VersionId version, Digest digest, String kind, Instant attachedAt, String attachedBy,
    long auditSequence) {

  /**
   * Validates the components.
   *
   * @param version the version
   * @param digest the digest
   * @param kind the kind
   * @param attachedAt the time
   * @param attachedBy the principal
   * @param auditSequence the audit sequence number
   */
  public EvidenceRef {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(attachedAt, "attachedAt");
    Objects.requireNonNull(attachedBy, "attachedBy");
  }
}
