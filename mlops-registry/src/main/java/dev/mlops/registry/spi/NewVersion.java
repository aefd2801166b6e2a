package dev.mlops.registry.spi;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A version about to be registered, before the store assigns its number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind model or data set; a name holds versions of one kind only
 * @param manifestDigest the digest of the manifest's canonical JSON
 * @param manifestJson the manifest's canonical JSON
 * @param registeredAt the registration time
 * @param registeredBy who registers it
 * @param state the initial state
 */
public record NewVersion(
    ArtifactKind kind,
    Digest manifestDigest,
    String manifestJson,
    Instant registeredAt,
    String registeredBy,
    VersionState state) {

  /**
   * Validates the components.
   *
   * @param kind the kind
   * @param manifestDigest the digest
   * @param manifestJson the JSON
   * @param registeredAt the time
   * @param registeredBy the principal
   * @param state the state
   */
  public NewVersion {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(manifestJson, "manifestJson");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(registeredBy, "registeredBy");
    Objects.requireNonNull(state, "state");
  }
}
