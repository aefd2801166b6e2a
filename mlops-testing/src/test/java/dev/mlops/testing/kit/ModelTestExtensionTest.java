package dev.mlops.testing.kit;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.testing.Dataset;
import dev.mlops.testing.Model;
import dev.mlops.testing.ModelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * The {@link ModelTest} extension run through {@link EngineTestKit}: what it injects, the messages of bad
 * references, the registry it chooses, the temporary registry it deletes, and the reports it writes.
 */
class ModelTestExtensionTest {
  @TempDir
  Path reports;

  /** Registers two versions of the good cancer model in the injected registry, then injects them. */
  @ModelTest
  static class InjectionSuite {
    static ModelVersion registered;

    @BeforeAll
    static void register(ModelRegistry registry) {
      registry.register(Registration.model("cancer", CancerData.get().championModel()).build());
      registered = registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
      registry.setAlias("cancer", "champion", registered.version());
    }

    @Test
    void predictorByAlias(@Model("cancer@champion") TabularPredictor champion) {
      CancerData d = CancerData.get();
      // The loaded (verified) predictor predicts what the trained model predicts.
      for (int r = 0; r < 20; r++) {
        Map<String, Object> row = d.features(d.test(), r);
        assertThat(champion.predict(row)).isEqualTo(d.good().predict(row));
      }
      assertThatModel(champion).on(d.test(), CancerData.LABEL).accuracy().lowerBound().isAtLeast(0.9);
    }

    @Test
    void versionAndPlainPredictor(@Model("cancer/1") ModelVersion first, @Model("cancer@champion") ModelVersion champion,
        @Model("cancer") Predictor<Map<String, ?>, Prediction> latest, ModelRegistry registry) {
      assertThat(first.version()).isEqualTo(1);
      assertThat(champion.manifestDigest()).isEqualTo(registered.manifestDigest());
      assertThat(latest.signature()).isEqualTo(registry.get("cancer@champion").manifest().signature().orElseThrow());
    }

    @Test
    void frameFromTheClassPath(@Dataset(value = "classpath:/data/breast_cancer.csv", label = "diagnosis") Frame frame,
        @Dataset("classpath:/data/breast_cancer.csv") Frame lastColumnIsTheLabel,
        @Dataset(value = "classpath:/data/breast_cancer.csv", label = "diagnosis") Frame readOnce) {
      assertThat(frame.rowCount()).isEqualTo(569);
      assertThat(frame.schema()).hasSize(31);
      assertThat(frame.column("diagnosis").orElseThrow()).isInstanceOf(CategoricalColumn.class);
      assertThat(((CategoricalColumn) frame.column("diagnosis").orElseThrow()).labels()).containsExactlyInAnyOrder("malignant", "benign");
      assertThat(lastColumnIsTheLabel.schema()).isEqualTo(frame.schema());
      assertThat(readOnce).isSameAs(frame);
    }

    @Test
    void tribuoDatasets(@Dataset("classpath:/data/breast_cancer.csv") org.tribuo.Dataset<Label> cancer,
        @Dataset(value = "classpath:/data/diabetes.csv", regression = true) org.tribuo.Dataset<Regressor> diabetes,
        @Dataset(value = "classpath:/data/diabetes.csv", regression = true) Frame diabetesFrame) {
      assertThat(cancer.size()).isEqualTo(569);
      assertThat(cancer.getFeatureMap().size()).isEqualTo(30);
      assertThat(cancer.getOutputs().stream().map(Label::getLabel).collect(Collectors.toSet()))
          .isEqualTo(Set.of("malignant", "benign"));
      assertThat(diabetes.size()).isEqualTo(442);
      assertThat(diabetes.getFeatureMap().size()).isEqualTo(10);
      NumericColumn target = (NumericColumn) diabetesFrame.column("progression").orElseThrow();
      assertThat(diabetes.getExample(0).getOutput().getValues()[0]).isEqualTo(target.value(0));
    }
  }

  @ModelTest
  static class BadReferencesSuite {
    @Test
    void unknownModel(@Model("fraud@champion") TabularPredictor model) {}

    @Test
    void wrongTypeForModel(@Model("fraud") String model) {}

    @Test
    void notAReference(@Model("fraud@@x y") ModelVersion version) {}

