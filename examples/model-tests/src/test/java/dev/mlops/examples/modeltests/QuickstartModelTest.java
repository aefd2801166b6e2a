package dev.mlops.examples.modeltests;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatData;
import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.examples.quickstart.Quickstart;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testing.Dataset;
import dev.mlops.testing.Model;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.assertions.Direction;
import dev.mlops.testing.assertions.FunctionalityCase;
import dev.mlops.testing.assertions.Metric;
import dev.mlops.testing.assertions.ModelOnData;
import dev.mlops.testing.assertions.Perturbation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;

/**
 * Model tests for the quickstart's model, written as JUnit 5 tests: the template to copy (see README.md).
 *
 * <p>{@link #trainTheQuickstart()} runs the quickstart's own training code into a registry under
 * {@code target/}: it registers two classifiers and points {@code @champion} at the more accurate one;
 * this suite points {@code @challenger} at the other. The tests then receive both by alias, verified
 * from the registry, and check the champion on the rows the quickstart held out. The results are written
 * to {@code target/model-tests/dev.mlops.examples.modeltests.QuickstartModelTest.json} and {@code .html},
 * and attached to the champion's exact version as evidence of suite {@code QuickstartModelTest}, which a
 * promotion rule can require before {@code @champion} moves.
 */
@ModelTest(registry = QuickstartModelTest.REGISTRY, attachEvidenceTo = QuickstartModelTest.MODEL + "@champion")
class QuickstartModelTest {
  /** The registry the quickstart trains into (a directory: a file-system registry). */
  static final String REGISTRY = "target/quickstart-registry";
  static final String MODEL = "breast-cancer-classifier";
  static final String LABEL = "diagnosis";

  /** The rows the quickstart held out (its 70/30 split with seed 42), with a tumour-size slice column. */
  static Frame holdout;
  /** The rows it trained on. */
  static Frame training;

  @BeforeAll
  static void trainTheQuickstart() throws IOException {
    Path root = Path.of(REGISTRY);
    deleteRecursively(root);                                  // a fresh registry on every run
    ModelVersion champion = Quickstart.run(root, new PrintStream(OutputStream.nullOutputStream()));
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      for (ModelVersion v : registry.versions(MODEL)) {
        if (v.version() != champion.version()) {
          registry.setAlias(MODEL, "challenger", v.version());
        }
      }
    }
    // The quickstart's split, reproduced with the same loader, seed and ratio.
    Path csv = Files.createTempFile("breast_cancer", ".csv");
    try (InputStream in = Quickstart.class.getResourceAsStream("/breast_cancer.csv")) {
      Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
    }
    var split = new TrainTestSplitter<>(new CSVLoader<>(new LabelFactory()).loadDataSource(csv, LABEL), 0.7, 42L);
    Files.delete(csv);
    training = Frames.fromTribuo(new MutableDataset<Label>(split.getTrain()), LABEL);
    holdout = withTumourSize(Frames.fromTribuo(new MutableDataset<Label>(split.getTest()), LABEL));
  }

  /** The champion on the held-out rows; probabilities are of "malignant". */
  private static ModelOnData champion(TabularPredictor model) {
    return assertThatModel(model).on(holdout, LABEL).withPositiveClass("malignant");
  }

  // ---------------------------------------------------------------- quality, on confidence bounds

  @Test
  void isAccurate(@Model(MODEL + "@champion") TabularPredictor model) {
    champion(model).accuracy().lowerBound().isAtLeast(0.85);
  }

  @Test
  void findsMalignantTumours(@Model(MODEL + "@champion") TabularPredictor model) {
    champion(model).recall().lowerBound().isAtLeast(0.8);
    champion(model).precision().lowerBound().isAtLeast(0.8);
  }

  @Test
  void ranksWell(@Model(MODEL + "@champion") TabularPredictor model) {
    champion(model).auc().lowerBound().isAtLeast(0.9);
  }

  // ---------------------------------------------------------------- no regression

  @Test
  void championIsNoWorseThanTheChallenger(@Model(MODEL + "@champion") TabularPredictor model,
      @Model(MODEL + "@challenger") TabularPredictor challenger) {
    champion(model).comparedTo(challenger).accuracyNotWorse(0.02);       // McNemar
    champion(model).comparedTo(challenger).notWorse(Metric.F1, 0.05);    // paired bootstrap
  }

  // ---------------------------------------------------------------- slices

  @Test
  void isAccurateOnSmallAndLargeTumours(@Model(MODEL + "@champion") TabularPredictor model) {
    champion(model).slicedBy("tumour_size").accuracy().lowerBound().isAtLeast(0.75);
  }

  // ---------------------------------------------------------------- behaviour

  @Test
  void ignoresATinyChangeInTexture(@Model(MODEL + "@champion") TabularPredictor model) {
    champion(model).invariantTo("texture +0.1%", Perturbation.scale("mean_texture", 1.001)).failureRateAtMost(0.02);
  }

  @Test
  void largerTumoursLookMoreMalignant(@Model(MODEL + "@champion") TabularPredictor model) {
    // A larger tumour is larger in every size measurement at once: radius, perimeter and area.
    Perturbation larger = Perturbation.scale("worst_radius", 1.2).andThen(Perturbation.scale("worst_perimeter", 1.2))
        .andThen(Perturbation.scale("worst_area", 1.44));
    champion(model).directional("worst size +20%", larger, Direction.UP).holds();
  }

  @Test
  void getsTheClearCasesRight(@Model(MODEL + "@champion") TabularPredictor model) {
    List<FunctionalityCase> cases = new ArrayList<>();
    NumericColumn radius = (NumericColumn) holdout.column("worst_radius").orElseThrow();
    int largest = 0;
    int smallest = 0;
    for (int r = 1; r < holdout.rowCount(); r++) {
      largest = radius.value(r) > radius.value(largest) ? r : largest;
      smallest = radius.value(r) < radius.value(smallest) ? r : smallest;
    }
    cases.add(FunctionalityCase.label("the largest tumour held out", features(model, largest), "malignant"));
    cases.add(FunctionalityCase.label("the smallest tumour held out", features(model, smallest), "benign"));
    assertThatModel(model).passesMinimumFunctionality(cases);
  }

  // ---------------------------------------------------------------- data

  @Test
  void holdoutLooksLikeTheTrainingData(@Model(MODEL + "@champion") TabularPredictor model,
      @Dataset(value = "classpath:/breast_cancer.csv", label = LABEL) Frame published) {
    assertThatData(holdout).conformsTo(model.signature());
    assertThatData(holdout).hasNoDriftFrom(training);
    assertThatData(published).isWithinRangesOf(training, 0.02);
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Object> features(TabularPredictor model, int row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : model.schema().names()) {
      out.put(name, ((NumericColumn) holdout.column(name).orElseThrow()).value(row));
    }
    return out;
  }

  /** Adds a categorical "tumour_size" column: "small" below a mean radius of 15, else "large". */
  private static Frame withTumourSize(Frame frame) {
    NumericColumn radius = (NumericColumn) frame.column("mean_radius").orElseThrow();
    String[] size = new String[frame.rowCount()];
    for (int r = 0; r < size.length; r++) {
      size[r] = radius.value(r) < 15 ? "small" : "large";
    }
    List<Column> columns = new ArrayList<>(frame.columns());
    columns.add(new CategoricalColumn("tumour_size", size));
    return Frame.of(columns);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
