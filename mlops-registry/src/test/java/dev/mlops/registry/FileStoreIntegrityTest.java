package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.signing.ManifestSigner;
import dev.mlops.core.signing.TrustPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done to the files of a file-system registry behind its back: each is detected where it
 * is read, reported by {@link ModelRegistry#verify()}, and leaves every other version usable.
 */
class FileStoreIntegrityTest {
  static final IrisData IRIS = IrisData.get();
  static final ObjectMapper JSON = new ObjectMapper();
  static final KeyPair KEYS = ManifestSigner.generateKeyPair();

  @TempDir Path root;
  ModelRegistry registry;

  @BeforeEach
  void threeVersionsAndAnotherModel() {
    registry = ModelRegistry.builder().uri(root.toUri()).principal(() -> "tester")
        .signer(new ManifestSigner("release", KEYS.getPrivate())).build();
    registry.register(Registration.model("m", IRIS.model()).build());
    registry.register(Registration.model("m", IRIS.otherModel()).build());
    registry.register(Registration.model("m", IRIS.model()).description("third").build());
    registry.register(Registration.bytes("other", "f.bin", "other".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());
    registry.setAlias("m", "champion", 1);
    assertThat(registry.verify().problems()).isEmpty();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  Path versionFile(String name, int n) {
    return root.resolve("meta/models/" + name + "/versions/" + n + ".json");
  }

  Path blobFile(Digest d) {
    return root.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex());
  }

  /** Whether a verify() problem line is about version name/n. */
  static boolean about(String problem, String name, int n) {
    return problem.startsWith(name + "/" + n + ":") || problem.contains("models/" + name + "/versions/" + n + ".json");
  }

  /**
   * Checks that m/1, m/3, m@champion and other/1 still load and that verify() reports m/2 and nothing
   * else.
   *
   * @param manifestReadable whether m/2's metadata is intact (only its bytes damaged), so that
   *     verify() still counts it among the versions it checked
   */
  void assertOnlyVersionTwoIsDamaged(boolean manifestReadable) {
    try (TabularPredictor p = registry.load("m/1")) {
      RegistryContract.assertPredictsLike(p, IRIS.model());
    }
    try (TabularPredictor p = registry.load("m/3")) {
      RegistryContract.assertPredictsLike(p, IRIS.model());
    }
    try (TabularPredictor p = registry.load("m@champion")) {
      RegistryContract.assertPredictsLike(p, IRIS.model());
    }
    assertThat(registry.get("other").version()).isEqualTo(1);
    VerificationReport report = registry.verify();
    assertThat(report.problems()).as("one line for the one damaged version").hasSize(1);
    assertThat(report.problems()).allSatisfy(p -> assertThat(about(p, "m", 2)).as(p).isTrue());
    assertThat(report.versionsChecked()).isEqualTo(manifestReadable ? 4 : 3);
    assertThat(registry.names()).containsExactly("m", "other");
  }

  @Test
  void blobFile_overwrittenWithOtherBytesOfTheSameLength_failsToLoadAndIsReported() throws IOException {
    Path blob = blobFile(RegistryContract.onlyBlob(registry.get("m/2")));
    byte[] bytes = Files.readAllBytes(blob);
    bytes[0] ^= 0x20;
    Files.write(blob, bytes);

    assertThatThrownBy(() -> registry.load("m/2")).isInstanceOf(IntegrityException.class);
    assertOnlyVersionTwoIsDamaged(true);
  }

  @Test
  void blobFile_truncated_failsToLoadAndIsReported() throws IOException {
    Path blob = blobFile(RegistryContract.onlyBlob(registry.get("m/2")));
    byte[] bytes = Files.readAllBytes(blob);
    Files.write(blob, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> registry.load("m/2")).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> registry.loadFiles("m/2", root.resolve("out"))).isInstanceOf(IntegrityException.class);
    assertThat(root.resolve("out")).doesNotExist();
    assertOnlyVersionTwoIsDamaged(true);
  }

  @Test
  void blobFile_deleted_failsToLoadAndIsReportedAsMissing() throws IOException {
    Files.delete(blobFile(RegistryContract.onlyBlob(registry.get("m/2"))));

    assertThatThrownBy(() -> registry.load("m/2")).isInstanceOf(MlopsException.class);
    assertThat(registry.verify().problems()).singleElement().asString().startsWith("m/2:").contains("missing");
    assertOnlyVersionTwoIsDamaged(true);
  }

  @Test
  void versionFile_withInvalidJson_failsToReadAndIsReportedWhileOtherVersionsLoad() throws IOException {
    Files.writeString(versionFile("m", 2), "{\"schemaVersion\":1, \"name\": \"m\", oops");

    assertThatThrownBy(() -> registry.get("m/2")).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("versions/2.json");
    assertThatThrownBy(() -> registry.get("m", 2)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> registry.load("m/2")).isInstanceOf(IntegrityException.class);
    assertThat(registry.verify().problems()).as("one line per damaged version").singleElement().asString()
        .startsWith("m/2:").contains("versions/2.json");
    assertOnlyVersionTwoIsDamaged(false);
  }

  @Test
  void versionFile_withAMissingField_failsToReadAndIsReported() throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(versionFile("m", 2).toFile());
    doc.remove("manifestDigest");
    JSON.writeValue(versionFile("m", 2).toFile(), doc);

    assertThatThrownBy(() -> registry.get("m/2")).isInstanceOf(IntegrityException.class);
    assertOnlyVersionTwoIsDamaged(false);
  }

  @Test
  void embeddedManifest_changedToOtherValidJson_failsTheManifestDigestCheck() throws IOException {
    Digest recorded = registry.get("m/2").manifestDigest();
    ObjectNode doc = (ObjectNode) JSON.readTree(versionFile("m", 2).toFile());
    String manifest = doc.get("manifest").asText();
    String altered = manifest.replace("\"tribuo.dataset.examples\":\"75\"", "\"tribuo.dataset.examples\":\"76\"");
    assertThat(altered).isNotEqualTo(manifest);
    assertThat(JSON.readTree(altered).isObject()).isTrue();
    doc.put("manifest", altered);
    JSON.writeValue(versionFile("m", 2).toFile(), doc);

    assertThatThrownBy(() -> registry.get("m/2")).isInstanceOf(IntegrityException.class)
        .satisfies(e -> {
          IntegrityException ie = (IntegrityException) e;
          assertThat(ie.subject()).isEqualTo("m/2");
          assertThat(ie.expected()).isEqualTo(recorded.toString());
          assertThat(ie.actual()).isEqualTo(Digest.sha256(altered.getBytes(StandardCharsets.UTF_8)).toString());
        });
    assertThatThrownBy(() -> registry.load("m/2")).isInstanceOf(IntegrityException.class);
    assertOnlyVersionTwoIsDamaged(false);
  }

  @Test
  void embeddedManifest_rewrittenWithARecomputedDigest_isCaughtByTheSignature() throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(versionFile("m", 2).toFile());
    String altered = doc.get("manifest").asText()
        .replace("\"tribuo.dataset.examples\":\"75\"", "\"tribuo.dataset.examples\":\"76\"");
    doc.put("manifest", altered);
    doc.put("manifestDigest", Digest.sha256(altered.getBytes(StandardCharsets.UTF_8)).toString());
    JSON.writeValue(versionFile("m", 2).toFile(), doc);
    ModelRegistry trusting = ModelRegistry.builder().uri(root.toUri())
        .trustPolicy(TrustPolicy.requireTrusted(Map.of("release", KEYS.getPublic()))).build();

    try (trusting) {
      assertThat(registry.get("m/2").manifest().metadata()).containsEntry("tribuo.dataset.examples", "76");
      assertThatThrownBy(() -> trusting.load("m/2")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("does not verify");
      try (TabularPredictor p = trusting.load("m/1")) {
        RegistryContract.assertPredictsLike(p, IRIS.model());
      }
      assertThat(trusting.verify().problems()).singleElement().asString().startsWith("m/2:");
    }
  }

  @Test
  void signatureValue_editedInTheVersionFile_failsVerificationUnderATrustPolicy() throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(versionFile("m", 2).toFile());
    ObjectNode sig = (ObjectNode) doc.get("state").get("signatures").get(0);
    byte[] value = java.util.Base64.getDecoder().decode(sig.get("value").asText());
    value[0] ^= 1;
    sig.put("value", java.util.Base64.getEncoder().encodeToString(value));
    JSON.writeValue(versionFile("m", 2).toFile(), doc);

    try (ModelRegistry trusting = ModelRegistry.builder().uri(root.toUri())
        .trustPolicy(TrustPolicy.requireTrusted(Map.of("release", KEYS.getPublic()))).build()) {
      assertThatThrownBy(() -> trusting.load("m/2")).isInstanceOf(IntegrityException.class);
      try (TabularPredictor p = trusting.load("m/3")) {
        RegistryContract.assertPredictsLike(p, IRIS.model());
      }
      List<String> problems = trusting.verify().problems();
      assertThat(problems).singleElement().asString().startsWith("m/2:");
    }
  }

  @Test
  void aliasesFile_withInvalidJson_failsAliasReadsButNotNumberedOnes() throws IOException {
    Files.writeString(root.resolve("meta/models/m/aliases.json"), "[1,2");

    assertThatThrownBy(() -> registry.get("m@champion")).isInstanceOf(IntegrityException.class);
    assertThat(registry.get("m/1").version()).isEqualTo(1);
    assertThat(registry.get("m").version()).isEqualTo(3);
    assertThat(registry.verify().problems()).isNotEmpty().allSatisfy(p -> assertThat(p).contains("aliases.json"));
  }

  @Test
  void registering_afterAVersionFileIsDamaged_stillNumbersOnAndKeepsOtherModelsWorking() throws IOException {
    Files.writeString(versionFile("m", 2), "not json");

    ModelVersion four = registry.register(Registration.model("m", IRIS.otherModel()).build());
    ModelVersion other = registry.register(Registration.bytes("other", "f.bin", new byte[] {1}, ArtifactFormat.RAW).build());

    assertThat(four.version()).isEqualTo(4);
    assertThat(other.version()).isEqualTo(2);
    try (TabularPredictor p = registry.load("m")) {
      RegistryContract.assertPredictsLike(p, IRIS.otherModel());
    }
  }

  @Test
  void versionFile_damagedAfterItsLastChange_neitherHidesTheAuditLogNorBlocksOtherChanges() throws IOException {
    registry.setTag("m", 2, "stage", "staging");
    int events = registry.auditLog("m").size();
    Files.writeString(versionFile("m", 2), "not json");

    assertThat(registry.auditLog("m")).hasSize(events);
    registry.setAlias("m", "champion", 3);
    registry.setTag("m", 1, "stage", "prod");
    assertThat(registry.auditLog("m")).hasSize(events + 2)
        .extracting(AuditEvent::sequence).doesNotHaveDuplicates().isSorted();
    assertThat(registry.aliasAt("m", "champion", java.time.Instant.now())).hasValue(3);
  }

  @Test
  void aliasChange_onAModelThatDoesNotExist_leavesNoTraceInTheStore() {
    assertThatThrownBy(() -> registry.removeAlias("ghost", "champion", 1)).isInstanceOf(dev.mlops.core.NotFoundException.class);
    assertThat(root.resolve("meta/models/ghost")).doesNotExist();
    assertThat(registry.names()).containsExactly("m", "other");
  }

  @Test
  void registering_afterTheFirstVersionFileIsDamaged_stillNumbersOn() throws IOException {
    Files.writeString(versionFile("m", 1), "not json");

    ModelVersion four = registry.register(Registration.model("m", IRIS.otherModel()).build());

    assertThat(four.version()).isEqualTo(4);
    Path data = Files.writeString(root.resolveSibling(root.getFileName() + "-data.csv"), "a,b\n1,2\n");
    try {
      assertThatThrownBy(() -> registry.register(Registration.dataset("m", data).build()))
          .as("the kind check reads the next readable version").isInstanceOf(dev.mlops.core.ConflictException.class);
    } finally {
      Files.deleteIfExists(data);
    }
  }

  @Test
  void anotherRegistryOnTheSameRoot_seesEveryCommittedChange() {
    try (ModelRegistry second = ModelRegistry.open(root)) {
      second.register(Registration.model("m", IRIS.otherModel()).build());
      second.setAlias("m", "champion", 4, java.util.OptionalInt.of(1));
      second.setTag("m", 4, "stage", "prod");
    }

    assertThat(registry.get("m@champion").version()).isEqualTo(4);
    assertThat(registry.get("m/4").tags()).containsEntry("stage", "prod");
    assertThat(registry.auditLog("m")).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    JsonNode layout;
    try {
      layout = JSON.readTree(root.resolve("meta/layout.json").toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(layout.get("schemaVersion").asInt()).isEqualTo(1);
  }
}
