package dev.mlops.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {
  private static final Digest MANIFEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  private static final Digest OTHER = Digest.sha256("another manifest".getBytes(StandardCharsets.UTF_8));

  private static KeyPair release;
  private static KeyPair stranger;
  private static ManifestSigner releaseSigner;

  @BeforeAll
  static void generateKeys() {
    release = ManifestSigner.generateKeyPair();
    stranger = ManifestSigner.generateKeyPair();
    releaseSigner = new ManifestSigner("release-2026", release.getPrivate());
  }

  @Test
  void requireTrusted_passesForSignatureByTrustedKey() {
    ManifestSignature sig = releaseSigner.sign(MANIFEST);

    assertThatCode(() -> trusted().check("fraud/3", MANIFEST, List.of(sig))).doesNotThrowAnyException();
  }

  @Test
  void sign_recordsKeyIdAndAlgorithm() {
    ManifestSignature sig = releaseSigner.sign(MANIFEST);

    assertThat(sig.keyId()).isEqualTo("release-2026");
    assertThat(sig.algorithm()).isEqualTo(ManifestSignature.ED25519);
    assertThat(sig.bytes()).hasSize(64);
  }

  @Test
  void requireTrusted_rejectsSignatureOverAnotherDigest() {
    ManifestSignature overOther = releaseSigner.sign(OTHER);

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(overOther)))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.subject()).isEqualTo("fraud/3");
          assertThat(e.getMessage()).contains("release-2026").contains("does not verify");
        });
  }

  @Test
  void requireTrusted_rejectsTamperedSignatureBytes() {
    byte[] bytes = releaseSigner.sign(MANIFEST).bytes();
    bytes[10] ^= 1;
    ManifestSignature tampered = new ManifestSignature(
        "release-2026", ManifestSignature.ED25519, Base64.getEncoder().encodeToString(bytes));

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(tampered)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void requireTrusted_rejectsSignatureOfWrongLength() {
    ManifestSignature truncated = new ManifestSignature(
        "release-2026", ManifestSignature.ED25519, Base64.getEncoder().encodeToString(new byte[12]));

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(truncated)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void requireTrusted_rejectsUnsignedVersion() {
    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of()))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.subject()).isEqualTo("fraud/3");
          assertThat(e.actual()).isEqualTo("no signature");
        });
  }

  @Test
  void requireTrusted_rejectsVersionSignedOnlyByUnknownKey() {
    ManifestSignature bySomeoneElse = new ManifestSigner("stranger", stranger.getPrivate()).sign(MANIFEST);

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(bySomeoneElse)))
        .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.actual()).isEqualTo("no trusted signature"));
  }

  @Test
  void requireTrusted_rejectsSignatureClaimingTrustedKeyIdButMadeByAnotherKey() {
    ManifestSignature impostor = new ManifestSigner("release-2026", stranger.getPrivate()).sign(MANIFEST);

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(impostor)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void requireTrusted_rejectsWhenAnyTrustedSignatureFails_evenIfAnotherVerifies() {
    ManifestSignature good = releaseSigner.sign(MANIFEST);
    ManifestSignature bad = releaseSigner.sign(OTHER);

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(good, bad)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void requireTrusted_needsAtLeastOneKey() {
    assertThatThrownBy(() -> TrustPolicy.requireTrusted(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyKnown_passesUnsignedVersion() {
    assertThatCode(() -> known().check("fraud/3", MANIFEST, List.of())).doesNotThrowAnyException();
  }

  @Test
  void verifyKnown_ignoresSignatureByUnknownKey() {
    ManifestSignature bySomeoneElse = new ManifestSigner("stranger", stranger.getPrivate()).sign(OTHER);

    assertThatCode(() -> known().check("fraud/3", MANIFEST, List.of(bySomeoneElse))).doesNotThrowAnyException();
  }

  @Test
  void verifyKnown_passesValidSignatureByKnownKey() {
    assertThatCode(() -> known().check("fraud/3", MANIFEST, List.of(releaseSigner.sign(MANIFEST))))
        .doesNotThrowAnyException();
  }

  @Test
  void verifyKnown_rejectsInvalidSignatureByKnownKey() {
    ManifestSignature overOther = releaseSigner.sign(OTHER);

    assertThatThrownBy(() -> known().check("fraud/3", MANIFEST, List.of(overOther)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void none_checksNothing() {
    ManifestSignature overOther = releaseSigner.sign(OTHER);

    assertThatCode(() -> TrustPolicy.none().check("fraud/3", MANIFEST, List.of(overOther)))
        .doesNotThrowAnyException();
    assertThatCode(() -> TrustPolicy.none().check("fraud/3", MANIFEST, List.of())).doesNotThrowAnyException();
  }

  @Test
  void aPolicyWithANonEd25519Key_failsClosed() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PublicKey rsaKey = rsa.generateKeyPair().getPublic();
    TrustPolicy policy = TrustPolicy.requireTrusted(Map.of("release-2026", rsaKey));

    assertThatThrownBy(() -> policy.check("fraud/3", MANIFEST, List.of(releaseSigner.sign(MANIFEST))))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void signer_rejectsNonEd25519PrivateKey() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);

    assertThatThrownBy(() -> new ManifestSigner("ec", ec.generateKeyPair().getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signatureOverTheBareDigestText_isNotAManifestSignature() throws Exception {
    // The signer prefixes a context string, so a signature made by the same key for another purpose never verifies.
    Signature raw = Signature.getInstance("Ed25519");
    raw.initSign(release.getPrivate());
    raw.update(MANIFEST.toString().getBytes(StandardCharsets.UTF_8));
    ManifestSignature bare = new ManifestSignature(
        "release-2026", ManifestSignature.ED25519, Base64.getEncoder().encodeToString(raw.sign()));

    assertThatThrownBy(() -> trusted().check("fraud/3", MANIFEST, List.of(bare)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void toString_neverContainsKeyMaterial() {
    String publicKey = Base64.getEncoder().encodeToString(release.getPublic().getEncoded());
    String privateKey = Base64.getEncoder().encodeToString(release.getPrivate().getEncoded());
    String[] descriptions = {releaseSigner.toString(), trusted().toString(), known().toString(),
        TrustPolicy.none().toString()};

    for (String d : descriptions) {
      assertThat(d).doesNotContain(publicKey).doesNotContain(privateKey)
          .doesNotContain(publicKey.substring(publicKey.length() - 20))
          .doesNotContain(privateKey.substring(privateKey.length() - 20))
          .doesNotContain(release.getPublic().toString())
          .doesNotContain("Ed25519 public key");
    }
    assertThat(releaseSigner).hasToString("ManifestSigner[release-2026]");
    assertThat(trusted().toString()).contains("release-2026").contains("REQUIRE_TRUSTED");
  }

  @Test
  void manifestSignature_validatesItsComponents() {
    String value = Base64.getEncoder().encodeToString(new byte[64]);

    assertThatThrownBy(() -> new ManifestSignature("bad key id", ManifestSignature.ED25519, value))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyId"));
    assertThatThrownBy(() -> new ManifestSignature("k", "RSA", value))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("algorithm"));
    assertThatThrownBy(() -> new ManifestSignature("k", ManifestSignature.ED25519, "not base64!"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("signature"));
  }

  private static TrustPolicy trusted() {
    return TrustPolicy.requireTrusted(Map.of("release-2026", release.getPublic()));
  }

  private static TrustPolicy known() {
    return TrustPolicy.verifyKnown(Map.of("release-2026", release.getPublic()));
  }
}
