package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.core.signing.ManifestSigner;
import dev.mlops.core.signing.TrustPolicy;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.registry.spi.VersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The registry's behaviour, written once and run over every built-in store by the subclasses. Each
 * test gets fresh, empty stores; {@link #open(Consumer)} opens further registries on the same stores
 * (another instance, as another process would).
 */
abstract class RegistryContract {
  static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
  static final IrisData IRIS = IrisData.get();

  /** Scratch space for files to register and directories to load into. */
  @TempDir Path tmp;

  final AtomicReference<String> principal = new AtomicReference<>("alice");
  final MutableClock clock = new MutableClock(START);
  final List<AutoCloseable> toClose = new ArrayList<>();
  ModelRegistry registry;

  /** A new builder naming this test's stores (the same stores on every call). */
  abstract ModelRegistry.Builder onStores();

  /** Replaces the stored bytes of a blob behind the store's back (corruption, truncation, repair). */
  abstract void overwriteBlob(Digest digest, byte[] bytes);

  @BeforeEach
  void openRegistry() {
    registry = open(b -> {});
  }

  @AfterEach
  void closeRegistries() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Opens another registry on this test's stores, with this test's principal and clock. */
  ModelRegistry open(Consumer<ModelRegistry.Builder> options) {
    ModelRegistry.Builder b = onStores().principal(principal::get).clock(clock);
    options.accept(b);
    ModelRegistry r = b.build();
    toClose.add(r);
    return r;
  }

  // ------------------------------------------------------------------ helpers

  ModelVersion registerModel(String name) {
    return registry.register(Registration.model(name, IRIS.model()).build());
  }

  ModelVersion registerBytes(String name, String content) {
    return registry.register(Registration.bytes(name, "payload.bin", utf8(content), ArtifactFormat.RAW).build());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Digest onlyBlob(ModelVersion v) {
    assertThat(v.manifest().files()).hasSize(1);
    return v.manifest().files().get(0).digest();
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static void assertPredictsLike(TabularPredictor p, Model<Label> reference) {
    for (int i = 0; i < IRIS.size(); i++) {
      Prediction actual = p.predict(IRIS.features(i));
      assertThat(actual).as("row %d", i).isEqualTo(IrisData.reference(reference, IRIS, i));
    }
  }

  static void awaitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + " did not happen within " + timeout);
      }
      Thread.sleep(5);
    }
  }

  /** Everything visible about the stores, to check that a refused call changed nothing. */
  record Snapshot(List<String> names, Map<String, List<String>> versions, Map<String, Map<String, Integer>> aliases,
      Map<String, List<AuditEvent>> audit) {}

  Snapshot snapshot() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> aliases = new LinkedHashMap<>();
    Map<String, List<AuditEvent>> audit = new LinkedHashMap<>();
    for (String n : registry.names()) {
      versions.put(n, registry.versions(n).stream()
          .map(v -> v.id() + " " + v.manifestDigest() + " r" + v.revision() + " " + v.status() + " " + v.tags()).toList());
      aliases.put(n, registry.aliases(n));
      audit.put(n, registry.auditLog(n));
    }
    return new Snapshot(registry.names(), versions, aliases, audit);
  }

  // ================================================================== registering

  @Nested
  class Registering {
    @Test
    void register_tribuoModel_recordsKindFormatSignatureAndOneProtobufFile() {
      ModelVersion v = registerModel("iris");

      assertThat(v.id()).isEqualTo(new VersionId("iris", 1));
      assertThat(v.kind()).isEqualTo(ArtifactKind.MODEL);
      assertThat(v.manifest().format()).isEqualTo(ArtifactFormat.TRIBUO_PROTOBUF);
      assertThat(v.manifest().files()).extracting(ArtifactFile::path).containsExactly("model.tribuo.pb");
      assertThat(v.manifest().signature()).isPresent();
      assertThat(v.manifest().signature().get().inputs().names())
          .containsExactlyInAnyOrderElementsOf(IRIS.featureNames());
      assertThat(v.manifest().metadata()).containsKey("tribuo.modelClass");
      assertThat(v.manifestDigest()).isEqualTo(Digest.sha256(v.manifest().canonicalBytes()));
      assertThat(v.status()).isEqualTo(VersionStatus.ACTIVE);
      assertThat(v.revision()).isEqualTo(1);
      assertThat(v.registeredBy()).isEqualTo("alice");
      assertThat(v.registeredAt()).isEqualTo(START);
      assertThat(registry.get("iris/1")).isEqualTo(v);
    }

    @Test
    void register_sameNameThreeTimes_numbersVersionsOneTwoThreeAndEachNameCountsAlone() {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        numbers.add(registerBytes("alpha", "content " + i).version());
      }
      int other = registerBytes("beta", "other").version();

      assertThat(numbers).containsExactly(1, 2, 3);
      assertThat(other).isEqualTo(1);
      assertThat(registry.versions("alpha")).extracting(ModelVersion::version).containsExactly(1, 2, 3);
    }

    @Test
    void register_sameBytesTwice_givesTwoVersionsSharingOneBlob() {
      ModelVersion a = registerBytes("m", "same");
      clock.advance(Duration.ofSeconds(1));
      ModelVersion b = registerBytes("m", "same");

      assertThat(b.version()).isEqualTo(2);
      assertThat(onlyBlob(b)).isEqualTo(onlyBlob(a));
      assertThat(b.manifestDigest()).isNotEqualTo(a.manifestDigest());
    }

    @Test
    void register_file_storesItUnderItsFileNameWithTheExactBytes() throws IOException {
      byte[] content = new byte[4096 + 17];
      new java.util.Random(7).nextBytes(content);
      Path file = Files.write(tmp.resolve("weights.onnx"), content);

      ModelVersion v = registry.register(Registration.file("onnx-model", file, ArtifactFormat.RAW).build());

      assertThat(v.manifest().format()).isEqualTo(ArtifactFormat.RAW);
      assertThat(v.manifest().files()).containsExactly(new ArtifactFile("weights.onnx", Digest.sha256(content), content.length));
      assertThat(readAll(registry.openFile("onnx-model/1", "weights.onnx"))).isEqualTo(content);
      assertThat(registry.blobStore().read(Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void register_directory_recordsEveryNestedFileUnderItsRelativePath() throws IOException {
      Path dir = tmp.resolve("export");
      Files.createDirectories(dir.resolve("sub/deeper"));
      Files.write(dir.resolve("config.json"), utf8("{\"a\":1}"));
      Files.write(dir.resolve("sub/weights.bin"), new byte[] {1, 2, 3, 4, 5});
      Files.write(dir.resolve("sub/deeper/vocab.txt"), utf8("a\nb\nc\n"));

      ModelVersion v = registry.register(Registration.directory("bundle", dir, new ArtifactFormat("custom-bundle")).build());

      assertThat(v.manifest().files()).containsExactly(
          new ArtifactFile("config.json", Digest.sha256(utf8("{\"a\":1}")), 7),
          new ArtifactFile("sub/deeper/vocab.txt", Digest.sha256(utf8("a\nb\nc\n")), 6),
          new ArtifactFile("sub/weights.bin", Digest.sha256(new byte[] {1, 2, 3, 4, 5}), 5));
      assertThat(readAll(registry.openFile("bundle", "sub/deeper/vocab.txt"))).isEqualTo(utf8("a\nb\nc\n"));
      assertThat(v.manifest().totalSize()).isEqualTo(18);
    }

    @Test
    void register_bytes_keepsACopyUnaffectedByLaterChangesToTheArray() throws IOException {
      byte[] content = utf8("original");
      Registration r = Registration.bytes("b", "data/blob.bin", content, ArtifactFormat.RAW).build();
      content[0] = 'X';

      registry.register(r);

      assertThat(readAll(registry.openFile("b/1", "data/blob.bin"))).isEqualTo(utf8("original"));
    }

    @Test
    void register_datasetCsv_isDatasetKindWithCsvFormatAndLineageCanNameIt() throws IOException {
      Path csv = Files.write(tmp.resolve("iris.csv"), IRIS.csvBytes());

      ModelVersion data = registry.register(Registration.dataset("iris-data", csv).description("Fisher's iris").build());
      ModelVersion model = registry.register(Registration.model("iris", IRIS.model())
          .dataset(data.manifestDigest()).runId("run-42").parent(new VersionId("iris-data", 1)).build());

      assertThat(data.kind()).isEqualTo(ArtifactKind.DATASET);
      assertThat(data.manifest().format()).isEqualTo(ArtifactFormat.CSV);
      assertThat(data.description()).isEqualTo("Fisher's iris");
      assertThat(readAll(registry.openFile("iris-data", "iris.csv"))).isEqualTo(IRIS.csvBytes());
      assertThat(model.manifest().lineage().datasets()).containsExactly(data.manifestDigest());
      assertThat(model.manifest().lineage().runId()).contains("run-42");
      assertThat(model.manifest().lineage().parents()).containsExactly(new VersionId("iris-data", 1));
    }

    @Test
    void register_datasetDirectory_isDatasetKind() throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("parts"));
      Files.write(dir.resolve("part-0.csv"), utf8("x\n1\n"));
      Files.write(dir.resolve("part-1.csv"), utf8("x\n2\n"));

      ModelVersion v = registry.register(Registration.datasetDirectory("parts", dir, ArtifactFormat.CSV).build());

      assertThat(v.kind()).isEqualTo(ArtifactKind.DATASET);
      assertThat(v.manifest().files()).extracting(ArtifactFile::path).containsExactly("part-0.csv", "part-1.csv");
    }

    @Test
    void register_modelUnderADatasetName_throwsConflictAndRegistersNothing() throws IOException {
      Path csv = Files.write(tmp.resolve("d.csv"), utf8("a\n1\n"));
      registry.register(Registration.dataset("shared", csv).build());
      Snapshot before = snapshot();

      assertThatThrownBy(() -> registerModel("shared")).isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).reference()).isEqualTo("shared"));
      assertThat(snapshot()).isEqualTo(before);
      assertThat(registry.verify().isClean()).isTrue();
    }

    @Test
    void register_datasetUnderAModelName_throwsConflictAndRegistersNothing() throws IOException {
      registerBytes("shared", "model bytes");
      Path csv = Files.write(tmp.resolve("d.csv"), utf8("a\n1\n"));
      Snapshot before = snapshot();

      assertThatThrownBy(() -> registry.register(Registration.dataset("shared", csv).build()))
          .isInstanceOf(ConflictException.class);
      assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void register_withTagsMetadataAndDescription_recordsThemAll() {
      ModelVersion v = registry.register(Registration.bytes("m", "f.bin", utf8("x"), ArtifactFormat.RAW)
          .tag("team", "risk").tag("stage", "dev").metadata("source", "unit-test").description("first try").build());

      ModelVersion read = registry.get("m/1");
      assertThat(read.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "risk", "stage", "dev"));
      assertThat(read.manifest().metadata()).containsEntry("source", "unit-test");
      assertThat(read.description()).isEqualTo("first try");
      assertThat(read).isEqualTo(v);
    }
  }

  // ================================================================== reading

  @Nested
  class Reading {
    @Test
    void get_byNameNumberAndAlias_resolvesToTheRightVersion() {
      for (int i = 1; i <= 3; i++) {
        registerBytes("m", "v" + i);
      }
      registry.setAlias("m", "champion", 2);

      assertThat(registry.get("m").version()).isEqualTo(3);
      assertThat(registry.get("m/3").version()).isEqualTo(3);
      assertThat(registry.get("m/1").version()).isEqualTo(1);
      assertThat(registry.get("m", 1)).isEqualTo(registry.get("m/1"));
      assertThat(registry.get("m@champion").version()).isEqualTo(2);
      assertThat(registry.get("m@champion")).isEqualTo(registry.get("m/2"));
    }

    @Test
    void versions_listsEveryVersionAscendingAndNothingForAnUnknownName() {
      for (int i = 1; i <= 4; i++) {
        registerBytes("m", "v" + i);
      }

      assertThat(registry.versions("m")).extracting(v -> v.id().toString()).containsExactly("m/1", "m/2", "m/3", "m/4");
      assertThat(registry.versions("unknown")).isEmpty();
    }

    @Test
    void names_listsEveryNameWithAVersionSorted() {
      assertThat(registry.names()).isEmpty();
      registerBytes("zeta", "z");
      registerBytes("alpha", "a");
      registerBytes("mid.dle_name-1", "m");

      assertThat(registry.names()).containsExactly("alpha", "mid.dle_name-1", "zeta");
    }

    @Test
    void search_byNamePrefixTagKindAndStatus_returnsExactlyTheMatchesInNameThenVersionOrder() throws IOException {
      registry.register(Registration.model("fraud-b", IRIS.model()).tag("team", "risk").build());
      registry.register(Registration.bytes("fraud-a", "f", utf8("1"), ArtifactFormat.RAW).tag("team", "growth").build());
      registry.register(Registration.bytes("fraud-a", "f", utf8("2"), ArtifactFormat.RAW).tag("team", "risk").build());
      registry.register(Registration.bytes("churn", "f", utf8("3"), ArtifactFormat.RAW).tag("team", "risk").build());
      registry.register(Registration.dataset("fraud-data", Files.write(tmp.resolve("d.csv"), utf8("a\n1\n"))).build());
      registry.archive("fraud-a", 1, "superseded");

      assertThat(ids(VersionQuery.builder().namePrefix("fraud").build()))
          .containsExactly("fraud-a/1", "fraud-a/2", "fraud-b/1", "fraud-data/1");
      assertThat(ids(VersionQuery.builder().tag("team", "risk").build())).containsExactly("churn/1", "fraud-a/2", "fraud-b/1");
      assertThat(ids(VersionQuery.builder().kind(ArtifactKind.DATASET).build())).containsExactly("fraud-data/1");
      assertThat(ids(VersionQuery.builder().status(VersionStatus.ARCHIVED).build())).containsExactly("fraud-a/1");
      assertThat(ids(VersionQuery.builder().namePrefix("fraud-").kind(ArtifactKind.MODEL).status(VersionStatus.ACTIVE)
          .tag("team", "risk").build())).containsExactly("fraud-a/2", "fraud-b/1");
      assertThat(ids(VersionQuery.builder().build())).hasSize(5);
      assertThat(ids(VersionQuery.builder().namePrefix("nothing").build())).isEmpty();
      assertThat(ids(VersionQuery.builder().tag("team", "nobody").build())).isEmpty();
    }

    private List<String> ids(VersionQuery q) {
      return registry.search(q).stream().map(v -> v.id().toString()).toList();
    }
  }

  // ================================================================== mutable state

  @Nested
  class State {
    @Test
    void setTag_thenRemoveTag_changesOnlyThatTagAndIncrementsTheRevision() {
      registry.register(Registration.bytes("m", "f", utf8("x"), ArtifactFormat.RAW).tag("keep", "me").build());

      ModelVersion tagged = registry.setTag("m", 1, "team", "risk");
      assertThat(tagged.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "me", "team", "risk"));
      assertThat(tagged.revision()).isEqualTo(2);
      assertThat(registry.get("m/1").tags()).isEqualTo(tagged.tags());

      ModelVersion retagged = registry.setTag("m", 1, "team", "growth");
      assertThat(retagged.tags()).containsEntry("team", "growth");

      ModelVersion untagged = registry.removeTag("m", 1, "team");
      assertThat(untagged.tags()).containsExactlyEntriesOf(Map.of("keep", "me"));
      assertThat(untagged.revision()).isEqualTo(4);
      assertThat(registry.get("m/1").tags()).containsExactlyEntriesOf(Map.of("keep", "me"));
      assertThat(untagged.manifestDigest()).isEqualTo(tagged.manifestDigest());
    }

    @Test
    void setDescription_replacesTheTextAndCanClearIt() {
      registry.register(Registration.bytes("m", "f", utf8("x"), ArtifactFormat.RAW).description("old").build());

      assertThat(registry.setDescription("m", 1, "new\n\twith layout").description()).isEqualTo("new\n\twith layout");
      assertThat(registry.get("m/1").description()).isEqualTo("new\n\twith layout");
      assertThat(registry.setDescription("m", 1, "").description()).isEmpty();
    }

    @Test
    void deprecate_thenReactivate_recordsStatusAndReason() {
      registerModel("m");

      ModelVersion d = registry.deprecate("m", 1, "drifted");
      assertThat(d.status()).isEqualTo(VersionStatus.DEPRECATED);
      assertThat(d.statusReason()).isEqualTo("drifted");
      try (TabularPredictor p = registry.load("m/1")) {
        assertPredictsLike(p, IRIS.model());
      }

      ModelVersion a = registry.setStatus("m", 1, VersionStatus.ACTIVE, "false alarm");
      assertThat(a.status()).isEqualTo(VersionStatus.ACTIVE);
      assertThat(registry.get("m").version()).isEqualTo(1);
    }
  }

  // ================================================================== loading

  @Nested
  class Loading {
    @Test
    void load_tribuoModel_predictsExactlyLikeTheOriginalOnEveryRow() {
      registerModel("iris");
      registry.setAlias("iris", "champion", 1);

      for (String ref : List.of("iris", "iris/1", "iris@champion")) {
        try (TabularPredictor p = registry.load(ref)) {
          assertPredictsLike(p, IRIS.model());
        }
      }
    }

    @Test
    void load_eachVersion_predictsLikeTheModelRegisteredAsThatVersion() {
      registerModel("iris");
      registry.register(Registration.model("iris", IRIS.otherModel()).build());

      try (TabularPredictor one = registry.load("iris/1"); TabularPredictor two = registry.load("iris/2")) {
        assertPredictsLike(one, IRIS.model());
        assertPredictsLike(two, IRIS.otherModel());
      }
    }

    @Test
    void predict_withAMissingFeature_throwsInvalidInputNamingTheFeature() {
      registerModel("iris");
      Map<String, Object> row = IRIS.features(0);
      row.remove("petal_width_cm");

      try (TabularPredictor p = registry.load("iris")) {
        assertThatThrownBy(() -> p.predict(row)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("petal_width_cm")
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("petal_width_cm"));
      }
    }

    @Test
    void predict_withAnUnknownFeature_throwsInvalidInputNamingTheFeature() {
      registerModel("iris");
      Map<String, Object> row = IRIS.features(0);
      row.put("petal_colour", 3.0);

      try (TabularPredictor p = registry.load("iris")) {
        assertThatThrownBy(() -> p.predict(row)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("petal_colour")
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("petal_colour"));
      }
    }

    @Test
    void load_aDataset_throwsInvalidInput() throws IOException {
      registry.register(Registration.dataset("iris-data", Files.write(tmp.resolve("iris.csv"), IRIS.csvBytes())).build());

      assertThatThrownBy(() -> registry.load("iris-data")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("data set");
    }

    @Test
    void load_aFormatNoLoaderReads_throwsInvalidInputNamingTheFormat() {
      registerBytes("blob", "not a model");

      assertThatThrownBy(() -> registry.load("blob")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("raw")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("format"));
    }

    @Test
    void load_bytesDeclaredTribuoThatAreNotATribuoModel_throwsIntegrity() {
      registry.register(Registration.bytes("fake", TribuoModels.MODEL_FILE, utf8("garbage"), ArtifactFormat.TRIBUO_PROTOBUF)
          .signature(TribuoModels.signatureOf(IRIS.model())).build());
      registry.register(Registration.bytes("unsigned", TribuoModels.MODEL_FILE, TribuoModels.serialize(IRIS.model()),
          ArtifactFormat.TRIBUO_PROTOBUF).build());

      assertThatThrownBy(() -> registry.load("fake")).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> registry.load("unsigned")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("signature");
    }

    @Test
    void openFile_ofAPathNotInTheManifest_throwsNotFound() {
      registerBytes("m", "x");

      assertThatThrownBy(() -> registry.openFile("m", "other.bin")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void loadFiles_writesEveryFileOfADirectoryArtifactWithItsBytes() throws IOException {
      Path dir = tmp.resolve("export");
      Files.createDirectories(dir.resolve("a/b"));
      Files.write(dir.resolve("top.txt"), utf8("top"));
      Files.write(dir.resolve("a/mid.txt"), utf8("middle"));
      Files.write(dir.resolve("a/b/leaf.bin"), new byte[] {9, 8, 7});
      registry.register(Registration.directory("bundle", dir, ArtifactFormat.RAW).build());
      Path target = tmp.resolve("out/bundle");

      ModelVersion v = registry.loadFiles("bundle/1", target);

      assertThat(v.id()).isEqualTo(new VersionId("bundle", 1));
      assertThat(Files.readAllBytes(target.resolve("top.txt"))).isEqualTo(utf8("top"));
      assertThat(Files.readAllBytes(target.resolve("a/mid.txt"))).isEqualTo(utf8("middle"));
      assertThat(Files.readAllBytes(target.resolve("a/b/leaf.bin"))).isEqualTo(new byte[] {9, 8, 7});
      try (Stream<Path> all = Files.walk(target)) {
        assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(3);
      }
      try (Stream<Path> siblings = Files.list(target.getParent())) {
        assertThat(siblings).containsExactly(target);
      }
    }

    @Test
    void loadFiles_intoAnExistingTarget_throwsInvalidInputAndLeavesItAlone() throws IOException {
      registerBytes("m", "x");
      Path target = Files.createDirectories(tmp.resolve("exists"));
      Files.write(target.resolve("mine.txt"), utf8("keep"));

      assertThatThrownBy(() -> registry.loadFiles("m", target)).isInstanceOf(InvalidInputException.class);
      try (Stream<Path> files = Files.list(target)) {
        assertThat(files).containsExactly(target.resolve("mine.txt"));
      }
      assertThat(Files.readAllBytes(target.resolve("mine.txt"))).isEqualTo(utf8("keep"));
    }

    @Test
    void loadFiles_withACorruptedBlob_throwsIntegrityAndLeavesNoTargetAndNoPartialDirectory() throws IOException {
      Path dir = tmp.resolve("export");
      Files.createDirectories(dir);
      Files.write(dir.resolve("a.txt"), utf8("first file"));
      Files.write(dir.resolve("b.txt"), utf8("second file"));
      ModelVersion v = registry.register(Registration.directory("bundle", dir, ArtifactFormat.RAW).build());
      overwriteBlob(v.manifest().file("b.txt").orElseThrow().digest(), utf8("SECOND FILE"));
      Path parent = Files.createDirectories(tmp.resolve("out"));
      Path target = parent.resolve("bundle");

      assertThatThrownBy(() -> registry.loadFiles("bundle", target)).isInstanceOf(IntegrityException.class);
      assertThat(target).doesNotExist();
      try (Stream<Path> left = Files.list(parent)) {
        assertThat(left).isEmpty();
      }
    }
  }

  // ================================================================== integrity of bytes

  @Nested
  class Integrity {
    @Test
    void verify_onAnIntactStore_isCleanAndCountsWhatItChecked() {
      registerModel("iris");
      registerBytes("m", "one");
      registerBytes("m", "two");

      VerificationReport report = registry.verify();

      assertThat(report.problems()).isEmpty();
      assertThat(report.isClean()).isTrue();
      assertThat(report.versionsChecked()).isEqualTo(3);
      assertThat(report.blobsChecked()).isEqualTo(3);
      assertThat(report.unreferencedBlobs()).isZero();
    }

    @Test
    void load_aBlobOverwrittenWithOtherBytesOfTheSameLength_throwsIntegrityAndVerifyReportsOnlyThatVersion() {
      ModelVersion good = registerModel("iris");
      ModelVersion bad = registry.register(Registration.model("iris", IRIS.otherModel()).build());
      Digest d = onlyBlob(bad);
      byte[] original = registry.blobStore().read(d);
      byte[] flipped = original.clone();
      flipped[flipped.length / 2] ^= 0x5a;
      overwriteBlob(d, flipped);

      assertThatThrownBy(() -> registry.load("iris/2")).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> readAll(registry.openFile("iris/2", "model.tribuo.pb"))).isInstanceOf(IntegrityException.class);
      try (TabularPredictor p = registry.load("iris/1")) {
        assertPredictsLike(p, IRIS.model());
      }
      VerificationReport report = registry.verify();
      assertThat(report.problems()).hasSize(1);
      assertThat(report.problems().get(0)).startsWith("iris/2:");
      assertThat(good.version()).isEqualTo(1);
    }

    @Test
    void load_aTruncatedBlob_throwsIntegrityAndVerifyReportsIt() {
      registerModel("iris");
      ModelVersion v = registry.register(Registration.model("iris", IRIS.otherModel()).build());
      byte[] original = registry.blobStore().read(onlyBlob(v));
      overwriteBlob(onlyBlob(v), java.util.Arrays.copyOf(original, original.length - 10));

      assertThatThrownBy(() -> registry.load("iris")).isInstanceOf(IntegrityException.class);
      assertThat(registry.verify().problems()).singleElement().asString().startsWith("iris/2:");
      try (TabularPredictor p = registry.load("iris/1")) {
        assertPredictsLike(p, IRIS.model());
      }
    }

    @Test
    void verify_aCorruptedBlobSharedByTwoVersions_reportsBothVersions() {
      ModelVersion one = registerBytes("m", "shared bytes");
      clock.advance(Duration.ofSeconds(1));
      ModelVersion two = registerBytes("m", "shared bytes");
      registerBytes("other", "intact");
      overwriteBlob(onlyBlob(one), utf8("SHARED BYTES"));

      List<String> problems = registry.verify().problems();

      assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("m/1:"));
      assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("m/2:"));
      assertThat(problems).noneSatisfy(p -> assertThat(p).startsWith("other/"));
      assertThat(two.version()).isEqualTo(2);
    }

    @Test
    void verify_afterABlobIsRepaired_isCleanAgain() {
      ModelVersion v = registerBytes("m", "good");
      overwriteBlob(onlyBlob(v), utf8("evil"));
      assertThat(registry.verify().isClean()).isFalse();

      overwriteBlob(onlyBlob(v), utf8("good"));

      assertThat(registry.verify().isClean()).isTrue();
    }
  }

  // ================================================================== aliases

  @Nested
  class Aliases {
    @BeforeEach
    void threeVersions() {
      for (int i = 1; i <= 3; i++) {
        registerBytes("m", "v" + i);
      }
    }

    @Test
    void setAlias_withTheExpectedCurrentValue_movesTheAlias() {
      registry.setAlias("m", "champion", 1, OptionalInt.empty());
      registry.setAlias("m", "champion", 2, OptionalInt.of(1));

      assertThat(registry.aliases("m")).containsExactlyEntriesOf(Map.of("champion", 2));
      assertThat(registry.get("m@champion").version()).isEqualTo(2);
    }

    @Test
    void setAlias_withStaleExpectedValue_throwsConflictAndLeavesAliasAndAuditUnchanged() {
      registry.setAlias("m", "champion", 1, OptionalInt.empty());
      registry.setAlias("m", "champion", 2, OptionalInt.of(1));
      List<AuditEvent> before = registry.auditLog("m");

      assertThatThrownBy(() -> registry.setAlias("m", "champion", 3, OptionalInt.of(1)))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> {
            ConflictException c = (ConflictException) e;
            assertThat(c.reference()).isEqualTo("m@champion");
            assertThat(c.expected()).contains("1");
            assertThat(c.actual()).contains("2");
          });
      assertThat(registry.aliases("m")).containsExactlyEntriesOf(Map.of("champion", 2));
      assertThat(registry.auditLog("m")).isEqualTo(before);
    }

    @Test
    void setAlias_expectingUnsetWhenTheAliasIsSet_throwsConflictAndLeavesItUnchanged() {
      registry.setAlias("m", "champion", 1);
      List<AuditEvent> before = registry.auditLog("m");

      assertThatThrownBy(() -> registry.setAlias("m", "champion", 2, OptionalInt.empty())).isInstanceOf(ConflictException.class);
      assertThat(registry.aliases("m")).containsEntry("champion", 1);
      assertThat(registry.auditLog("m")).isEqualTo(before);
    }

    @Test
    void setAlias_expectingAValueWhenTheAliasIsUnset_throwsConflict() {
      assertThatThrownBy(() -> registry.setAlias("m", "champion", 2, OptionalInt.of(1))).isInstanceOf(ConflictException.class);
      assertThat(registry.aliases("m")).isEmpty();
    }

    @Test
    void setAlias_unconditional_movesWhateverItPointedAt() {
      registry.setAlias("m", "champion", 1);
      registry.setAlias("m", "champion", 3);
      registry.setAlias("m", "challenger", 2);

      assertThat(registry.aliases("m")).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("challenger", 2, "champion", 3)));
    }

    @Test
    void setAlias_toTheVersionItAlreadyPointsAt_addsNoAuditEvent() {
      registry.setAlias("m", "champion", 2);
      int events = registry.auditLog("m").size();

      registry.setAlias("m", "champion", 2);
      registry.setAlias("m", "champion", 2, OptionalInt.of(2));

      assertThat(registry.auditLog("m")).hasSize(events);
      assertThat(registry.aliases("m")).containsEntry("champion", 2);
    }

    @Test
    void removeAlias_withTheExpectedValue_removesItAndTheReferenceNoLongerResolves() {
      registry.setAlias("m", "champion", 2);

      registry.removeAlias("m", "champion", 2);

      assertThat(registry.aliases("m")).isEmpty();
      assertThatThrownBy(() -> registry.get("m@champion")).isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(((NotFoundException) e).kind()).isEqualTo("alias"));
    }

    @Test
    void removeAlias_withAStaleExpectedValue_throwsConflictAndKeepsIt() {
      registry.setAlias("m", "champion", 2);

      assertThatThrownBy(() -> registry.removeAlias("m", "champion", 1)).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> registry.removeAlias("m", "nobody", 1)).isInstanceOf(ConflictException.class);
      assertThat(registry.aliases("m")).containsExactlyEntriesOf(Map.of("champion", 2));
    }

    @Test
    void setAlias_toAnArchivedVersion_throwsConflictAndLeavesTheAliasUnchanged() {
      registry.setAlias("m", "champion", 1);
      registry.archive("m", 2, "bad");
      List<AuditEvent> before = registry.auditLog("m");

      assertThatThrownBy(() -> registry.setAlias("m", "champion", 2)).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> registry.setAlias("m", "champion", 2, OptionalInt.of(1))).isInstanceOf(ConflictException.class);
      assertThat(registry.aliases("m")).containsExactlyEntriesOf(Map.of("champion", 1));
      assertThat(registry.auditLog("m")).isEqualTo(before);
    }

    @Test
    void setAlias_toAVersionThatDoesNotExist_throwsNotFound() {
      assertThatThrownBy(() -> registry.setAlias("m", "champion", 4)).isInstanceOf(NotFoundException.class);
      assertThat(registry.aliases("m")).isEmpty();
    }

    @Test
    void archive_whileAnAliasPointsAtTheVersion_throwsConflictAndLeavesItActive() {
      registry.setAlias("m", "champion", 2);

      assertThatThrownBy(() -> registry.archive("m", 2, "old")).isInstanceOf(ConflictException.class)
          .hasMessageContaining("champion");
      assertThat(registry.get("m/2").status()).isEqualTo(VersionStatus.ACTIVE);

      registry.setAlias("m", "champion", 3);
      assertThat(registry.archive("m", 2, "old").status()).isEqualTo(VersionStatus.ARCHIVED);
    }

    @Test
    void bareName_skipsArchivedAndDeprecatedVersions() {
      registry.deprecate("m", 3, "drift");
      registry.archive("m", 2, "bad data");

      assertThat(registry.get("m").version()).isEqualTo(1);

      registry.deprecate("m", 1, "old");
      assertThatThrownBy(() -> registry.get("m")).isInstanceOf(NotFoundException.class);
      assertThat(registry.get("m/3").status()).isEqualTo(VersionStatus.DEPRECATED);
    }

    @Test
    void alias_toADeprecatedVersion_isAllowedAndResolves() {
      registry.deprecate("m", 2, "old");

      registry.setAlias("m", "fallback", 2);

      assertThat(registry.get("m@fallback").status()).isEqualTo(VersionStatus.DEPRECATED);
      assertThat(registry.get("m").version()).isEqualTo(3);
    }

    @Test
    void archivedVersion_loadsOnlyByItsNumber() {
      registry.register(Registration.model("iris", IRIS.model()).build());
      registry.register(Registration.model("iris", IRIS.otherModel()).build());
      registry.archive("iris", 2, "worse");

      try (TabularPredictor p = registry.load("iris/2")) {
        assertPredictsLike(p, IRIS.otherModel());
      }
      try (TabularPredictor p = registry.load("iris")) {
        assertPredictsLike(p, IRIS.model());
      }
      assertThat(registry.get("iris/2").status()).isEqualTo(VersionStatus.ARCHIVED);
      assertThatThrownBy(() -> registry.setAlias("iris", "champion", 2)).isInstanceOf(ConflictException.class);
    }
  }

  // ================================================================== audit

  @Nested
  class Audit {
    @Test
    void auditLog_recordsEveryChangeWithPrincipalTimePreviousAndCurrentValuesNumberedGaplessly() {
      KeyPair keys = ManifestSigner.generateKeyPair();
      ManifestSigner signer = new ManifestSigner("release-key", keys.getPrivate());
      Instant t1 = clock.instant();
      ModelVersion v1 = registerBytes("m", "one");
      principal.set("bob");
      Instant t2 = clock.advance(Duration.ofSeconds(1));
      ModelVersion v2 = registerBytes("m", "two");
      Instant t3 = clock.advance(Duration.ofSeconds(1));
      registry.setAlias("m", "champion", 1);
      Instant t4 = clock.advance(Duration.ofSeconds(1));
      registry.setAlias("m", "champion", 2, OptionalInt.of(1));
      principal.set("carol");
      Instant t5 = clock.advance(Duration.ofSeconds(1));
      registry.setTag("m", 1, "team", "risk");
      Instant t6 = clock.advance(Duration.ofSeconds(1));
      registry.setTag("m", 1, "team", "fraud");
      Instant t7 = clock.advance(Duration.ofSeconds(1));
      registry.removeTag("m", 1, "team");
      Instant t8 = clock.advance(Duration.ofSeconds(1));
      registry.setDescription("m", 2, "better");
      Instant t9 = clock.advance(Duration.ofSeconds(1));
      registry.deprecate("m", 1, "superseded");
      Instant t10 = clock.advance(Duration.ofSeconds(1));
      registry.sign("m", 2, signer);
      Instant t11 = clock.advance(Duration.ofSeconds(1));
      registry.removeAlias("m", "champion", 2);

      String d1 = v1.manifestDigest().toString();
      String d2 = v2.manifestDigest().toString();
      assertThat(registry.auditLog("m")).containsExactly(
          event(1, t1, "alice", AuditAction.REGISTER, 1, "", null, d1),
          event(2, t2, "bob", AuditAction.REGISTER, 2, "", null, d2),
          event(3, t3, "bob", AuditAction.ALIAS_SET, 1, "champion", null, "1"),
          event(4, t4, "bob", AuditAction.ALIAS_SET, 2, "champion", "1", "2"),
          event(5, t5, "carol", AuditAction.TAG_SET, 1, "team", null, "risk"),
          event(6, t6, "carol", AuditAction.TAG_SET, 1, "team", "risk", "fraud"),
          event(7, t7, "carol", AuditAction.TAG_REMOVE, 1, "team", "fraud", null),
          event(8, t8, "carol", AuditAction.DESCRIPTION_SET, 2, "", "", "better"),
          event(9, t9, "carol", AuditAction.STATUS_SET, 1, "superseded", "active", "deprecated"),
          event(10, t10, "carol", AuditAction.SIGNATURE_ADD, 2, "release-key", null, d2),
          event(11, t11, "carol", AuditAction.ALIAS_REMOVE, 0, "champion", "2", null));
    }

    @Test
    void auditLog_isKeptPerModelAndEmptyForAnUnknownOne() {
      registerBytes("a", "1");
      registerBytes("b", "1");
      registerBytes("a", "2");
      registry.setAlias("b", "prod", 1);

      assertThat(registry.auditLog("a")).extracting(AuditEvent::sequence).containsExactly(1L, 2L);
      assertThat(registry.auditLog("a")).extracting(AuditEvent::name).containsOnly("a");
      assertThat(registry.auditLog("b")).extracting(AuditEvent::action).containsExactly(AuditAction.REGISTER, AuditAction.ALIAS_SET);
      assertThat(registry.auditLog("nobody")).isEmpty();
    }

    @Test
    void auditLog_failedChangesAddNoEvent() {
      registerBytes("m", "1");
      registry.setAlias("m", "champion", 1);
      List<AuditEvent> before = registry.auditLog("m");

      assertThatThrownBy(() -> registry.setAlias("m", "champion", 1, OptionalInt.empty())).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> registry.archive("m", 1, "no")).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> registry.setTag("m", 2, "k", "v")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.removeAlias("m", "champion", 7)).isInstanceOf(ConflictException.class);

      assertThat(registry.auditLog("m")).isEqualTo(before);
    }

    @Test
    void aliasAt_answersWhatTheAliasPointedAtAtEachInstant() {
      for (int i = 1; i <= 3; i++) {
        registerBytes("m", "v" + i);
      }
      Instant beforeAll = clock.advance(Duration.ofMinutes(1));
      Instant t1 = clock.advance(Duration.ofMinutes(1));
      registry.setAlias("m", "champion", 1);
      Instant t2 = clock.advance(Duration.ofMinutes(1));
      registry.setAlias("m", "champion", 2, OptionalInt.of(1));
      clock.advance(Duration.ofSeconds(30));
      registry.setAlias("m", "staging", 3);
      Instant t3 = clock.advance(Duration.ofMinutes(1));
      registry.setAlias("m", "champion", 3);
      Instant t4 = clock.advance(Duration.ofMinutes(1));
      registry.removeAlias("m", "champion", 3);
      Instant t5 = clock.advance(Duration.ofMinutes(1));
      registry.setAlias("m", "champion", 1);

      assertThat(registry.aliasAt("m", "champion", beforeAll)).isEmpty();
      assertThat(registry.aliasAt("m", "champion", t1.minusMillis(1))).isEmpty();
      assertThat(registry.aliasAt("m", "champion", t1)).hasValue(1);
      assertThat(registry.aliasAt("m", "champion", t1.plusSeconds(59))).hasValue(1);
      assertThat(registry.aliasAt("m", "champion", t2)).hasValue(2);
      assertThat(registry.aliasAt("m", "champion", t2.plusSeconds(45))).hasValue(2);
      assertThat(registry.aliasAt("m", "champion", t3)).hasValue(3);
      assertThat(registry.aliasAt("m", "champion", t4)).isEmpty();
      assertThat(registry.aliasAt("m", "champion", t4.plusSeconds(30))).isEmpty();
      assertThat(registry.aliasAt("m", "champion", t5)).hasValue(1);
      assertThat(registry.aliasAt("m", "champion", t5.plusSeconds(3600))).hasValue(1);
      assertThat(registry.aliasAt("m", "staging", t2)).isEmpty();
      assertThat(registry.aliasAt("m", "staging", t3)).hasValue(3);
      assertThat(registry.aliasAt("m", "nobody", t5)).isEmpty();
      assertThat(registry.aliasAt("unknown", "champion", t5)).isEmpty();
    }

    @Test
    void register_withAPrincipalSupplierReturningNothingUsable_throwsInvalidInputAndRegistersNothing() {
      registerBytes("m", "1");
      Snapshot before = snapshot();

      for (String bad : new String[] {"", "bad\nname", "x".repeat(257)}) {
        principal.set(bad);
        assertThatThrownBy(() -> registerBytes("m", "2")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.setTag("m", 1, "k", "v")).isInstanceOf(InvalidInputException.class);
      }
      principal.set("alice");
      assertThat(snapshot()).isEqualTo(before);
    }

    private AuditEvent event(long seq, Instant at, String who, AuditAction action, int version, String key, String previous,
        String current) {
      return new AuditEvent(seq, at, who, action, "m", version, key, Optional.ofNullable(previous), Optional.ofNullable(current));
    }
  }

  // ================================================================== signatures

  @Nested
  class Signatures {
    final KeyPair keys = ManifestSigner.generateKeyPair();
    final ManifestSigner signer = new ManifestSigner("release", keys.getPrivate());

    ModelRegistry trusting() {
      return open(b -> b.trustPolicy(TrustPolicy.requireTrusted(Map.of("release", keys.getPublic()))));
    }

    @Test
    void register_withASigner_signsTheManifestDigestAndATrustingRegistryLoadsIt() throws IOException {
      ModelRegistry signing = open(b -> b.signer(signer));

      ModelVersion v = signing.register(Registration.model("iris", IRIS.model()).build());

      assertThat(v.signatures()).singleElement().satisfies(s -> {
        assertThat(s.keyId()).isEqualTo("release");
        assertThat(s.algorithm()).isEqualTo(ManifestSignature.ED25519);
      });
      assertThat(registry.get("iris/1").signatures()).isEqualTo(v.signatures());
      ModelRegistry trusting = trusting();
      try (TabularPredictor p = trusting.load("iris")) {
        assertPredictsLike(p, IRIS.model());
      }
      assertThat(readAll(trusting.openFile("iris", "model.tribuo.pb"))).isNotEmpty();
      assertThat(trusting.verify().problems()).isEmpty();
    }

    @Test
    void trustingRegistry_refusesAnUnsignedVersionOnEveryRead() {
      registerModel("iris");
      ModelRegistry trusting = trusting();

      assertThatThrownBy(() -> trusting.load("iris")).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> trusting.openFile("iris", "model.tribuo.pb")).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> trusting.loadFiles("iris", tmp.resolve("out"))).isInstanceOf(IntegrityException.class);
      assertThat(tmp.resolve("out")).doesNotExist();
      assertThatThrownBy(() -> trusting.watch("iris", Duration.ofSeconds(1))).isInstanceOf(IntegrityException.class);
      assertThat(trusting.verify().problems()).singleElement().asString().startsWith("iris/1:");
    }

    @Test
    void sign_addsASignatureLaterAfterWhichATrustingRegistryLoadsTheVersion() {
      registerModel("iris");
      ModelRegistry trusting = trusting();
      assertThatThrownBy(() -> trusting.load("iris")).isInstanceOf(IntegrityException.class);

      ModelVersion signed = registry.sign("iris", 1, signer);

      assertThat(signed.signatures()).extracting(ManifestSignature::keyId).containsExactly("release");
      assertThat(signed.revision()).isEqualTo(2);
      try (TabularPredictor p = trusting.load("iris")) {
        assertPredictsLike(p, IRIS.model());
      }
      AuditEvent last = registry.auditLog("iris").get(registry.auditLog("iris").size() - 1);
      assertThat(last.action()).isEqualTo(AuditAction.SIGNATURE_ADD);
      assertThat(last.key()).isEqualTo("release");
    }

    @Test
    void signatureByAnotherKeyUnderTheTrustedKeyId_failsToVerify() {
      ManifestSigner impostor = new ManifestSigner("release", ManifestSigner.generateKeyPair().getPrivate());
      open(b -> b.signer(impostor)).register(Registration.model("iris", IRIS.model()).build());

      assertThatThrownBy(() -> trusting().load("iris")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("does not verify");
    }

    @Test
    void tamperedSignatureValue_failsToVerify() {
      ModelVersion v = open(b -> b.signer(signer)).register(Registration.model("iris", IRIS.model()).build());
      byte[] sig = v.signatures().get(0).bytes();
      sig[5] ^= 1;
      ManifestSignature tampered = new ManifestSignature("release", ManifestSignature.ED25519,
          Base64.getEncoder().encodeToString(sig));
      VersionRecord r = registry.metadataStore().getVersion("iris", 1).orElseThrow();
      registry.metadataStore().updateState("iris", 1, r.state().revision(),
          new dev.mlops.registry.spi.VersionState(0, r.state().status(), r.state().statusReason(), r.state().tags(),
              r.state().description(), List.of(tampered)),
          new AuditEvent(0, clock.instant(), "mallory", AuditAction.SIGNATURE_ADD, "iris", 1, "release",
              Optional.empty(), Optional.empty()));

      assertThatThrownBy(() -> trusting().load("iris")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining("does not verify");
      assertThat(trusting().verify().problems()).singleElement().asString().startsWith("iris/1:");
    }

    @Test
    void verifyKnownPolicy_acceptsUnsignedVersionsButRefusesABadSignatureByAKnownKey() {
      registerModel("plain");
      ManifestSigner impostor = new ManifestSigner("release", ManifestSigner.generateKeyPair().getPrivate());
      open(b -> b.signer(impostor)).register(Registration.model("forged", IRIS.model()).build());
      ModelRegistry checking = open(b -> b.trustPolicy(TrustPolicy.verifyKnown(Map.of("release", keys.getPublic()))));

      try (TabularPredictor p = checking.load("plain")) {
        assertPredictsLike(p, IRIS.model());
      }
      assertThatThrownBy(() -> checking.load("forged")).isInstanceOf(IntegrityException.class);
    }
  }

  // ================================================================== bad input

  @Nested
  class BadInput {
    Snapshot before;

    @BeforeEach
    void someContent() {
      registerBytes("m", "one");
      registerBytes("m", "two");
      registry.setAlias("m", "champion", 1);
      before = snapshot();
    }

    @AfterEach
    void storeUnchanged() {
      assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void invalidModelName_isRefusedWithInvalidInputEverywhere() {
      for (String name : List.of("../x", "a/b", "A", "x\u0000", "", ".hidden", "a..b", "with space", "caf\u00e9", "-dash",
          "x".repeat(129))) {
        assertThatThrownBy(() -> Registration.bytes(name, "f", utf8("x"), ArtifactFormat.RAW)).as(name)
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("name"));
        assertThatThrownBy(() -> Registration.model(name, IRIS.model())).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Registration.directory(name, tmp, ArtifactFormat.RAW)).as(name)
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.get(name)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.get(name, 1)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.load(name)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.versions(name)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.setAlias(name, "champion", 1)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.setTag(name, 1, "k", "v")).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.auditLog(name)).as(name).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.aliases(name)).as(name).isInstanceOf(InvalidInputException.class);
      }
    }

    @Test
    void invalidPathInsideTheArtifact_isRefusedWithInvalidInput() {
      for (String path : List.of("../escape.bin", "/abs.bin", "a/../../b", "a//b", "./a", "a/.", "c:\\x", "a\\b",
          "nul\u0000.bin", "")) {
        assertThatThrownBy(() -> Registration.bytes("m", path, utf8("x"), ArtifactFormat.RAW)).as(path)
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("path"));
      }
      assertThatThrownBy(() -> registry.openFile("m", "../payload.bin")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void invalidAlias_isRefusedWithInvalidInput() {
      for (String alias : List.of("Champion", "1st", "a@b", "", "has space", "a/b")) {
        assertThatThrownBy(() -> registry.setAlias("m", alias, 1)).as(alias).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.setAlias("m", alias, 1, OptionalInt.empty())).as(alias)
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.removeAlias("m", alias, 1)).as(alias).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.get("m@" + alias)).as(alias).isInstanceOf(InvalidInputException.class);
      }
    }

    @Test
    void emptyFile_isRefusedWithInvalidInput() throws IOException {
      Path empty = Files.createFile(tmp.resolve("empty.bin"));

      assertThatThrownBy(() -> Registration.file("m", empty, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> Registration.dataset("d", empty)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.bytes("m", "f", new byte[0], ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void emptyDirectoryOrADirectoryHoldingAnEmptyFile_isRefusedWithInvalidInput() throws IOException {
      Path empty = Files.createDirectories(tmp.resolve("empty/nested/deeper"));
      Path withEmptyFile = Files.createDirectories(tmp.resolve("half"));
      Files.write(withEmptyFile.resolve("ok.txt"), utf8("ok"));
      Files.createFile(withEmptyFile.resolve("zero.txt"));

      assertThatThrownBy(() -> Registration.directory("m", tmp.resolve("empty"), ArtifactFormat.RAW))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.directory("m", empty, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.directory("m", withEmptyFile, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void symbolicLinkInsideADirectoryOrAsTheFile_isRefusedWithInvalidInput() throws IOException {
      Path secret = Files.write(tmp.resolve("secret.txt"), utf8("outside the artifact"));
      Path dir = Files.createDirectories(tmp.resolve("export/sub"));
      Files.write(dir.resolve("ok.txt"), utf8("fine"));
      Files.createSymbolicLink(dir.resolve("link.txt"), secret);
      Path dirWithDirLink = Files.createDirectories(tmp.resolve("export2"));
      Files.write(dirWithDirLink.resolve("ok.txt"), utf8("fine"));
      Files.createSymbolicLink(dirWithDirLink.resolve("elsewhere"), tmp.resolve("export"));
      Path linkToFile = Files.createSymbolicLink(tmp.resolve("link.bin"), secret);
      Path linkToDir = Files.createSymbolicLink(tmp.resolve("link-dir"), tmp.resolve("export"));

      assertThatThrownBy(() -> Registration.directory("m", tmp.resolve("export"), ArtifactFormat.RAW))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("link");
      assertThatThrownBy(() -> Registration.directory("m", dirWithDirLink, ArtifactFormat.RAW))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.file("m", linkToFile, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.directory("m", linkToDir, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fileThatChangedSizeBetweenBuildAndRegister_isRefusedWithInvalidInput() throws IOException {
      Path file = Files.write(tmp.resolve("growing.bin"), utf8("12345"));
      Registration r = Registration.file("m", file, ArtifactFormat.RAW).build();
      Files.write(file, utf8("1234567890"));

      assertThatThrownBy(() -> registry.register(r)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("changed size");
    }

    @Test
    void directoryHoldingAFileWhoseNameIsNotAPortablePath_isRefusedWithInvalidInput() throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("odd"));
      Files.write(dir.resolve("fine.txt"), utf8("ok"));
      Files.write(dir.resolve("drive:c.txt"), utf8("colon"));

      assertThatThrownBy(() -> Registration.directory("m", dir, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("path"));
    }

    @Test
    void missingFileOrADirectoryGivenAsAFile_isRefusedWithInvalidInput() {
      assertThatThrownBy(() -> Registration.file("m", tmp.resolve("nope.bin"), ArtifactFormat.RAW))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.file("m", tmp, ArtifactFormat.RAW)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Registration.directory("m", tmp.resolve("nope"), ArtifactFormat.RAW))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void unknownModel_throwsNotFoundForEveryOperation() {
      assertThatThrownBy(() -> registry.get("ghost")).isInstanceOf(NotFoundException.class)
          .satisfies(e -> {
            assertThat(((NotFoundException) e).kind()).isEqualTo("model");
            assertThat(((NotFoundException) e).reference()).isEqualTo("ghost");
          });
      assertThatThrownBy(() -> registry.get("ghost/1")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.get("ghost@champion")).isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(((NotFoundException) e).kind()).isEqualTo("model"));
      assertThatThrownBy(() -> registry.load("ghost")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.openFile("ghost", "f")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.setAlias("ghost", "champion", 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.setTag("ghost", 1, "k", "v")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.archive("ghost", 1, "r")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.removeAlias("ghost", "champion", 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.watch("ghost", Duration.ofSeconds(1))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.loadFiles("ghost", tmp.resolve("out"))).isInstanceOf(NotFoundException.class);
      assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unknownAliasOrVersion_throwsNotFoundOfThatKind() {
      assertThatThrownBy(() -> registry.get("m@nobody")).isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(((NotFoundException) e).kind()).isEqualTo("alias"));
      assertThatThrownBy(() -> registry.get("m/3")).isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(((NotFoundException) e).kind()).isEqualTo("version"))
          .hasMessageContaining("1 to 2");
      assertThatThrownBy(() -> registry.get("m", 99)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> registry.load("m@nobody")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void malformedVersionReference_throwsInvalidInput() {
      for (String ref : List.of("m/0", "m/-1", "m/01", "m/x", "m/", "m/1/2", "m@a/1", "m/99999999999")) {
        assertThatThrownBy(() -> registry.get(ref)).as(ref).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.load(ref)).as(ref).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.openFile(ref, "payload.bin")).as(ref).isInstanceOf(InvalidInputException.class);
      }
    }

    @Test
    void versionZeroOrNegative_throwsInvalidInput() {
      assertThatThrownBy(() -> registry.get("m", 0)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.get("m", -1)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setAlias("m", "champion", 0)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setTag("m", 0, "k", "v")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void invalidTagKeyValueOrDescription_isRefusedWithInvalidInput() {
      assertThatThrownBy(() -> registry.setTag("m", 1, "has space", "v")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setTag("m", 1, "", "v")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setTag("m", 1, "k", "line\nbreak")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setTag("m", 1, "k", "x".repeat(4097))).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.setDescription("m", 1, "bell\u0007")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> registry.deprecate("m", 1, "reason\u0000")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void watchWithTooShortAnInterval_isRefused() {
      assertThatThrownBy(() -> registry.watch("m", Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ================================================================== handles

  @Nested
  class Handles {
    @Test
    void watch_followsAnAliasMovedByAnotherRegistryInstanceWithinABoundedTime() throws Exception {
      registerModel("m");
      registry.register(Registration.model("m", IRIS.otherModel()).build());
      registry.setAlias("m", "champion", 1);

      try (ModelHandle handle = registry.watch("m@champion", Duration.ofMillis(50))) {
        assertThat(handle.version()).isEqualTo(new VersionId("m", 1));
        assertPredictsLike(handle.predictor(), IRIS.model());

        open(b -> {}).setAlias("m", "champion", 2, OptionalInt.of(1));

        awaitUntil(() -> handle.version().version() == 2, Duration.ofSeconds(5), "switching to m/2");
        assertPredictsLike(handle.predictor(), IRIS.otherModel());
        assertThat(handle.reference()).isEqualTo(ModelRef.parse("m@champion"));
      }
    }

    @Test
    void refreshNow_switchesImmediatelyAndReportsWhetherItChanged() {
      registerModel("m");
      registry.register(Registration.model("m", IRIS.otherModel()).build());
      registry.setAlias("m", "champion", 1);

      try (ModelHandle handle = registry.watch("m@champion", Duration.ofHours(1))) {
        assertThat(handle.refreshNow()).isFalse();
        open(b -> {}).setAlias("m", "champion", 2);

        assertThat(handle.refreshNow()).isTrue();
        assertThat(handle.version()).isEqualTo(new VersionId("m", 2));
        assertPredictsLike(handle.predictor(), IRIS.otherModel());
        assertThat(handle.refreshNow()).isFalse();
      }
    }

    @Test
    void watch_bareName_followsNewRegistrations() {
      registerModel("m");
      try (ModelHandle handle = registry.watch("m", Duration.ofHours(1))) {
        open(b -> {}).register(Registration.model("m", IRIS.otherModel()).build());

        assertThat(handle.refreshNow()).isTrue();
        assertThat(handle.version().version()).isEqualTo(2);
      }
    }

    @Test
    void watch_whenTheNewVersionDoesNotVerify_keepsServingTheOldOneAndSwitchesOnceItIsRepaired() throws Exception {
      registerModel("m");
      ModelVersion v2 = registry.register(Registration.model("m", IRIS.otherModel()).build());
      byte[] good = registry.blobStore().read(onlyBlob(v2));
      byte[] bad = good.clone();
      bad[bad.length - 1] ^= 0x01;
      overwriteBlob(onlyBlob(v2), bad);
      registry.setAlias("m", "champion", 1);

      try (ModelHandle handle = registry.watch("m@champion", Duration.ofMillis(30))) {
        open(b -> {}).setAlias("m", "champion", 2);

        assertThatThrownBy(handle::refreshNow).isInstanceOf(IntegrityException.class);
        assertThat(handle.version()).isEqualTo(new VersionId("m", 1));
        assertPredictsLike(handle.predictor(), IRIS.model());

        overwriteBlob(onlyBlob(v2), good);

        awaitUntil(() -> handle.version().version() == 2, Duration.ofSeconds(5), "switching to the repaired m/2");
        assertPredictsLike(handle.predictor(), IRIS.otherModel());
      }
    }

    @Test
    void close_makesThePredictorUnavailable() {
      registerModel("m");
      ModelHandle handle = registry.watch("m", Duration.ofSeconds(1));

      handle.close();
      handle.close();

      assertThatThrownBy(handle::predictor).isInstanceOf(IllegalStateException.class);
      assertThat(handle.refreshNow()).isFalse();
    }
  }

  // ================================================================== concurrency

  @Nested
  class Concurrency {
    @Test
    void unconditionalSetAlias_fromManyThreads_auditsAnUnbrokenChainOfPreviousValues() throws Exception {
      for (int i = 1; i <= 4; i++) {
        registerBytes("m", "v" + i);
      }
      ModelRegistry second = open(b -> {});
      int threads = 4;
      int moves = 10;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int target = t + 1;
        ModelRegistry r = t % 2 == 0 ? registry : second;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < moves; i++) {
            r.setAlias("m", "champion", i % 2 == 0 ? target : (target % 4) + 1);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<AuditEvent> moved = registry.auditLog("m").stream().filter(e -> e.action() == AuditAction.ALIAS_SET).toList();
      assertThat(moved).isNotEmpty();
      Optional<String> previous = Optional.empty();
      for (AuditEvent e : moved) {
        assertThat(e.previous()).as("event %d", e.sequence()).isEqualTo(previous);
        assertThat(e.current()).isEqualTo(Optional.of(String.valueOf(e.version())));
        previous = e.current();
      }
      assertThat(registry.aliases("m")).containsEntry("champion", Integer.parseInt(previous.orElseThrow()));
      assertThat(registry.auditLog("m")).extracting(AuditEvent::sequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, registry.auditLog("m").size()).boxed().toList());
    }

    @Test
    void setTag_fromManyThreads_keepsEveryTagAndOneRevisionPerChange() throws Exception {
      registerBytes("m", "x");
      ModelRegistry second = open(b -> {});
      int threads = 4;
      int tags = 5;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        ModelRegistry r = t % 2 == 0 ? registry : second;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < tags; i++) {
            r.setTag("m", 1, "t" + id + "-" + i, "v");
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();

      ModelVersion v = registry.get("m/1");
      assertThat(v.tags()).hasSize(threads * tags);
      assertThat(v.revision()).isEqualTo(1 + threads * tags);
      assertThat(registry.auditLog("m")).filteredOn(e -> e.action() == AuditAction.TAG_SET).hasSize(threads * tags);
    }
  }
}
