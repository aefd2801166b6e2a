package dev.mlops.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Schema;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ArtifactManifestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant CREATED = Instant.parse("2026-03-01T12:34:56.789Z");
  private static final Digest WEIGHTS = Digest.sha256("weights".getBytes(StandardCharsets.UTF_8));
  private static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
  private static final Digest DATA = Digest.sha256("data".getBytes(StandardCharsets.UTF_8));

  static ModelSignature signature() {
    return new ModelSignature(
        Schema.of(List.of(
            FeatureSpec.numeric("amount"),
            new FeatureSpec("age", FeatureType.LONG),
            new FeatureSpec("member", FeatureType.BOOLEAN),
            new FeatureSpec("country", FeatureType.STRING))),
        OutputSpec.classification(List.of("fraud", "ok")));
  }

  static ArtifactManifest sample() {
    return ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.TRIBUO_PROTOBUF)
        .file(new ArtifactFile("model/weights.bin", WEIGHTS, 1234))
        .file(new ArtifactFile("config.json", CONFIG, 56))
        .signature(signature())
        .metadata("team", "risk")
        .metadata("tribuo.version", "4.3.2")
        .lineage(Lineage.NONE.withRunId("run-42").withParent(new VersionId("fraud", 2)).withDataset(DATA))
        .createdAt(CREATED)
        .build();
  }

  @Test
  void builder_canonicalBytes_parse_roundTripsToEqualManifest() {
    ArtifactManifest m = sample();

    ArtifactManifest parsed = ArtifactManifest.parse(m.canonicalBytes());

    assertThat(parsed).isEqualTo(m);
    assertThat(parsed.digest()).isEqualTo(m.digest());
    assertThat(parsed.canonicalBytes()).isEqualTo(m.canonicalBytes());
  }

  @Test
  void roundTrip_withoutSignatureOrLineage() {
    ArtifactManifest m = ArtifactManifest.builder(ArtifactKind.DATASET, ArtifactFormat.CSV)
        .file(new ArtifactFile("train.csv", DATA, 0))
        .createdAt(CREATED)
        .build();

    ArtifactManifest parsed = ArtifactManifest.parse(m.canonicalBytes());

    assertThat(parsed).isEqualTo(m);
    assertThat(parsed.signature()).isEmpty();
    assertThat(parsed.lineage()).isEqualTo(Lineage.NONE);
    assertThat(parsed.kind()).isEqualTo(ArtifactKind.DATASET);
  }

  @Test
  void canonicalBytes_areCanonicalJsonWithSortedKeys() {
    String json = new String(sample().canonicalBytes(), StandardCharsets.UTF_8);

    assertThat(json).doesNotContain(" ", "\n");
    assertThat(json).startsWith("{\"createdAt\":\"2026-03-01T12:34:56.789Z\",\"files\":[");
    assertThat(json).contains("\"schemaVersion\":1");
  }

  @Test
  void digest_isStableAcrossMetadataInsertionOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    List<String> keys = List.of("a", "b", "c", "d", "team", "z");
    keys.forEach(k -> forward.put(k, "v-" + k));
    List<String> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    reversed.forEach(k -> backward.put(k, "v-" + k));

    ArtifactManifest one = minimal().metadata(forward).build();
    ArtifactManifest two = minimal().metadata(backward).build();

    assertThat(one).isEqualTo(two);
    assertThat(one.digest()).isEqualTo(two.digest());
  }

  @Test
  void digest_isStableAcrossKeyOrderInTheStoredJson() throws Exception {
    ArtifactManifest m = sample();
    JsonNode tree = MAPPER.readTree(m.canonicalBytes());
    byte[] reordered = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(reverseKeys(tree));

    assertThat(new String(reordered, StandardCharsets.UTF_8)).startsWith("{\n  \"signature\"");
    assertThat(ArtifactManifest.parse(reordered).digest()).isEqualTo(m.digest());
  }

  @Test
  void digest_changesWhenAnythingRecordedChanges() {
    Digest base = sample().digest();

    assertThat(minimalWithSampleFiles().digest()).isNotEqualTo(base);
    assertThat(ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.TRIBUO_PROTOBUF)
        .file(new ArtifactFile("model/weights.bin", WEIGHTS, 1235))
        .file(new ArtifactFile("config.json", CONFIG, 56))
        .createdAt(CREATED).build().digest())
        .isNotEqualTo(minimalWithSampleFiles().digest());
  }

  @Test
  void files_areSortedByPath() {
    ArtifactManifest m = ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.RAW)
        .file(new ArtifactFile("z.bin", WEIGHTS, 1))
        .file(new ArtifactFile("a/b.bin", WEIGHTS, 1))
        .file(new ArtifactFile("m.bin", CONFIG, 2))
        .file(new ArtifactFile("a.bin", CONFIG, 2))
        .createdAt(CREATED)
        .build();

    assertThat(m.files()).extracting(ArtifactFile::path).containsExactly("a.bin", "a/b.bin", "m.bin", "z.bin");
    assertThat(m.totalSize()).isEqualTo(6);
    assertThat(m.file("m.bin")).map(ArtifactFile::digest).contains(CONFIG);
    assertThat(m.file("absent.bin")).isEmpty();
  }

  @Test
  void files_areImmutable() {
    ArtifactManifest m = sample();

    assertThatThrownBy(() -> m.files().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void build_rejectsDuplicatePath() {
    ArtifactManifest.Builder b = minimal()
        .file(new ArtifactFile("model.bin", WEIGHTS, 1))
        .file(new ArtifactFile("model.bin", CONFIG, 2));

    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("path"))
        .hasMessageContaining("model.bin");
  }

  @Test
  void build_rejectsManifestWithoutFiles() {
    assertThatThrownBy(() -> ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.ONNX).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("files"));
  }

  @Test
  void build_defaultsCreationTimeToNow_truncatedToMillis() {
    Instant before = Instant.now().minusMillis(1);

    ArtifactManifest m = ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.RAW)
        .file(new ArtifactFile("model.bin", WEIGHTS, 10))
        .build();

    assertThat(m.createdAt()).isBetween(before, Instant.now());
    assertThat(m.createdAt().getNano() % 1_000_000).isZero();
  }

  @Test
  void constructor_truncatesCreationTimeToMillis_soItSurvivesJson() {
    ArtifactManifest m = minimal().createdAt(Instant.parse("2026-01-01T00:00:00.123456789Z")).build();

    assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(ArtifactManifest.parse(m.canonicalBytes())).isEqualTo(m);
  }

  @Test
  void builder_validatesMetadataKeysAndValues() {
    assertThatThrownBy(() -> minimal().metadata("bad key", "v")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> minimal().metadata("k", "bad\u0000value")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void constructor_rejectsSchemaVersion2_withUpgradeAdvice() {
    assertThatThrownBy(() -> new ArtifactManifest(2, ArtifactKind.MODEL, ArtifactFormat.RAW,
            List.of(new ArtifactFile("a", WEIGHTS, 1)), Optional.empty(), Map.of(), Lineage.NONE, CREATED))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("schemaVersion"))
        .hasMessageContaining("upgrade");
  }

  @Test
  void parse_rejectsSchemaVersion2_withUpgradeAdvice() {
    byte[] json = edit(sample(), root -> root.put("schemaVersion", 2));

    assertThatThrownBy(() -> ArtifactManifest.parse(json))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("schemaVersion"))
        .hasMessageContaining("upgrade the SDK");
  }

  @Test
  void parse_rejectsSchemaVersion0() {
    assertParseRejected(edit(sample(), root -> root.put("schemaVersion", 0)));
  }

  @Test
  void parse_rejectsTruncatedJson() {
    byte[] full = sample().canonicalBytes();

    for (int length : new int[] {0, 1, full.length / 3, full.length / 2, full.length - 1}) {
      assertParseRejected(Arrays.copyOf(full, length));
    }
  }

  @Test
  void parse_rejectsJsonThatIsNotAnObject() {
    for (String json : new String[] {"[]", "null", "42", "\"manifest\"", "true", "   "}) {
      assertParseRejected(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void parse_rejectsBytesThatAreNotJson() {
    assertParseRejected(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    assertParseRejected("<manifest/>".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_rejectsDeeplyNestedJson() {
    String json = "{\"schemaVersion\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

    assertParseRejected(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_rejectsMissingFiles() {
    assertParseRejected(edit(sample(), root -> root.remove("files")), "files");
  }

  @Test
  void parse_rejectsFilesThatAreNotAnArray() {
    assertParseRejected(edit(sample(), root -> root.put("files", "model.bin")), "files");
  }

  @Test
  void parse_rejectsEmptyFiles() {
    assertParseRejected(edit(sample(), root -> root.putArray("files")), "files");
  }

  @Test
  void parse_rejectsBadFileDigest() {
    assertParseRejected(edit(sample(), root -> firstFile(root).put("digest", "sha256:XYZ")), "digest");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("digest", "md5:" + "a".repeat(32))), "digest");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("digest", WEIGHTS.hex())), "digest");
  }

  @Test
  void parse_rejectsEscapingFilePath() {
    assertParseRejected(edit(sample(), root -> firstFile(root).put("path", "../../etc/passwd")), "path");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("path", "/etc/passwd")), "path");
  }

  @Test
  void parse_rejectsDuplicateFilePaths() {
    assertParseRejected(edit(sample(), root -> {
      ArrayNode files = (ArrayNode) root.get("files");
      files.add(files.get(0).deepCopy());
    }), "path");
  }

  @Test
  void parse_rejectsMissingOrNonIntegralOrNegativeSize() {
    assertParseRejected(edit(sample(), root -> firstFile(root).remove("size")), "size");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("size", "12")), "size");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("size", 1.5)), "size");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("size", -1)), "size");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("size", 1L << 53)), "size");
    assertParseRejected(edit(sample(), root -> firstFile(root).put("size", BigInteger.TEN.pow(30))), "size");
  }

  @Test
  void parse_rejectsUnknownKindAndBadFormat() {
    assertParseRejected(edit(sample(), root -> root.put("kind", "pipeline")), "kind");
    assertParseRejected(edit(sample(), root -> root.remove("kind")), "kind");
    assertParseRejected(edit(sample(), root -> root.put("format", "ONNX")), "format");
  }

  @Test
  void parse_rejectsBadCreationTime() {
    assertParseRejected(edit(sample(), root -> root.put("createdAt", "yesterday")), "createdAt");
    assertParseRejected(edit(sample(), root -> root.remove("createdAt")), "createdAt");
  }

  @Test
  void parse_rejectsBadSignature() {
    assertParseRejected(edit(sample(), root -> ((ObjectNode) root.get("signature")).remove("inputs")), "inputs");
    assertParseRejected(edit(sample(), root -> ((ObjectNode) root.get("signature")).remove("output")));
    assertParseRejected(edit(sample(), root ->
        ((ObjectNode) root.get("signature").get("inputs").get(0)).put("type", "tensor")), "type");
  }

  @Test
  void parse_rejectsBadLineage() {
    assertParseRejected(edit(sample(), root ->
        ((ArrayNode) root.get("lineage").get("parents")).add("not a version")), "version");
    assertParseRejected(edit(sample(), root ->
        ((ArrayNode) root.get("lineage").get("datasets")).add("sha256:short")), "digest");
  }

  @Test
  void parse_toleratesUnknownFields() {
    ArtifactManifest m = sample();
    byte[] json = edit(m, root -> {
      root.put("addedByANewerSdk", "x");
      root.putObject("annotations").put("k", 1);
      firstFile(root).put("mediaType", "application/octet-stream");
      ((ObjectNode) root.get("lineage")).put("notebook", "n.ipynb");
      ((ObjectNode) root.get("signature")).put("description", "d");
    });

    ArtifactManifest parsed = ArtifactManifest.parse(json);

    assertThat(parsed).isEqualTo(m);
    assertThat(parsed.digest()).isEqualTo(m.digest());
  }

  @Test
  void toJson_isAFreshTreeEachCall() {
    ArtifactManifest m = sample();
    ((ObjectNode) m.toJson()).put("schemaVersion", 9);

    assertThat(m.toJson().get("schemaVersion").intValue()).isEqualTo(1);
  }

  @Test
  void versionId_parsesAndPrints() {
    VersionId v = VersionId.parse("fraud.detector/12");

    assertThat(v).isEqualTo(new VersionId("fraud.detector", 12));
    assertThat(v).hasToString("fraud.detector/12");
    for (String bad : new String[] {"fraud", "fraud/", "/3", "fraud/x", "fraud/0", "fraud/-1", "Fraud/1", "a/b/1"}) {
      assertThatThrownBy(() -> VersionId.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void artifactFormat_andKind_validateTheirIds() {
    assertThat(new ArtifactFormat("safetensors+zip")).hasToString("safetensors+zip");
    assertThatThrownBy(() -> new ArtifactFormat("Onnx")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ArtifactFormat("")).isInstanceOf(InvalidInputException.class);
    assertThat(ArtifactKind.fromId("dataset")).isEqualTo(ArtifactKind.DATASET);
    assertThatThrownBy(() -> ArtifactKind.fromId("MODEL")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void artifactFile_rejectsBadPathAndSizesOutOfRange() {
    assertThatThrownBy(() -> new ArtifactFile("../x", WEIGHTS, 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ArtifactFile("x", WEIGHTS, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArtifactFile("x", WEIGHTS, 1L << 53)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundTrip_keepsLargestRepresentableSizeExactly() {
    long largest = (1L << 53) - 1;
    ArtifactManifest m = minimal().file(new ArtifactFile("huge.bin", WEIGHTS, largest)).build();

    ArtifactManifest parsed = ArtifactManifest.parse(m.canonicalBytes());

    assertThat(parsed.file("huge.bin")).map(ArtifactFile::size).contains(largest);
  }

  private static ArtifactManifest.Builder minimal() {
    return ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.RAW)
        .file(new ArtifactFile("model.bin", WEIGHTS, 10))
        .createdAt(CREATED);
  }

  private static ArtifactManifest minimalWithSampleFiles() {
    return ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.TRIBUO_PROTOBUF)
        .file(new ArtifactFile("model/weights.bin", WEIGHTS, 1234))
        .file(new ArtifactFile("config.json", CONFIG, 56))
        .createdAt(CREATED)
        .build();
  }

  private static ObjectNode firstFile(ObjectNode root) {
    return (ObjectNode) root.get("files").get(0);
  }

  private static byte[] edit(ArtifactManifest m, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(m.canonicalBytes());
      change.accept(root);
      return MAPPER.writeValueAsBytes(root);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode reverseKeys(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      Collections.reverse(entries);
      ObjectNode out = MAPPER.createObjectNode();
      entries.forEach(e -> out.set(e.getKey(), reverseKeys(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      node.forEach(n -> out.add(reverseKeys(n)));
      return out;
    }
    return node;
  }

  private static void assertParseRejected(byte[] json) {
    assertThatThrownBy(() -> ArtifactManifest.parse(json)).isInstanceOf(InvalidInputException.class);
  }

  private static void assertParseRejected(byte[] json, String field) {
    assertThatThrownBy(() -> ArtifactManifest.parse(json))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
