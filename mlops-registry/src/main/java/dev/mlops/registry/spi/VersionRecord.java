package dev.mlops.registry.spi;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A version as a {@link MetadataStore} keeps it: its identity, its manifest as stored (canonical JSON,
 * whose digest the registry checks on every read), who registered it and when, and its mutable
 * state.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the model name and version number
 * @param kind model or data set
 * @param manifestDigest the digest of {@code manifestJson}'s UTF-8 bytes, recorded at registration
 * @param manifestJson the manifest's canonical JSON
 * @param registeredAt when the version was registered, to the millisecond
 * @param registeredBy who registered it
 * @param state the mutable state
 */
public record VersionRecord(
    VersionId id,
    ArtifactKind kind,
    Digest manifestDigest,
    String manifestJson,
    Instant registeredAt,
    String registeredBy,
    VersionState state) {

  /**
   * Validates the components.
   *
   * @param id the id
   * @param kind the kind
   * @param manifestDigest the manifest digest
   * @param manifestJson the manifest JSON
   * @param registeredAt the registration time
   * @param registeredBy the principal
   * @param state the state
   */
  public VersionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(manifestJson, "manifestJson");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(registeredBy, "registeredBy");
    Objects.requireNonNull(state, "state");
    registeredAt = registeredAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Returns a copy with another state.
   *
   * @param newState the state
   * @return the copy
   */
  public VersionRecord withState(VersionState newState) {
    return new VersionRecord(id, kind, manifestDigest, manifestJson, registeredAt, registeredBy, newState);
  }
}
