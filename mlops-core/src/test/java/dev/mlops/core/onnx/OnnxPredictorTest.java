package dev.mlops.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ONNX graphs built in the test, whose outputs are known in closed form, served through {@link OnnxPredictor}. */
class OnnxPredictorTest {
  private static final ModelSignature LINEAR = new ModelSignature(Schema.numeric(List.of("x0", "x1", "x2")),
      OutputSpec.regression(List.of("y")));
  private static final ModelSignature TWO_CLASS = new ModelSignature(Schema.numeric(List.of("x0", "x1")),
      OutputSpec.classification(List.of("neg", "pos")));

  static List<double[]> rows(int n, int m, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] r = new double[m];
      for (int j = 0; j < m; j++) {
        r[j] = rnd.nextDouble(-3, 3);
      }
      rows.add(r);
    }
    return rows;
  }

  @Test
  void linearGraph_batchAndSingleRows_matchTheClosedForm() {
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.linearRegression(), LINEAR, OnnxOptions.defaults())) {
      List<double[]> rows = rows(1000, 3, 1L);
      List<Prediction> batch = p.predictRows(rows);
      assertThat(batch).hasSize(1000);
      for (int i = 0; i < rows.size(); i++) {
        double[] x = rows.get(i);
        double expected = 2 * x[0] - 3 * x[1] + 0.5 * x[2] + 1;
        assertThat(((Prediction.Regression) batch.get(i)).value()).isCloseTo(expected, within(1e-5));
      }
      double single = ((Prediction.Regression) p.predict(Map.of("x0", 1.0, "x1", 2.0, "x2", 4))).value();
      assertThat(single).isCloseTo(2 - 6 + 2 + 1, within(1e-6));
      assertThat(((Prediction.Regression) batch.get(0)).values()).containsOnlyKeys("y");
    }
  }

  @Test
  void softmaxGraph_scoresAreTheLogisticOfTheMarginDifference_labelIsTheHighest() {
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.softmaxClassifier(false, false), TWO_CLASS, OnnxOptions.defaults())) {
      List<double[]> rows = rows(500, 2, 2L);
      List<Prediction> out = p.predictRows(rows);
      for (int i = 0; i < rows.size(); i++) {
        double[] x = rows.get(i);
        double pos = 1 / (1 + Math.exp(-(-2 * x[0] + 1.5 * x[1])));
        Prediction.Classification c = (Prediction.Classification) out.get(i);
        assertThat(c.score("pos")).isCloseTo(pos, within(1e-6));
        assertThat(c.score("neg")).isCloseTo(1 - pos, within(1e-6));
        if (Math.abs(pos - 0.5) > 1e-6) {
          assertThat(c.label()).isEqualTo(pos > 0.5 ? "pos" : "neg");
        }
      }
    }
  }

  @Test
  void zipMapScoresAndAnIntegerLabelOutput_areReadAsLabelsAndScores() {
    ModelSignature indexLabels = new ModelSignature(TWO_CLASS.inputs(), OutputSpec.classification(List.of("0", "1")));
    try (OnnxPredictor zip = OnnxPredictor.of(TestGraphs.softmaxClassifier(false, true), TWO_CLASS, OnnxOptions.defaults());
        OnnxPredictor argmax = OnnxPredictor.of(TestGraphs.softmaxClassifier(true, false), indexLabels, OnnxOptions.defaults())) {
      List<double[]> rows = rows(200, 2, 3L);
      List<Prediction> z = zip.predictRows(rows);
      List<Prediction> a = argmax.predictRows(rows);
      for (int i = 0; i < rows.size(); i++) {
        double[] x = rows.get(i);
        double pos = 1 / (1 + Math.exp(-(-2 * x[0] + 1.5 * x[1])));
        Prediction.Classification zc = (Prediction.Classification) z.get(i);
        Prediction.Classification ac = (Prediction.Classification) a.get(i);
        assertThat(zc.scores()).containsOnlyKeys("neg", "pos");
        assertThat(zc.score("pos")).isCloseTo(pos, within(1e-6));
        assertThat(ac.score("1")).isCloseTo(pos, within(1e-6));
        if (Math.abs(pos - 0.5) > 1e-6) {
          assertThat(zc.label()).isEqualTo(pos > 0.5 ? "pos" : "neg");
          assertThat(ac.label()).isEqualTo(pos > 0.5 ? "1" : "0");
        }
      }
    }
  }

  @Test
  void sklearnLayout_integerLabelAndZipMapWithIntegerKeys_areReadAsTheSignaturesLabels() {
    ModelSignature sig = new ModelSignature(Schema.numeric(List.of("x0", "x1")), OutputSpec.classification(List.of("0", "1")));
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.sklearnLayout(), sig, OnnxOptions.defaults())) {
      List<double[]> rows = rows(200, 2, 6L);
      List<Prediction> out = p.predictRows(rows);
      for (int i = 0; i < rows.size(); i++) {
        double[] x = rows.get(i);
        double pos = 1 / (1 + Math.exp(-(-2 * x[0] + 1.5 * x[1])));
        Prediction.Classification c = (Prediction.Classification) out.get(i);
        assertThat(c.scores()).containsOnlyKeys("0", "1");
        assertThat(c.score("1")).isCloseTo(pos, within(1e-6));
        if (Math.abs(pos - 0.5) > 1e-6) {
          assertThat(c.label()).isEqualTo(pos > 0.5 ? "1" : "0");
        }
      }
    }
    ModelSignature wrongLabels = new ModelSignature(Schema.numeric(List.of("x0", "x1")), OutputSpec.classification(List.of("no", "yes")));
    int open = OnnxPredictor.openSessions();
    assertThatThrownBy(() -> OnnxPredictor.of(TestGraphs.sklearnLayout(), wrongLabels, OnnxOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not list [no, yes]");
    assertThat(OnnxPredictor.openSessions()).isEqualTo(open);
  }

  @Test
  void perFeatureInputs_areFedByName_inDouble() {
    ModelSignature sig = new ModelSignature(Schema.numeric(List.of("b", "a")), OutputSpec.regression(List.of("y")));
    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.perFeatureProduct(), sig, OnnxOptions.defaults())) {
      assertThat(p.graphInputs()).containsExactly("b", "a");
      List<double[]> rows = rows(300, 2, 4L);  // row = {b, a} in signature order
      List<Prediction> out = p.predictRows(rows);
      for (int i = 0; i < rows.size(); i++) {
        double b = rows.get(i)[0];
        double a = rows.get(i)[1];
        assertThat(((Prediction.Regression) out.get(i)).value()).isEqualTo(a * b + a);
      }
      List<Prediction> maps = p.predictAll(List.of(Map.of("a", 2.0, "b", 5.0), Map.of("a", -1.0, "b", 0.5)));
      assertThat(maps).extracting(x -> ((Prediction.Regression) x).value()).containsExactly(12.0, -1.5);
    }
  }

  @Test
  void sessionOptions_doNotChangeResults() {
    OnnxOptions tuned = OnnxOptions.builder().intraOpThreads(1).interOpThreads(1).optimization(OnnxOptions.Optimization.NONE).build();
    List<double[]> rows = rows(100, 3, 5L);
    try (OnnxPredictor a = OnnxPredictor.of(TestGraphs.linearRegression(), LINEAR, tuned);
        OnnxPredictor b = OnnxPredictor.of(TestGraphs.linearRegression(), LINEAR, OnnxOptions.builder().optimization(OnnxOptions.Optimization.ALL).build())) {
      assertThat(a.predictRows(rows)).isEqualTo(b.predictRows(rows));
    }
    assertThatThrownBy(() -> OnnxOptions.builder().intraOpThreads(1).intraOpThreads(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OnnxOptions.builder().interOpThreads(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badInput_isATypedErrorNamingWhatIsWrong() {
    byte[] corrupt = Arrays.copyOf(TestGraphs.linearRegression(), 40);
    assertThatThrownBy(() -> OnnxPredictor.of(corrupt, LINEAR, OnnxOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an ONNX model")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("file");
    ModelSignature fourFeatures = new ModelSignature(Schema.numeric(List.of("x0", "x1", "x2", "x3")), OutputSpec.regression(List.of("y")));
    assertThatThrownBy(() -> OnnxPredictor.of(TestGraphs.linearRegression(), fourFeatures, OnnxOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("[rows, 4]");
    ModelSignature threeLabels = new ModelSignature(TWO_CLASS.inputs(), OutputSpec.classification(List.of("a", "b", "c")));
    assertThatThrownBy(() -> OnnxPredictor.of(TestGraphs.softmaxClassifier(false, false), threeLabels, OnnxOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 columns").hasMessageContaining("3 labels");
    ModelSignature wrongNames = new ModelSignature(Schema.numeric(List.of("a", "c")), OutputSpec.regression(List.of("y")));
    assertThatThrownBy(() -> OnnxPredictor.of(TestGraphs.perFeatureProduct(), wrongNames, OnnxOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("lacks [c]").hasMessageContaining("[b]");

    try (OnnxPredictor p = OnnxPredictor.of(TestGraphs.linearRegression(), LINEAR, OnnxOptions.defaults())) {
      assertThatThrownBy(() -> p.predict(Map.of("x0", 1.0, "x1", 2.0)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("Missing feature 'x2'");
      assertThatThrownBy(() -> p.predictRows(List.of(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3})))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'x1' is NaN");
      assertThatThrownBy(() -> p.predictRow(new double[] {1, 2}))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void close_releasesTheSession_andLaterPredictionsFail() {
    int before = OnnxPredictor.openSessions();
    OnnxPredictor p = OnnxPredictor.of(TestGraphs.linearRegression(), LINEAR, OnnxOptions.defaults());
    assertThat(OnnxPredictor.openSessions()).isEqualTo(before + 1);
    p.predictRow(new double[] {1, 2, 3});
    p.close();
    p.close();
    assertThat(p.isClosed()).isTrue();
    assertThat(OnnxPredictor.openSessions()).isEqualTo(before);
    assertThatThrownBy(() -> p.predictRow(new double[] {1, 2, 3})).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
