package dev.mlops.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

class KernelShapTest {

  static final class Wine {
    static final MutableDataset<Label> DATA = load("/data/wine.csv", "cultivar", new LabelFactory());
    static final Model<Label> MODEL = new LogisticRegressionTrainer().train(DATA);
    static final TribuoPredictor PREDICTOR = TribuoPredictor.of(MODEL);
    static final List<double[]> ROWS = TreeShap.rows(PREDICTOR.schema(), DATA);

    private Wine() {}
  }

  static final class Diabetes {
    static final MutableDataset<Regressor> DATA = load("/data/diabetes.csv", "progression", new RegressionFactory());
    static final LinearSGDModel MODEL =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 10, 1L).train(DATA);
    static final TribuoPredictor PREDICTOR = TribuoPredictor.of(MODEL);
    static final List<double[]> ROWS = TreeShap.rows(PREDICTOR.schema(), DATA);

    private Diabetes() {}
  }

  @Test
  void kernelShap_convergesToExactShapleyAsSamplesGrow_withCalibratedStandardErrors() {
    ExplainedOutput out = ExplainedOutput.score("class_1");
    Background bg = Background.kmeans(Wine.ROWS, 8, 3L);
    double[] x = Wine.ROWS.get(70);
    double[] exact = ExactShapley.of(Wine.PREDICTOR, out, bg).explain(x).contributionArray();
    double previous = Double.POSITIVE_INFINITY;
    for (int samples : new int[] {200, 1000, 6000}) {
      // average the error over a few seeds so that one lucky draw does not decide
      double err = 0;
      for (long seed = 1; seed <= 3; seed++) {
        Explanation e = KernelShap.builder(Wine.PREDICTOR, out).background(bg).samples(samples).seed(seed).exactUpTo(0).build().explain(x);
        assertThat(e.method()).isEqualTo(ExplanationMethod.KERNEL_SHAP);
        assertThat(e.additivityError()).isLessThan(1e-9);
        assertThat(e.accuracy().kind()).isEqualTo(Accuracy.Kind.MAX_STANDARD_ERROR);
        err += rmse(e.contributionArray(), exact) / 3;
        if (samples == 6000) {
          int within = 0;
          for (int i = 0; i < exact.length; i++) {
            if (Math.abs(e.contributionArray()[i] - exact[i]) <= 3 * e.standardErrors().get(i) + 1e-12) {
              within++;
            }
          }
          assertThat(within).as("values within 3 standard errors of exact").isGreaterThanOrEqualTo(exact.length - 2);
        }
      }
      assertThat(err).as("rmse at %d samples", samples).isLessThan(previous);
      previous = err;
    }
    double scale = 0;
    for (double v : exact) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertThat(previous).isLessThan(0.05 * scale);
  }

  @Test
  void linearModel_shapValuesEqualWeightTimesDistanceFromTheBackgroundMean() {
    ExplainedOutput out = ExplainedOutput.value();
    List<double[]> bgRows = Diabetes.ROWS.subList(0, 40);
    Background bg = Background.of(bgRows);
    var weights = Diabetes.MODEL.getWeightsCopy();
    int m = Diabetes.PREDICTOR.schema().size();
    for (double[] x : List.of(Diabetes.ROWS.get(100), Diabetes.ROWS.get(200))) {
      double[] expected = new double[m];
      for (int i = 0; i < m; i++) {
        double mean = 0;
        for (double[] b : bgRows) {
          mean += b[i] / bgRows.size();
        }
        expected[i] = weights.get(0, i) * (x[i] - mean);
      }
      double[] exact = ExactShapley.of(Diabetes.PREDICTOR, out, bg).explain(x).contributionArray();
      double[] kernel = KernelShap.builder(Diabetes.PREDICTOR, out).background(bg).samples(300).exactUpTo(0).seed(5).build()
          .explain(x).contributionArray();
      for (int i = 0; i < m; i++) {
        assertThat(exact[i]).as("exact %d", i).isCloseTo(expected[i], within(1e-9));
        assertThat(kernel[i]).as("kernel %d", i).isCloseTo(expected[i], within(1e-9));
      }
    }
  }

  @Test
  void smallFeatureCount_switchesToExactEnumeration() {
    ExplainedOutput out = ExplainedOutput.value();
    Background bg = Background.sample(Diabetes.ROWS, 10, 1L);
    Explanation e = KernelShap.builder(Diabetes.PREDICTOR, out).background(bg).build().explain(Diabetes.ROWS.get(5));
    assertThat(e.method()).isEqualTo(ExplanationMethod.EXACT_SHAPLEY);
    assertThat(e.standardErrors()).isEmpty();
    assertThat(e.contributionArray()).containsExactly(ExactShapley.of(Diabetes.PREDICTOR, out, bg).explain(Diabetes.ROWS.get(5)).contributionArray());
  }

  @Test
  void sameSeed_sameExplanation_modelCalledInBatches() {
    ExplainedOutput out = ExplainedOutput.score("class_0");
    Background bg = Background.sample(Wine.ROWS, 20, 9L);
    CountingPredictor counting = new CountingPredictor(Wine.PREDICTOR);
    KernelShap shap = KernelShap.builder(counting, out).background(bg).samples(1000).seed(11).exactUpTo(0).build();
    Explanation a = shap.explain(Wine.ROWS.get(3));
    assertThat(counting.singleCalls.get()).isEqualTo(1);        // f(x) itself
    assertThat(counting.batchCalls.get()).isLessThanOrEqualTo(1 + 1001 * 20 / MaskedModel.BATCH_ROWS + 1);
    Explanation b = shap.explain(Wine.ROWS.get(3));
    assertThat(b).isEqualTo(a);
  }

  @Test
  void groups_explainOriginalColumnsAsSinglePlayers() {
    ExplainedOutput out = ExplainedOutput.score("class_2");
    Background bg = Background.sample(Wine.ROWS, 10, 2L);
    List<String> names = Wine.PREDICTOR.schema().names();
    FeatureGroups groups = FeatureGroups.of(java.util.Map.of("acidity", List.of("malic_acid", "ash", "alcalinity_of_ash"),
        "phenols", List.of("total_phenols", "flavanoids", "nonflavanoid_phenols")));
    double[] x = Wine.ROWS.get(150);
    Explanation grouped = ExactShapley.of(Wine.PREDICTOR, out, bg, groups).explain(x);
    assertThat(grouped.features()).hasSize(names.size() - 4).contains("acidity", "phenols", "alcohol");
    assertThat(grouped.featureValues()).isEmpty();
    assertThat(grouped.additivityError()).isLessThan(1e-9);
    // Summing an ungrouped explanation keeps additivity too (a different, approximate attribution)
    Explanation summed = ExactShapley.of(Wine.PREDICTOR, out, bg).explain(x).grouped(groups);
    assertThat(summed.features()).containsExactlyInAnyOrderElementsOf(grouped.features());
    assertThat(summed.additivityError()).isLessThan(1e-9);
    assertThat(FeatureGroups.bySeparator(List.of("colour@red", "colour@blue", "size"), "@").groups())
        .containsEntry("colour", List.of("colour@red", "colour@blue")).containsEntry("size", List.of("size"));
  }

  @Test
  void badInput_isRejectedWithATypedError() {
    ExplainedOutput out = ExplainedOutput.score("class_0");
    Background bg = Background.sample(Wine.ROWS, 5, 1L);
    KernelShap shap = KernelShap.builder(Wine.PREDICTOR, out).background(bg).samples(10).exactUpTo(0).build();
    assertThatThrownBy(() -> shap.explain(Wine.ROWS.get(0))).isInstanceOf(InvalidInputException.class).hasMessageContaining("samples");
    double[] nan = Wine.ROWS.get(0).clone();
    nan[2] = Double.NaN;
    assertThatThrownBy(() -> ExactShapley.of(Wine.PREDICTOR, out, bg).explain(nan)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Background.of(List.of(new double[] {1, Double.POSITIVE_INFINITY}))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Background.of(List.of())).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> KernelShap.builder(Wine.PREDICTOR, ExplainedOutput.value()).background(bg).build().explain(Wine.ROWS.get(0)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("classifier");
    assertThatThrownBy(() -> KernelShap.builder(Wine.PREDICTOR, out).build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void kmeansBackground_weightsSumToOneAndCentresLieInTheData() {
    Background bg = Background.kmeans(Wine.ROWS, 10, 4L);
    assertThat(bg.size()).isBetween(1, 10);
    double sum = 0;
    for (int i = 0; i < bg.size(); i++) {
      sum += bg.weight(i);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-12));
    assertThat(Background.kmeans(Wine.ROWS, 10, 4L).rows().get(0)).containsExactly(bg.rows().get(0));
  }

  private static double rmse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s / a.length);
  }

  /** Counts how the explainer calls the model. */
  static final class CountingPredictor implements TabularPredictor {
    final TabularPredictor inner;
    final AtomicInteger singleCalls = new AtomicInteger();
    final AtomicInteger batchCalls = new AtomicInteger();

    CountingPredictor(TabularPredictor inner) {
      this.inner = inner;
    }

    @Override
    public Prediction predictRow(double[] row) {
      singleCalls.incrementAndGet();
      return inner.predictRow(row);
    }

    @Override
    public List<Prediction> predictRows(List<double[]> rows) {
      batchCalls.incrementAndGet();
      return inner.predictRows(rows);
    }

    @Override
    public ModelSignature signature() {
      return inner.signature();
    }
  }

  static <T extends org.tribuo.Output<T>> MutableDataset<T> load(String resource, String response, org.tribuo.OutputFactory<T> factory) {
    try {
      return new CSVLoader<>(factory).load(Path.of(KernelShapTest.class.getResource(resource).toURI()), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
