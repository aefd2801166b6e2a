package dev.mlops.testing.kit;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.testing.assertions.AssertionRecorder;
import dev.mlops.testing.assertions.AssertionResult;
import dev.mlops.testing.assertions.Metric;
import dev.mlops.testing.assertions.ModelAssertionError;
import dev.mlops.testing.assertions.ModelOnData;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The assertions' point values against Tribuo's own evaluator on the same rows (an independent
 * implementation): this checks how the assertions encode labels, the positive class and class
 * probabilities for the metric library, binary and multiclass; and the errors for unusable data.
 */
class QualityAgainstTribuoTest {

  private static MutableDataset<Label> tribuo(Frame frame, List<String> features, String label) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("frame", factory), factory);
    CategoricalColumn labels = (CategoricalColumn) frame.column(label).orElseThrow();
    String[] names = features.toArray(String[]::new);
    for (int r = 0; r < frame.rowCount(); r++) {
      double[] v = new double[names.length];
      for (int j = 0; j < v.length; j++) {
        v[j] = ((NumericColumn) frame.column(names[j]).orElseThrow()).value(r);
      }
      data.add(new ArrayExample<>(new Label(labels.value(r)), names, v));
    }
    return data;
  }

  @Test
  void binaryMetrics_matchTribuosEvaluator() {
    CancerData d = CancerData.get();
    LabelEvaluation tribuo = new LabelEvaluator().evaluate(d.goodModel(), tribuo(d.test(), d.features(), CancerData.LABEL));
    Label malignant = new Label(CancerData.POSITIVE);
    ModelOnData m = assertThatModel(d.good()).on(d.test(), CancerData.LABEL).withPositiveClass(CancerData.POSITIVE);
    assertThat(m.accuracy().estimate().value()).isCloseTo(tribuo.accuracy(), within(1e-12));
    assertThat(m.precision().estimate().value()).isCloseTo(tribuo.precision(malignant), within(1e-12));
    assertThat(m.recall().estimate().value()).isCloseTo(tribuo.recall(malignant), within(1e-12));
    assertThat(m.f1().estimate().value()).isCloseTo(tribuo.f1(malignant), within(1e-12));
    // AUC by brute force over every (malignant, benign) pair of the test rows, ties counting one half.
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    for (int r = 0; r < d.test().rowCount(); r++) {
      double score = ((Prediction.Classification) d.good().predict(d.features(d.test(), r))).score(CancerData.POSITIVE);
      (d.label(d.test(), r).equals(CancerData.POSITIVE) ? pos : neg).add(score);
    }
    double wins = 0;
    for (double p : pos) {
      for (double n : neg) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    double pairs = (double) pos.size() * neg.size();
    assertThat(m.auc().estimate().value()).isCloseTo(wins / pairs, within(1e-12));
    // Tribuo's own ROC AUC agrees to within half a pair (it walks its curve differently at equal scores).
    assertThat(m.auc().estimate().value()).isCloseTo(tribuo.AUCROC(malignant), within(0.5 / pairs + 1e-12));
  }

  @Test
  void multiclassMetrics_areMacroAveraged_likeTribuos() throws Exception {
    Frame iris;
    try (var in = new InputStreamReader(Objects.requireNonNull(getClass().getResourceAsStream("/data/iris.csv")),
        StandardCharsets.UTF_8)) {
      iris = Frames.csv().categorical("species").read(in);
    }
    List<String> features = List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
    Frame train = iris.select(java.util.stream.IntStream.range(0, 150).filter(i -> i % 3 != 0).toArray());
    Frame test = iris.select(java.util.stream.IntStream.range(0, 150).filter(i -> i % 3 == 0).toArray());
    Model<Label> model = new LogisticRegressionTrainer().train(tribuo(train, features, "species"));
    LabelEvaluation tribuo = new LabelEvaluator().evaluate(model, tribuo(test, features, "species"));

    ModelOnData m = assertThatModel(TribuoPredictor.of(model)).on(test, "species");
    assertThat(m.accuracy().estimate().value()).isCloseTo(tribuo.accuracy(), within(1e-12));
    assertThat(m.precision().estimate().value()).isCloseTo(tribuo.macroAveragedPrecision(), within(1e-12));
    assertThat(m.recall().estimate().value()).isCloseTo(tribuo.macroAveragedRecall(), within(1e-12));
    assertThat(m.f1().estimate().value()).isCloseTo(tribuo.macroAveragedF1(), within(1e-12));
    assertThat(m.auc().estimate().value()).isCloseTo(tribuo.averageAUCROC(false), within(1e-12));
    assertThat(m.metric(Metric.LOG_LOSS).estimate().value()).isPositive();
    assertThat(m.calibrationError().estimate().value()).isBetween(0.0, 1.0);
  }

  @Test
  void recorder_collectsPassedAndFailedResults_inOrder() {
    CancerData d = CancerData.get();
    ModelOnData m = assertThatModel(d.good()).on(d.test(), CancerData.LABEL);
    try (AssertionRecorder.Recording rec = AssertionRecorder.start()) {
      m.accuracy().isAtLeast(0.5);
      assertThatThrownBy(() -> m.accuracy().isAtLeast(0.999)).isInstanceOf(ModelAssertionError.class);
      List<AssertionResult> results = rec.results();
      assertThat(results).extracting(AssertionResult::passed).containsExactly(true, false);
      assertThat(results.get(1).threshold().getAsDouble()).isEqualTo(0.999);
      assertThat(results.get(1).failingRows()).hasSize(4);   // the good model misclassifies 4 test rows
    }
    try (AssertionRecorder.Recording rec = AssertionRecorder.start()) {
      assertThat(rec.results()).isEmpty();
    }
  }

  @Test
  void unusableData_failsWithATypedErrorNamingTheColumnAndRow() {
    CancerData d = CancerData.get();
    assertThatThrownBy(() -> assertThatModel(d.good()).on(d.test(), "outcome"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no label column 'outcome'");
    List<Column> cols = new ArrayList<>();
    for (Column c : d.test().columns()) {
      if (c.spec().name().equals("mean_area")) {
        double[] v = ((NumericColumn) c).toArray();
        v[3] = Double.NaN;
        cols.add(new NumericColumn("mean_area", v));
      } else if (!c.spec().name().equals("mean_radius")) {
        cols.add(c);
      }
    }
    assertThatThrownBy(() -> assertThatModel(d.good()).on(Frame.of(cols), CancerData.LABEL))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no column 'mean_radius'");
    cols.add(d.test().column("mean_radius").orElseThrow());
    assertThatThrownBy(() -> assertThatModel(d.good()).on(Frame.of(cols), CancerData.LABEL))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Row 3 has no finite value in column 'mean_area'");
    assertThatThrownBy(() -> assertThatModel(d.good()).on(d.test(), CancerData.LABEL).withPositiveClass("Malignant").accuracy())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Positive class 'Malignant'");
    assertThatThrownBy(() -> assertThatModel(d.good()).on(d.test(), CancerData.LABEL).mae())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("MAE is a regression metric, but the model is a classifier");
    assertThatThrownBy(() -> assertThatModel(d.good()).on(d.test()).accuracy())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("use on(frame, labelColumn)");
  }
}