    @Test
    void missingResource(@Dataset("classpath:/data/holdout.csv") Frame holdout) {}

    @Test
    void missingFile(@Dataset("no/such/holdout.csv") Frame holdout) {}

    @Test
    void unknownLabel(@Dataset(value = "classpath:/data/breast_cancer.csv", label = "outcome") Frame holdout) {}

    @Test
    void textLabelForARegression(@Dataset(value = "classpath:/data/breast_cancer.csv", regression = true) Frame holdout) {}

    @Test
    void wrongTypeForDataset(@Dataset("classpath:/data/breast_cancer.csv") List<String> holdout) {}
  }

  /** Takes the registry the configuration names, and records which one it was. */
  @ModelTest
  static class ConfiguredRegistrySuite {
    static String seen;

    @Test
    void injectsTheConfiguredRegistry(ModelRegistry registry, @Model("cancer@champion") ModelVersion champion) {
      seen = champion.manifestDigest().toString();
    }
  }

  @ModelTest(registry = "mem:annotated")
  static class AnnotatedRegistrySuite {
    static String seen;

    @Test
    void injectsTheAnnotatedRegistry(ModelRegistry registry) {
      seen = registry.toString();
    }
  }

  /** Attaches its results to the version it tests; fails or passes as the system property says. */
  @ModelTest(attachEvidenceTo = "cancer@candidate", suite = "CancerGate")
  static class EvidenceSuite {
    @Test
    void accurate(@Model("cancer@candidate") TabularPredictor candidate) {
      CancerData d = CancerData.get();
      assertThatModel(candidate).on(d.test(), CancerData.LABEL).accuracy().lowerBound().isAtLeast(0.9);
    }

    @Test
    void slices(@Model("cancer@candidate") TabularPredictor candidate) {
      CancerData d = CancerData.get();
      assertThatModel(candidate).on(d.test(), CancerData.LABEL).slicedBy(CancerData.SITE).accuracy().lowerBound().isAtLeast(0.8);
    }

    @Test
    void plainAssertion() {
      org.junit.jupiter.api.Assertions.assertTrue(!Boolean.getBoolean("kit.failPlain"), "a plain JUnit assertion failed");
    }
  }

  /** Registers a model of the counting format and injects it into two tests. */
  @ModelTest
  @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
  static class ClosingSuite {
    static final java.util.List<Integer> OPEN_IN_TESTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void register(ModelRegistry registry) {
      registry.register(Registration.bytes("counted", "model.bin", new byte[] {1}, new ArtifactFormat(CountingLoader.FORMAT))
          .signature(CancerData.get().good().signature()).build());
    }

    @Test
    void first(@Model("counted") TabularPredictor model) {
      OPEN_IN_TESTS.add(CountingLoader.OPEN.get());
    }

    @Test
    void second(@Model("counted") TabularPredictor model, @Model("counted") TabularPredictor again) {
      OPEN_IN_TESTS.add(CountingLoader.OPEN.get());
    }
  }

  @ModelTest
  static class EscapingSuite {
    @Test
    @DisplayName("<script>alert('x')</script> & \"quotes\"")
    void oddName() {
      CancerData d = CancerData.get();
      assertThatModel(d.constant()).on(d.test(), CancerData.LABEL).accuracy().isAtLeast(0.99);
    }
  }

