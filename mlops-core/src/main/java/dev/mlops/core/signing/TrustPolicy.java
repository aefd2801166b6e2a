package dev.mlops.core.signing;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a registry requires of manifest signatures when it loads a version.
 *
 * <ul>
 *   <li>{@link #none()}: signatures are not checked (the default; digests are still always checked);</li>
 *   <li>{@link #verifyKnown(Map)}: every signature by a known key must verify; unsigned versions load;</li>
 *   <li>{@link #requireTrusted(Map)}: at least one signature by a trusted key must verify, and none by
 *       a trusted key may fail.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrustPolicy {
  private enum Mode { NONE, VERIFY_KNOWN, REQUIRE_TRUSTED }

  private static final TrustPolicy NONE = new TrustPolicy(Mode.NONE, Map.of());

  private final Mode mode;
  private final Map<String, PublicKey> keys;

  private TrustPolicy(Mode mode, Map<String, PublicKey> keys) {
    this.mode = mode;
    this.keys = Map.copyOf(keys);
  }

  /**
   * A policy that does not check signatures.
   *
   * @return the policy
   */
  public static TrustPolicy none() {
    return NONE;
  }

  /**
   * A policy that checks every signature made by one of the given keys, and loads unsigned versions.
   *
   * @param keys key id to Ed25519 public key
   * @return the policy
   */
  public static TrustPolicy verifyKnown(Map<String, PublicKey> keys) {
    return new TrustPolicy(Mode.VERIFY_KNOWN, Objects.requireNonNull(keys, "keys"));
  }

  /**
   * A policy that requires a valid signature by one of the given keys.
   *
   * @param keys key id to Ed25519 public key; at least one
   * @return the policy
   * @throws IllegalArgumentException if no key is given
   */
  public static TrustPolicy requireTrusted(Map<String, PublicKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("requireTrusted needs at least one trusted key");
    }
    return new TrustPolicy(Mode.REQUIRE_TRUSTED, keys);
  }

  /**
   * Checks the signatures of a version against this policy.
   *
   * @param subject the version being loaded, e.g. {@code fraud/3}, for messages
   * @param manifestDigest the manifest digest that was signed
   * @param signatures the signatures stored beside the manifest
   * @throws IntegrityException if a signature by a known key does not verify, or the policy requires
   *     a trusted signature and there is none
   */
  public void check(String subject, Digest manifestDigest, List<ManifestSignature> signatures) {
    if (mode == Mode.NONE) {
      return;
    }
    boolean trusted = false;
    for (ManifestSignature sig : signatures) {
      PublicKey key = keys.get(sig.keyId());
      if (key == null) {
        continue;
      }
      if (!ManifestSigner.verify(key, manifestDigest, sig)) {
        throw new IntegrityException(
            subject, "a valid signature by key '" + sig.keyId() + "'", "a signature that does not verify",
            "The signature of " + subject + " by key '" + sig.keyId()
                + "' does not verify: the manifest or the signature was altered. Do not use this version; re-register it from a trusted copy.");
      }
      trusted = true;
    }
    if (mode == Mode.REQUIRE_TRUSTED && !trusted) {
      throw new IntegrityException(
          subject, "a signature by one of " + keys.keySet(), signatures.isEmpty() ? "no signature" : "no trusted signature",
          "Version " + subject + " has no valid signature by a trusted key, and the registry's trust policy requires one. "
              + "Sign it with a trusted key (ModelRegistry.sign) or load it with a registry whose policy trusts its signer.");
    }
  }

  /**
   * Describes the mode and key ids, never the keys.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "TrustPolicy[" + mode + ", keys=" + keys.keySet() + "]";
  }
}
