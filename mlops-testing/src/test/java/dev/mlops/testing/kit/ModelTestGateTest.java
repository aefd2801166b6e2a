package dev.mlops.testing.kit;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.testing.Model;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.ModelTestGate;
import dev.mlops.testing.assertions.Metric;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link ModelTestGate} running real {@link ModelTest} suites in-process: a passing suite opens a promotion
 * policy that requires its evidence, a failing one leaves the alias where it was, and bad arguments get
 * typed errors before anything runs.
 */
class ModelTestGateTest {
  static final String SUITE = "CancerGate";
  static final PromotionPolicy POLICY =
      PromotionPolicy.of(PromotionRule.forAlias("champion").requirePassingEvidence(Evidence.MODEL_TEST, SUITE));

  @TempDir
  Path root;
  @TempDir
  Path reports;

  /**
   * Tests the gate's candidate: quality on a lower bound, and no regression against the baseline the gate's
   * configuration parameter {@code cancer.baseline} names.
   */
  @ModelTest(suite = SUITE, registry = "mem:never-used-under-a-gate")
  static class GateSuite {
    @Test
    void accurate(@Model(Model.CANDIDATE) TabularPredictor candidate) {
      CancerData d = CancerData.get();
      assertThatModel(candidate).on(d.test(), CancerData.LABEL).accuracy().lowerBound().isAtLeast(0.9);
    }

    @Test
    void noWorseThanTheChampion(@Model(Model.CANDIDATE) TabularPredictor candidate,
        @Model("cancer@${cancer.baseline}") TabularPredictor champion) {
      CancerData d = CancerData.get();
      assertThatModel(candidate).on(d.test(), CancerData.LABEL).withPositiveClass(CancerData.POSITIVE)
          .comparedTo(champion).notWorse(Metric.F1, 0.05);
    }
  }

  /** Never looks at the candidate. */
  @ModelTest(suite = SUITE)
  static class IgnoresTheCandidateSuite {
    @Test
    void looksAtTheChampionOnly(@Model("cancer@champion") TabularPredictor champion) {
      assertThat(champion.schema().names()).isNotEmpty();
    }
  }

  /** Cannot even start: its class set-up fails. */
  @ModelTest(suite = SUITE)
  static class BrokenSetUpSuite {
    @org.junit.jupiter.api.BeforeAll
    static void readHoldout() {
      throw new IllegalStateException("holdout.csv is missing");
    }

    @Test
    void accurate(@Model(Model.CANDIDATE) TabularPredictor candidate) {}
  }

  /** A model test suite without a test. */
  @ModelTest
  abstract static class AbstractSuite {
    @Test
    void nothing() {}
  }

  /** Not a model test suite. */
  static class PlainTests {
    @Test
    void nothing() {}
  }

  /** Two versions: cancer/1 (the champion, trained on half the rows) and cancer/2 (the good model). */
  private ModelRegistry registryWithChampion(URI uri) {
    ModelRegistry registry = ModelRegistry.builder().uri(uri).promotionPolicy(POLICY).build();
    ModelVersion champion = registry.register(Registration.model("cancer", CancerData.get().championModel()).build());
    registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
    // The first champion is set before the policy matters: a policy-free registry on the same store.
    try (ModelRegistry admin = ModelRegistry.open(uri)) {
      admin.setAlias("cancer", "champion", champion.version());
    }
    return registry;
  }