  private EngineExecutionResults run(Class<?> suite, Map<String, String> config) {
    Map<String, String> all = new LinkedHashMap<>(config);
    all.put(ModelTest.REPORT_DIRECTORY_PROPERTY, reports.toString());
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).configurationParameters(all).execute();
  }

  private static Set<Path> temporaryRegistries() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("mlops-model-test-")).collect(Collectors.toSet());
    }
  }

  @Test
  void injectsRegistryModelsAndDatasets_thenDeletesTheTemporaryRegistry() throws IOException {
    Set<Path> before = temporaryRegistries();
    EngineExecutionResults results = run(InjectionSuite.class, Map.of());
    results.testEvents().failed().stream().forEach(e -> {
      throw new AssertionError(e.getTestDescriptor().getDisplayName() + ": "
          + e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow(), 
          e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow());
    });
    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(temporaryRegistries()).isEqualTo(before);

    JsonNode report = new ObjectMapper().readTree(reports.resolve(InjectionSuite.class.getName() + ".json").toFile());
    assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(report.get("passed").asBoolean()).isTrue();
    List<String> tested = report.get("testedVersions").findValuesAsText("manifestDigest");
    assertThat(tested).contains(InjectionSuite.registered.manifestDigest().toString());
    assertThat(report.get("testedVersions").findValuesAsText("reference")).contains("cancer@champion", "cancer/1", "cancer");
  }

  @Test
  void badReferences_failWithAMessageNamingTheParameterAndTheFix() {
    EngineExecutionResults results = run(BadReferencesSuite.class, Map.of());
    results.testEvents().assertStatistics(s -> s.started(8).failed(8));
    Map<String, String> messages = new LinkedHashMap<>();
    results.testEvents().failed().stream().forEach(e -> messages.put(e.getTestDescriptor().getLegacyReportingName(),
        e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage()));
    assertThat(messages.get("unknownModel(TabularPredictor)")).contains(
        "parameter 'model' (#0) of BadReferencesSuite.unknownModel(): @Model(\"fraud@champion\") does not resolve in ModelRegistry[",
        "Register the model first (for example in a @BeforeAll method that takes the ModelRegistry)");
    assertThat(messages.get("wrongTypeForModel(String)")).contains("parameter 'model' (#0) of BadReferencesSuite.wrongTypeForModel()",
        "has type java.lang.String; declare it as Predictor, TabularPredictor or ModelVersion.");
    assertThat(messages.get("notAReference(ModelVersion)")).contains("parameter 'version'", "@Model(\"fraud@@x y\") is not a reference",
        "Write name, name/version or name@alias.");
    assertThat(messages.get("missingResource(Frame)")).contains("parameter 'holdout'",
        "@Dataset(\"classpath:/data/holdout.csv\"): no resource 'data/holdout.csv' on the test class path; put the file under src/test/resources/data/holdout.csv.");
    assertThat(messages.get("missingFile(Frame)")).contains("@Dataset(\"no/such/holdout.csv\"): no file ", "fix the path");
    assertThat(messages.get("unknownLabel(Frame)")).contains("has no label column 'outcome'; its columns are [mean_radius,",
        "Set label = \"...\" to one of them.");
    assertThat(messages.get("textLabelForARegression(Frame)")).contains("is not valid CSV", "a regression label must be numeric.");
    assertThat(messages.get("wrongTypeForDataset(List)")).contains("parameter 'holdout'",
        "declare it as dev.mlops.monitoring.frame.Frame or org.tribuo.Dataset.");
  }

  @Test
  void registry_comesFromTheConfiguration_orTheAnnotation(@TempDir Path root) {
    String digest;
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      ModelVersion v = registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
      registry.setAlias("cancer", "champion", v.version());
      digest = v.manifestDigest().toString();
    }
    run(ConfiguredRegistrySuite.class, Map.of(ModelTest.REGISTRY_PROPERTY, root.toString()))
        .testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(ConfiguredRegistrySuite.seen).isEqualTo(digest);
    run(ConfiguredRegistrySuite.class, Map.of(ModelTest.REGISTRY_PROPERTY, root.toUri().toString()))
        .testEvents().assertStatistics(s -> s.succeeded(1));

    run(AnnotatedRegistrySuite.class, Map.of(ModelTest.REGISTRY_PROPERTY, root.toString()))
        .testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(AnnotatedRegistrySuite.seen).contains("mem:annotated").doesNotContain(root.toString());
  }

  @Test
  void evidence_isAttachedToTheTestedDigest_andGatesThePromotion(@TempDir Path root) throws IOException {
    ModelVersion good;
    ModelVersion constant;
    PromotionPolicy policy = PromotionPolicy.of(PromotionRule.forAlias("champion").requirePassingEvidence(Evidence.MODEL_TEST, "CancerGate"));
    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toUri()).promotionPolicy(policy).build()) {
      good = registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
      constant = registry.register(Registration.model("cancer", CancerData.get().constantModel()).build());
      registry.setAlias("cancer", "candidate", good.version());
      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", good.version()))
          .isInstanceOf(PromotionRefusedException.class);
    }
    Map<String, String> config = Map.of(ModelTest.REGISTRY_PROPERTY, root.toString());
    run(EvidenceSuite.class, config).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toUri()).promotionPolicy(policy).build()) {
      List<EvidenceRef> refs = registry.evidence("cancer/" + good.version());
      assertThat(refs).hasSize(1);
      Evidence e = registry.readEvidence(refs.get(0));
      assertThat(e.kind()).isEqualTo(Evidence.MODEL_TEST);
      assertThat(e.suite()).isEqualTo("CancerGate");
      assertThat(e.subject()).isEqualTo(good.id());
      assertThat(e.manifestDigest()).isEqualTo(good.manifestDigest());
      assertThat(e.passed()).isTrue();
      assertThat(e.results()).extracting(EvidenceResult::metric).containsExactlyInAnyOrder("accuracy", "accuracy");
      EvidenceResult slice = e.results().stream().filter(r -> r.slice().isPresent()).findFirst().orElseThrow();
      assertThat(slice.lower()).isPresent();
      assertThat(slice.threshold()).hasValue(0.8);
      assertThat(e.attachments()).extracting(EvidenceAttachment::name).containsExactly("summary.html");
      try (var in = registry.openEvidenceAttachment(e, "summary.html")) {
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("Model tests: ", "PASSED");
      }
      registry.setAlias("cancer", "champion", good.version());     // the gate opens on the tested digest only
      assertThat(registry.aliases("cancer")).containsEntry("champion", good.version());

      // The constant model, tested under the same alias, fails: its evidence says so and the gate stays shut.
      registry.setAlias("cancer", "candidate", constant.version());
    }
    System.setProperty("kit.failPlain", "true");
    try {
      run(EvidenceSuite.class, config).testEvents().assertStatistics(s -> s.failed(3));
    } finally {
      System.clearProperty("kit.failPlain");
    }
    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toUri()).promotionPolicy(policy).build()) {
      Evidence e = registry.readEvidence(registry.evidence("cancer/" + constant.version()).get(0));
      assertThat(e.passed()).isFalse();
      assertThat(e.manifestDigest()).isEqualTo(constant.manifestDigest());
      assertThat(e.failures()).extracting(EvidenceResult::metric).containsExactlyInAnyOrder("accuracy", "accuracy", "test");
      assertThat(e.failures().stream().filter(r -> r.metric().equals("test")).findFirst().orElseThrow().message())
          .contains("a plain JUnit assertion failed");
      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", constant.version()))
          .isInstanceOf(PromotionRefusedException.class);
    }
    JsonNode report = new ObjectMapper().readTree(reports.resolve(EvidenceSuite.class.getName() + ".json").toFile());
    assertThat(report.get("evidence").get(0).get("version").asText()).isEqualTo(constant.id().toString());
    assertThat(report.get("evidence").get(0).get("passed").asBoolean()).isFalse();
  }

  @Test
  void loadedPredictors_areClosedWhenTheirTestEnds() {
    ClosingSuite.OPEN_IN_TESTS.clear();
    int loadedBefore = CountingLoader.LOADED.get();
    run(ClosingSuite.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(CountingLoader.LOADED.get() - loadedBefore).isEqualTo(3);
    // Each test sees only its own predictors open: the first test's one was closed when it ended.
    assertThat(ClosingSuite.OPEN_IN_TESTS).containsExactlyInAnyOrder(1, 2);
    assertThat(CountingLoader.OPEN.get()).isZero();
  }

  @Test
  void htmlReport_escapesNamesAndMessages() throws IOException {
    run(EscapingSuite.class, Map.of()).testEvents().assertStatistics(s -> s.failed(1));
    String html = Files.readString(reports.resolve(EscapingSuite.class.getName() + ".html"));
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .doesNotContain("<script>").contains("accuracy value 0.6412 is below the threshold 0.9900")
        .contains("FAILED");
    JsonNode json = new ObjectMapper().readTree(reports.resolve(EscapingSuite.class.getName() + ".json").toFile());
    assertThat(json.get("tests").get(0).get("displayName").asText()).isEqualTo("<script>alert('x')</script> & \"quotes\"");
    assertThat(json.get("tests").get(0).get("failure").asText()).contains("accuracy value 0.6412 is below the threshold 0.9900");
  }
}
