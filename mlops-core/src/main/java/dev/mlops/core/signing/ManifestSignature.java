package dev.mlops.core.signing;

import dev.mlops.core.InvalidInputException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Ed25519 signature over an artifact's manifest digest, stored beside the manifest (never inside
 * it, since the manifest is immutable and its digest is what is signed).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param keyId the name of the key that signed, as known to a {@link TrustPolicy}
 * @param algorithm the signature algorithm, {@code "Ed25519"}
 * @param value the signature bytes, base64-encoded
 */
public record ManifestSignature(String keyId, String algorithm, String value) {
  /** The only algorithm used: the JDK's built-in EdDSA over Curve25519. */
  public static final String ED25519 = "Ed25519";

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  /**
   * Validates the components.
   *
   * @param keyId the key name
   * @param algorithm the algorithm
   * @param value the base64 signature
   * @throws InvalidInputException if the key id is malformed, the algorithm is not Ed25519 or the
   *     value is not base64
   */
  public ManifestSignature {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new InvalidInputException("keyId", "A key id is 1 to 128 letters, digits, '.', '_', ':', '@' or '-'.");
    }
    if (!ED25519.equals(algorithm)) {
      throw new InvalidInputException("algorithm", "Only Ed25519 manifest signatures are supported.");
    }
    try {
      Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("signature", "A signature value is base64-encoded.");
    }
  }

  /**
   * Returns the decoded signature bytes.
   *
   * @return a new array
   */
  public byte[] bytes() {
    return Base64.getDecoder().decode(value);
  }
}