  @Test
  void passingSuite_attachesEvidenceToTheExactVersion_andThePolicyLetsTheAliasMove() throws Exception {
    try (ModelRegistry registry = registryWithChampion(root.toUri())) {
      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", 2)).isInstanceOf(PromotionRefusedException.class);

      ModelTestGate gate = ModelTestGate.builder(GateSuite.class).registry(registry).reportDirectory(reports)
          .configurationParameter("cancer.baseline", "champion").build();
      ModelTestGate.Result r = gate.run("cancer/2");

      assertThat(r.failures()).isEmpty();
      assertThat(r.passed()).isTrue();
      assertThat(r.testsRun()).isEqualTo(2);
      assertThat(r.testsFailed()).isZero();
      assertThat(r.testsAborted()).isZero();
      ModelVersion v2 = registry.get("cancer/2");
      assertThat(r.candidate()).isEqualTo(v2.id());
      assertThat(r.manifestDigest()).isEqualTo(v2.manifestDigest());
      assertThat(registry.evidence("cancer/2")).containsExactly(r.evidence());
      assertThat(registry.evidence("cancer/1")).isEmpty();   // the champion was injected, not tested
      Evidence e = registry.readEvidence(r.evidence());
      assertThat(e.passed()).isTrue();
      assertThat(e.suite()).isEqualTo(SUITE);
      assertThat(e.manifestDigest()).isEqualTo(v2.manifestDigest());
      assertThat(e.results()).extracting(EvidenceResult::metric).containsExactly("accuracy", "F1 difference");
      assertThat(r.htmlReport()).isEqualTo(reports.toAbsolutePath().resolve(GateSuite.class.getName() + ".html"));
      assertThat(Files.readString(r.htmlReport())).contains("PASSED");
      assertThat(r.report().passed()).isTrue();
      assertThat(r.summary()).contains("PASSED", "cancer/2", "2 tests run");

      registry.setAlias("cancer", "champion", 2);
      assertThat(registry.aliases("cancer")).containsEntry("champion", 2);
    }
  }

  @Test
  void failingSuite_recordsFailingEvidence_andThePromotionIsRefused() {
    try (ModelRegistry registry = registryWithChampion(root.toUri())) {
      ModelVersion constant = registry.register(Registration.model("cancer", CancerData.get().constantModel()).build());
      registry.setAlias("cancer", "candidate", constant.version());

      // A reference is pinned to the version it names when the gate starts.
      ModelTestGate.Result r = ModelTestGate.builder(GateSuite.class).registry(registry).reportDirectory(reports)
          .configurationParameter("cancer.baseline", "champion").build().run("cancer@candidate");

      assertThat(r.passed()).isFalse();
      assertThat(r.candidate()).isEqualTo(constant.id());
      assertThat(r.testsRun()).isEqualTo(2);
      assertThat(r.testsFailed()).isEqualTo(2);
      assertThat(r.failures()).hasSize(2).anySatisfy(f -> assertThat(f).startsWith("accurate(").contains("accuracy", "below the threshold 0.9000"));
      Evidence e = registry.readEvidence(r.evidence());
      assertThat(e.passed()).isFalse();
      assertThat(e.manifestDigest()).isEqualTo(constant.manifestDigest());

      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", constant.version()))
          .isInstanceOf(PromotionRefusedException.class)
          .hasMessageContaining("failed");
      assertThat(registry.aliases("cancer")).containsEntry("champion", 1);
    }
  }

  @Test
  void suiteThatNeverInjectsTheCandidate_fails() {
    try (ModelRegistry registry = registryWithChampion(root.toUri())) {
      ModelTestGate.Result r = ModelTestGate.builder(IgnoresTheCandidateSuite.class).registry(registry)
          .reportDirectory(reports).build().run("cancer/2");
      assertThat(r.testsRun()).isEqualTo(1);
      assertThat(r.testsFailed()).isZero();
      assertThat(r.passed()).isFalse();
      assertThat(r.failures()).singleElement().asString().contains("never injected the candidate cancer/2", "@Model(Model.CANDIDATE)");
      assertThat(registry.readEvidence(r.evidence()).passed()).isFalse();
      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", 2)).isInstanceOf(PromotionRefusedException.class);
    }
  }

