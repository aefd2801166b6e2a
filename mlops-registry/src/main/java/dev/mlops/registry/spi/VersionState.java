package dev.mlops.registry.spi;

import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.registry.VersionStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What may change about a version after registration, kept beside its immutable manifest: status,
 * tags, description and signatures. Each change is a compare-and-set on {@link #revision()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param revision incremented by the store on every change, from 1
 * @param status the life-cycle status
 * @param statusReason why the status was last changed; empty for a new version
 * @param tags tag key to value, sorted by key
 * @param description free text; empty when none
 * @param signatures manifest signatures, in the order they were added
 */
public record VersionState(
    long revision,
    VersionStatus status,
    String statusReason,
    Map<String, String> tags,
    String description,
    List<ManifestSignature> signatures) {

  /**
   * Copies the collections.
   *
   * @param revision the revision
   * @param status the status
   * @param statusReason the status reason
   * @param tags the tags
   * @param description the description
   * @param signatures the signatures
   */
  public VersionState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
    Objects.requireNonNull(description, "description");
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    signatures = List.copyOf(signatures);
  }

  /**
   * The state of a new version.
   *
   * @param tags initial tags
   * @param description initial description
   * @param signatures initial signatures
   * @return the state, revision 1, active
   */
  public static VersionState initial(Map<String, String> tags, String description, List<ManifestSignature> signatures) {
    return new VersionState(1, VersionStatus.ACTIVE, "", tags, description, signatures);
  }

  /**
   * Returns a copy with the next revision number.
   *
   * @return the copy
   */
  public VersionState nextRevision() {
    return new VersionState(revision + 1, status, statusReason, tags, description, signatures);
  }

  /**
   * Returns a copy with a tag set.
   *
   * @param key the key
   * @param value the value
   * @return the copy
   */
  public VersionState withTag(String key, String value) {
    Map<String, String> t = new TreeMap<>(tags);
    t.put(key, value);
    return new VersionState(revision, status, statusReason, t, description, signatures);
  }

  /**
   * Returns a copy without a tag.
   *
   * @param key the key
   * @return the copy
   */
  public VersionState withoutTag(String key) {
    Map<String, String> t = new TreeMap<>(tags);
    t.remove(key);
    return new VersionState(revision, status, statusReason, t, description, signatures);
  }

  /**
   * Returns a copy with a new description.
   *
   * @param text the description
   * @return the copy
   */
  public VersionState withDescription(String text) {
    return new VersionState(revision, status, statusReason, tags, text, signatures);
  }

  /**
   * Returns a copy with a new status.
   *
   * @param newStatus the status
   * @param reason why
   * @return the copy
   */
  public VersionState withStatus(VersionStatus newStatus, String reason) {
    return new VersionState(revision, newStatus, reason, tags, description, signatures);
  }

  /**
   * Returns a copy with one more signature.
   *
   * @param signature the signature
   * @return the copy
   */
  public VersionState withSignature(ManifestSignature signature) {
    var s = new java.util.ArrayList<>(signatures);
    s.add(signature);
    return new VersionState(revision, status, statusReason, tags, description, s);
  }
}
