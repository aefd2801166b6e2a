package dev.mlops.examples.batch;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatData;
import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import dev.mlops.testing.Model;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.assertions.Direction;
import dev.mlops.testing.assertions.Metric;
import dev.mlops.testing.assertions.ModelOnData;
import dev.mlops.testing.assertions.Perturbation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The promotion gate of the demo model: a {@code @ModelTest} suite the batch job runs in-process, with
 * {@link dev.mlops.testing.ModelTestGate}, on a retrained candidate (the exact version, injected with
 * {@code @Model(Model.CANDIDATE)}) before {@code @champion} may move to it. Its results are attached to the
 * candidate's version as {@code model-test} evidence of suite {@value #SUITE}; the job's registry refuses to
 * move {@code @champion} without a passing run of it.
 *
 * <p>The tests run on the holdout the retraining run recorded as its TEST data set (rows labelled since the
 * champion was trained, never trained on), read verified from the registry: the evidence names exactly the
 * rows tested. Thresholds are on the lower bounds of 95% intervals.
 *
 * <p>Copy it for your model: change {@link #MODEL}, the label and the thresholds, and pass the class with
 * {@code --gate-suite}. The registry is the job's own instance (the gate hands it to the suite). To run the
 * suite alone, pass {@code -Dmlops.modelTest.registry=URI -Dmlops.modelTest.candidate=name/version}.
 *
 * <p>A JUnit test class: instances are created by JUnit, one per test; not thread-safe.
 */
@ModelTest(suite = BreastCancerGateSuite.SUITE)
public class BreastCancerGateSuite {
  /** The model name. */
  public static final String MODEL = "breast-cancer-classifier";
  /** The version it must not be worse than. */
  public static final String CHAMPION = MODEL + "@champion";
  /** The suite's name in the evidence (and in the registry's promotion rule). */
  public static final String SUITE = "BreastCancerGateSuite";
  /** The label column of the holdout. */
  public static final String LABEL = "diagnosis";

  private static Frame holdout;

  /** Creates the suite (JUnit does). */
  public BreastCancerGateSuite() {}

  /**
   * Reads the holdout of the candidate's training run.
   *
   * @param registry the registry the job runs against
   * @param candidate the version under test
   * @throws IOException if the data set cannot be read
   */
  @BeforeAll
  static void readHoldout(ModelRegistry registry, @Model(Model.CANDIDATE) ModelVersion candidate) throws IOException {
    holdout = holdoutOf(registry, candidate, LABEL);
  }

  /**
   * Reads the TEST data set recorded by the run that trained a version.
   *
   * @param registry the registry
   * @param version the version
   * @param label the label column
   * @return the rows
   * @throws IOException if the data set cannot be read
   * @throws NotFoundException if the version records no run, or the run no TEST data set of this registry
   */
  public static Frame holdoutOf(ModelRegistry registry, ModelVersion version, String label) throws IOException {
    RunRecord run = Tracking.of(registry).runOf(version).orElseThrow(() -> new NotFoundException("run",
        version.id().toString(), version.id() + " records no training run, so no holdout to test it on."));
    DatasetInput test = run.datasets().stream().filter(d -> d.role() == DatasetRole.TEST).findFirst()
        .orElseThrow(() -> new NotFoundException("dataset", run.runId(), "Run " + run.runId() + " logged no TEST data "
            + "set; log the holdout with run.logDataset(holdout, DatasetRole.TEST)."));
    ModelVersion data = registry.search(VersionQuery.builder().kind(ArtifactKind.DATASET).build()).stream()
        .filter(v -> v.manifestDigest().equals(test.digest())).findFirst()
        .orElseThrow(() -> new NotFoundException("dataset", test.digest().toString(), "The holdout of run "
            + run.runId() + " is not a data set version of this registry."));
    try (InputStream in = registry.openFile(data.id().toString(), data.manifest().files().get(0).path());
        var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return Frames.csv().categorical(label).read(reader);
    }
  }

  private static ModelOnData onHoldout(TabularPredictor model) {
    return assertThatModel(model).on(holdout, LABEL).withPositiveClass("malignant");
  }

  // ---------------------------------------------------------------- quality, on confidence bounds

  @Test
  void isAccurate(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).accuracy().lowerBound().isAtLeast(0.8);
  }

  @Test
  void findsMalignantTumours(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).recall().lowerBound().isAtLeast(0.7);
  }

  @Test
  void ranksWell(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).auc().lowerBound().isAtLeast(0.85);
  }

  // ---------------------------------------------------------------- no regression against the champion

  @Test
  void isNoWorseThanTheChampion(@Model(Model.CANDIDATE) TabularPredictor candidate,
      @Model(CHAMPION) TabularPredictor champion) {
    onHoldout(candidate).comparedTo(champion).accuracyNotWorse(0.02);       // McNemar
    onHoldout(candidate).comparedTo(champion).notWorse(Metric.F1, 0.05);    // paired bootstrap
  }

  // ---------------------------------------------------------------- behaviour

  @Test
  void ignoresATinyChangeInTexture(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).invariantTo("texture +0.1%", Perturbation.scale("mean_texture", 1.001))
        .failureRateAtMost(0.02);
  }

  @Test
  void largerTumoursLookMoreMalignant(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    Perturbation larger = Perturbation.scale("worst_radius", 1.2).andThen(Perturbation.scale("worst_perimeter", 1.2))
        .andThen(Perturbation.scale("worst_area", 1.44));
    onHoldout(candidate).directional("worst size +20%", larger, Direction.UP).holds();
  }

  // ---------------------------------------------------------------- data

  @Test
  void holdoutFitsTheSignature(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    assertThatData(holdout).conformsTo(candidate.signature());
  }
}