  @Test
  void suiteWhoseSetUpFails_isAFailedGate_withFailingEvidence() {
    try (ModelRegistry registry = registryWithChampion(root.toUri())) {
      ModelTestGate.Result r = ModelTestGate.builder(BrokenSetUpSuite.class).registry(registry).reportDirectory(reports)
          .build().run("cancer/2");
      assertThat(r.passed()).isFalse();
      assertThat(r.testsRun()).isZero();
      assertThat(r.failures()).anySatisfy(f -> assertThat(f).contains("BrokenSetUpSuite", "holdout.csv is missing"));
      assertThat(registry.readEvidence(r.evidence()).passed()).isFalse();
      assertThatThrownBy(() -> registry.setAlias("cancer", "champion", 2)).isInstanceOf(PromotionRefusedException.class);
    }
  }

  @Test
  void registryByUri_isOpenedForTheRun() {
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      registry.register(Registration.model("cancer", CancerData.get().championModel()).build());
      registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
      registry.setAlias("cancer", "champion", 1);
    }
    ModelTestGate.Result r = ModelTestGate.builder(GateSuite.class).registry(root.toUri()).reportDirectory(reports)
        .configurationParameter("cancer.baseline", "champion").build().run("cancer/2");
    assertThat(r.passed()).isTrue();
    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toUri()).promotionPolicy(POLICY).build()) {
      assertThat(registry.evidence("cancer/2")).containsExactly(r.evidence());
      registry.setAlias("cancer", "champion", 2);
    }
  }

  @Test
  void registryInstance_isTheOneTheSuiteUses_evenInMemory() {
    // Every open of a mem: URI is a new, empty store: the suite can only see these versions through the
    // gate's instance (its own annotation names another mem: store).
    try (ModelRegistry registry = ModelRegistry.open(URI.create("mem:gate"))) {
      registry.register(Registration.model("cancer", CancerData.get().championModel()).build());
      registry.register(Registration.model("cancer", CancerData.get().goodModel()).build());
      registry.setAlias("cancer", "champion", 1);
      ModelTestGate.Result r = ModelTestGate.builder(GateSuite.class).registry(registry).reportDirectory(reports)
          .configurationParameter("cancer.baseline", "champion").build().run("cancer/2");
      assertThat(r.failures()).isEmpty();
      assertThat(r.passed()).isTrue();
      assertThat(registry.evidence("cancer/2")).containsExactly(r.evidence());
      assertThat(registry.names()).containsExactly("cancer");   // still open: the caller's to close
    }
  }

  @Test
  void badArguments_getTypedErrors() {
    try (ModelRegistry registry = registryWithChampion(root.toUri())) {
      assertThatThrownBy(() -> ModelTestGate.run(GateSuite.class, registry, "cancer/9"))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("cancer");
      assertThatThrownBy(() -> ModelTestGate.run(GateSuite.class, registry, "fraud@champion"))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> ModelTestGate.run(GateSuite.class, registry, "cancer@@ x"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ModelTestGate.run(PlainTests.class, registry, "cancer/2"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("annotate it with @ModelTest");
      assertThatThrownBy(() -> ModelTestGate.run(AbstractSuite.class, registry, "cancer/2"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no test JUnit Jupiter can run");
      assertThatThrownBy(() -> ModelTestGate.builder(GateSuite.class).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("registry");
      assertThatThrownBy(() -> ModelTestGate.builder(GateSuite.class).registry(registry).registry(root.toUri()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> ModelTestGate.builder(GateSuite.class).configurationParameter(ModelTest.CANDIDATE_PROPERTY, "x/1"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(registry.evidence("cancer/2")).isEmpty();   // nothing ran
    }
  }

  @Test
  void candidateParameter_unsetOutsideAGate_failsTheTestSayingHowToSetIt() {
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(GateSuite.class))
        .configurationParameters(Map.of(ModelTest.REPORT_DIRECTORY_PROPERTY, reports.toString())).execute();
    results.testEvents().assertStatistics(s -> s.started(2).failed(2));
    String message = results.testEvents().failed().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("accurate"))
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
        .findFirst().orElseThrow();
    assertThat(message).contains("@Model(\"${mlops.modelTest.candidate}\")", "ModelTestGate", "-Dmlops.modelTest.candidate=");
  }
}
