package dev.mlops.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.internal.BatchAccess;
import dev.mlops.core.model.BatchPrediction;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.ScoreNames;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** {@link TabularPredictor#predictBatch(List)} against the row-by-row predictions, for Tribuo and ONNX predictors. */
class BatchPredictionTest {
  private static final String[] NAMES = {"a", "b", "c", "d", "e"};

  private static List<double[]> rows(int n, int m, long seed) {
    return OnnxPredictorTest.rows(n, m, seed);
  }

  private static List<Model<Label>> classifiers() {
    LabelFactory f = new LabelFactory();
    MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", f), f);
    SplittableRandom noise = new SplittableRandom(3L);
    for (double[] x : rows(1000, NAMES.length, 2L)) {
      double z = x[0] - 0.8 * x[1] + 0.5 * x[2] * x[3] + 0.3 * noise.nextGaussian();
      d.add(new ArrayExample<>(new Label(z > 0.4 ? "yes" : z < -0.4 ? "no" : "maybe"), NAMES, x));
    }
    return List.of(new LogisticRegressionTrainer().train(d),
        new RandomForestTrainer<>(new CARTClassificationTrainer(6, 0.6f, 3L), new VotingCombiner(), 10, 5L).train(d));
  }

  /** The batch's columns and its per-row view say exactly what the row-by-row predictions say. */
  private static void assertSameAsRows(BatchPrediction batch, List<Prediction> expected, double tolerance) {
    assertThat(batch.size()).isEqualTo(expected.size());
    ScoreNames names = batch.names();
    for (int i = 0; i < expected.size(); i++) {
      Prediction e = expected.get(i);
      if (e instanceof Prediction.Classification c) {
        assertThat(batch.label(i)).as("row %d", i).isEqualTo(c.label());
        assertThat(names.get(batch.labelIndex(i))).isEqualTo(c.label());
        for (int k = 0; k < names.size(); k++) {
          assertThat(batch.score(i, k)).as("row %d, %s", i, names.get(k)).isCloseTo(c.score(names.get(k)), within(tolerance));
        }
      } else {
        Prediction.Regression r = (Prediction.Regression) e;
        for (int k = 0; k < names.size(); k++) {
          assertThat(batch.value(i, k)).isCloseTo(r.values().get(names.get(k)), within(tolerance));
        }
      }
    }
    if (tolerance == 0) {
      assertThat(batch.asList()).isEqualTo(expected);
    }
  }

  @Test
  void tribuoAndOnnxClassifiers_batchEqualsTheRowByRowPredictions() {
    List<double[]> test = rows(400, NAMES.length, 9L);
    for (Model<Label> model : classifiers()) {
      ModelSignature signature = TribuoModels.signatureOf(model);
      TribuoPredictor tribuo = TribuoPredictor.of(model);
      List<Prediction> tribuoRows = tribuo.predictRows(test);
      BatchPrediction tribuoBatch = tribuo.predictBatch(test);
      assertThat(tribuoBatch.kind()).isEqualTo(OutputKind.CLASSIFICATION);
      assertThat(tribuoBatch.isFloat()).isFalse();
      assertSameAsRows(tribuoBatch, tribuoRows, 0);
      try (OnnxPredictor onnx = OnnxPredictor.of(TribuoOnnx.export(model), signature, OnnxOptions.defaults())) {
        List<Prediction> onnxRows = onnx.predictRows(test);
        BatchPrediction onnxBatch = onnx.predictBatch(test);
        assertThat(onnxBatch.isFloat()).as("ONNX Runtime's float scores are kept as float").isTrue();
        assertSameAsRows(onnxBatch, onnxRows, 0);
        // and the ONNX batch against Tribuo itself: same labels, probabilities within float precision
        for (int i = 0; i < test.size(); i++) {
          Prediction.Classification c = (Prediction.Classification) tribuoRows.get(i);
          double top = c.score(c.label());
          boolean tie = c.scores().values().stream().filter(v -> Math.abs(v - top) < 1e-5).count() > 1;
          if (!tie) {
            assertThat(onnxBatch.label(i)).as("row %d", i).isEqualTo(c.label());
          }
          for (int k = 0; k < onnxBatch.names().size(); k++) {
            assertThat(onnxBatch.score(i, k)).isCloseTo(c.score(onnxBatch.names().get(k)), within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void onnxRegressionAndZipMapGraphs_batchEqualsTheRowByRowPredictions() {
    ModelSignature linear = new ModelSignature(Schema.numeric(List.of("x0", "x1", "x2")), OutputSpec.regression(List.of("y")));
    ModelSignature twoClass = new ModelSignature(Schema.numeric(List.of("x0", "x1")), OutputSpec.classification(List.of("neg", "pos")));
    ModelSignature perFeature = new ModelSignature(Schema.numeric(List.of("b", "a")), OutputSpec.regression(List.of("y")));
    try (OnnxPredictor reg = OnnxPredictor.of(TestGraphs.linearRegression(), linear, OnnxOptions.defaults());
        OnnxPredictor zip = OnnxPredictor.of(TestGraphs.softmaxClassifier(false, true), twoClass, OnnxOptions.defaults());
        OnnxPredictor dense = OnnxPredictor.of(TestGraphs.softmaxClassifier(false, false), twoClass, OnnxOptions.defaults());
        OnnxPredictor named = OnnxPredictor.of(TestGraphs.perFeatureProduct(), perFeature, OnnxOptions.defaults())) {
      List<double[]> three = rows(300, 3, 4L);
      BatchPrediction r = reg.predictBatch(three);
      assertThat(r.kind()).isEqualTo(OutputKind.REGRESSION);
      assertSameAsRows(r, reg.predictRows(three), 0);
      for (int i = 0; i < three.size(); i++) {
        double[] x = three.get(i);
        assertThat(r.value(i, 0)).isCloseTo(2 * x[0] - 3 * x[1] + 0.5 * x[2] + 1, within(1e-5));
      }
      assertThatThrownBy(() -> r.label(0)).isInstanceOf(IllegalStateException.class);
      List<double[]> two = rows(300, 2, 5L);
      assertSameAsRows(zip.predictBatch(two), zip.predictRows(two), 0);
      assertSameAsRows(dense.predictBatch(two), dense.predictRows(two), 0);
      assertSameAsRows(zip.predictBatch(two), dense.predictRows(two), 1e-6);
      assertSameAsRows(named.predictBatch(two), named.predictRows(two), 0);
      assertThat(reg.predictBatch(List.of()).size()).isZero();
    }
  }

  @Test
  void badInput_isTheSameTypedErrorAsPredictRows_forTribuoAndOnnx() {
    Model<Label> model = classifiers().get(0);
    TribuoPredictor tribuo = TribuoPredictor.of(model);
    try (OnnxPredictor onnx = OnnxPredictor.of(TribuoOnnx.export(model), TribuoModels.signatureOf(model), OnnxOptions.defaults())) {
      for (TabularPredictor p : List.of(tribuo, onnx)) {
        double[] ok = new double[NAMES.length];
        assertThatThrownBy(() -> p.predictBatch(List.of(ok, new double[] {1, 2})))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 values but the schema has 5");
        assertThatThrownBy(() -> p.predictBatch(List.of(ok, new double[] {0, 0, Double.NaN, 0, 0})))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("'c' is NaN");
        assertThatThrownBy(() -> p.predictBatch(List.of(ok, new double[] {0, 0, 0, Double.POSITIVE_INFINITY, 0})))
            .isInstanceOf(InvalidInputException.class);
      }
    }
  }

  @Test
  void aNaNOutput_isAnError_notAPrediction() {
    ModelSignature twoClass = new ModelSignature(Schema.numeric(List.of("x0", "x1")), OutputSpec.classification(List.of("neg", "pos")));
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.softmaxClassifier(false, false), twoClass, OnnxOptions.defaults())) {
      // finite inputs whose float margin overflows to +inf: the softmax of (inf, finite) is NaN
      List<double[]> rows = List.of(new double[] {1, 1}, new double[] {3e38, 3e38});
      assertThatThrownBy(() -> p.predictRows(rows)).isInstanceOf(IllegalStateException.class).hasMessageContaining("produced NaN");
      assertThatThrownBy(() -> p.predictBatch(rows)).isInstanceOf(IllegalStateException.class).hasMessageContaining("produced NaN");
    }
  }

  @Test
  void anInfiniteOutput_isAnError_inBatchesAndRows() {
    ModelSignature linear = new ModelSignature(Schema.numeric(List.of("x0", "x1", "x2")), OutputSpec.regression(List.of("y")));
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.linearRegression(), linear, OnnxOptions.defaults())) {
      // y = 2 x0 - 3 x1 + 0.5 x2 + 1 in float: 2 * 3e38 overflows to +inf although every input is a finite float
      List<double[]> rows = List.of(new double[] {1, 1, 1}, new double[] {3e38, 0, 0});
      assertThatThrownBy(() -> p.predictRows(rows)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("produced an infinite value for 'y'");
      assertThatThrownBy(() -> p.predictBatch(rows)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("produced an infinite value for 'y'");
      assertThat(p.predictBatch(List.of(new double[] {1e30, 0, 0})).value(0, 0)).isCloseTo(2e30, within(1e24));
    }
  }

  @Test
  void theFirstBadRow_isReported_asPredictRowsReportsIt() {
    Model<Label> model = classifiers().get(0);
    try (OnnxPredictor onnx = OnnxPredictor.of(TribuoOnnx.export(model), TribuoModels.signatureOf(model), OnnxOptions.defaults())) {
      double[] ok = new double[NAMES.length];
      double[] nan = {0, Double.NaN, 0, 0, 0};
      double[] shortRow = {1, 2};
      // the batch fills its tensor in one pass: a bad length found after a NaN still reports the NaN first
      for (List<double[]> rows : List.of(List.of(ok, nan, shortRow), List.of(ok, shortRow, nan))) {
        Throwable rowsError = catchThrowable(() -> onnx.predictRows(rows));
        assertThat(rowsError).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> onnx.predictBatch(rows)).isInstanceOf(InvalidInputException.class)
            .hasMessage(rowsError.getMessage());
      }
      List<double[]> withNull = new ArrayList<>(List.of(ok, ok));
      withNull.add(null);
      assertThatThrownBy(() -> onnx.predictBatch(withNull)).isInstanceOf(NullPointerException.class);
      // rows are checked, not kept: a batch read after the rows change still holds the first answer
      List<double[]> test = rows(50, NAMES.length, 11L);
      BatchPrediction batch = onnx.predictBatch(test);
      List<Prediction> expected = onnx.predictRows(test);
      test.forEach(r -> Arrays.fill(r, 100));
      assertSameAsRows(batch, expected, 0);
    }
  }

  @Test
  void theInternalAdopter_isInstalledOnce_andChecksShapes() {
    BatchAccess.Adopter adopter = BatchAccess.adopter();
    assertThatThrownBy(() -> BatchAccess.install(adopter)).isInstanceOf(IllegalStateException.class);
    ScoreNames names = ScoreNames.of(List.of("no", "yes"));
    BatchPrediction b = adopter.classifications(names, new float[] {0.25f, 0.75f, 0.5f, 0.5f}, new int[] {1, 0});
    assertThat(b.asList()).isEqualTo(BatchPrediction.classifications(names, new float[] {0.25f, 0.75f, 0.5f, 0.5f}, new int[] {1, 0}).asList());
    assertThatThrownBy(() -> adopter.classifications(names, new float[3], new int[2])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adopter.classifications(names, new float[4], new int[] {0, 2})).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(adopter.regressions(ScoreNames.of(List.of("y")), new float[] {1.5f, -2f}, 2).value(1, 0)).isEqualTo(-2.0);
    assertThatThrownBy(() -> adopter.regressions(ScoreNames.of(List.of("y")), new float[3], 2)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A float batch's per-row view equals what the per-row factory builds from the widened scores. */
  @Property(tries = 200)
  void floatBatch_viewEqualsTheDenseClassifications(@ForAll @IntRange(min = 0, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 6) int width, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < width; k++) {
      labels.add("l" + k);
    }
    ScoreNames names = ScoreNames.of(labels);
    float[] scores = new float[n * width];
    double[] widened = new double[n * width];
    int[] predicted = new int[n];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) rnd.nextDouble(-10, 10);
      widened[i] = scores[i];
    }
    for (int i = 0; i < n; i++) {
      predicted[i] = rnd.nextInt(width);
    }
    BatchPrediction batch = BatchPrediction.classifications(names, scores, predicted);
    if (scores.length > 0) {
      scores[0] = Float.NaN;  // the batch kept its own copy
    }
    assertThat(batch.asList()).isEqualTo(Prediction.classifications(names, widened, predicted));
    assertThat(BatchPrediction.of(OutputSpec.classification(labels), batch.asList()).asList()).isEqualTo(batch.asList());
  }
}
