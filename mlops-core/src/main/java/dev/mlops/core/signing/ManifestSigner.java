package dev.mlops.core.signing;

import dev.mlops.core.Digest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs manifest digests with an Ed25519 private key, using the JDK's built-in EdDSA.
 *
 * <p>The signed message is {@code "dev.mlops.manifest.v1\n" + digest} in UTF-8, so a signature over a
 * manifest can never be replayed as a signature over anything else.
 *
 * <pre>{@code
 * KeyPair keys = ManifestSigner.generateKeyPair();
 * ManifestSigner signer = new ManifestSigner("release-2026", keys.getPrivate());
 * TrustPolicy policy = TrustPolicy.requireTrusted(Map.of("release-2026", keys.getPublic()));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe (a new {@link Signature} is made for each call).
 */
public final class ManifestSigner {
  private final String keyId;
  private final PrivateKey privateKey;

  /**
   * Creates a signer.
   *
   * @param keyId the key's name, recorded with each signature
   * @param privateKey an Ed25519 private key
   * @throws IllegalArgumentException if the key is not an Ed25519 (EdDSA) key
   */
  public ManifestSigner(String keyId, PrivateKey privateKey) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    if (!"EdDSA".equals(privateKey.getAlgorithm()) && !"Ed25519".equals(privateKey.getAlgorithm())) {
      throw new IllegalArgumentException("an Ed25519 private key is required, got " + privateKey.getAlgorithm());
    }
  }

  /**
   * Generates a new Ed25519 key pair.
   *
   * @return the key pair
   */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ManifestSignature.ED25519).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15 and later provide Ed25519", e);
    }
  }

  /**
   * Returns the key's name.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Signs a manifest digest.
   *
   * @param manifestDigest the digest of the manifest's canonical JSON
   * @return the signature
   */
  public ManifestSignature sign(Digest manifestDigest) {
    try {
      Signature s = Signature.getInstance(ManifestSignature.ED25519);
      s.initSign(privateKey);
      s.update(message(manifestDigest));
      return new ManifestSignature(keyId, ManifestSignature.ED25519, Base64.getEncoder().encodeToString(s.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static byte[] message(Digest manifestDigest) {
    return ("dev.mlops.manifest.v1\n" + manifestDigest).getBytes(StandardCharsets.UTF_8);
  }

  static boolean verify(PublicKey key, Digest manifestDigest, ManifestSignature signature) {
    try {
      Signature s = Signature.getInstance(ManifestSignature.ED25519);
      s.initVerify(key);
      s.update(message(manifestDigest));
      return s.verify(signature.bytes());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Returns the key id, never the key.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "ManifestSigner[" + keyId + "]";
  }
}
