package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.signing.ManifestSignature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered version as the registry shows it: identity, verified manifest, and the state kept
 * beside it.
 *
 * <p>Instances are immutable and thread-safe. A {@code ModelVersion} is a snapshot: read it again to
 * see later changes to tags, status or signatures.
 *
 * @param id the model name and version number
 * @param kind model or data set
 * @param manifestDigest the artifact's identity: the digest of its manifest's canonical JSON
 * @param manifest the manifest, verified against the digest when read
 * @param status the life-cycle status
 * @param statusReason why the status was last changed; empty for a new version
 * @param tags tag key to value
 * @param description free text; empty when none
 * @param signatures manifest signatures
 * @param registeredAt when it was registered
 * @param registeredBy who registered it
 * @param revision the state's revision, incremented on every change of state
 */
public record ModelVersion(
    VersionId id,
    ArtifactKind kind,
    Digest manifestDigest,
    ArtifactManifest manifest,
    VersionStatus status,
    String statusReason,
    Map<String, String> tags,
    String description,
    List<ManifestSignature> signatures,
    Instant registeredAt,
    String registeredBy,
    long revision) {

  /**
   * Copies the collections.
   *
   * @param id the id
   * @param kind the kind
   * @param manifestDigest the digest
   * @param manifest the manifest
   * @param status the status
   * @param statusReason the status reason
   * @param tags the tags
   * @param description the description
   * @param signatures the signatures
   * @param registeredAt the registration time
   * @param registeredBy the principal
   * @param revision the revision
   */
  public ModelVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(status, "status");
    tags = Map.copyOf(tags);
    signatures = List.copyOf(signatures);
  }

  /**
   * Returns the model name.
   *
   * @return the name
   */
  public String name() {
    return id.name();
  }

  /**
   * Returns the version number.
   *
   * @return the number
   */
  public int version() {
    return id.version();
  }
}
