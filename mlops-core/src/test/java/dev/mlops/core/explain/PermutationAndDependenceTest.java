package dev.mlops.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.regression.Regressor;

class PermutationAndDependenceTest {

  @Test
  void permutationImportance_ranksTheDrivingFeatureFirst_andNoiseNearZero() {
    // y depends on f00..f03; f04 and f05 are noise
    List<double[]> rows = ExplainFixtures.rows(21L, 400, 6);
    MutableDataset<Label> data = ExplainFixtures.classification(rows, 2, 21L);
    TribuoPredictor p = TribuoPredictor.of(new CARTClassificationTrainer(5).train(data));
    List<String> labels = new ArrayList<>();
    for (Example<Label> ex : data) {
      labels.add(ex.getOutput().getLabel());
    }
    GlobalImportance imp = PermutationImportance.builder(p, ImportanceMetric.accuracy()).repeats(5).seed(3L).build()
        .compute(rows, labels);
    assertThat(imp.method()).isEqualTo(ExplanationMethod.PERMUTATION_IMPORTANCE);
    assertThat(imp.ranking().get(0)).isEqualTo("f00");
    assertThat(imp.importance("f00")).isGreaterThan(0.1);
    assertThat(imp.lower().get(0)).isGreaterThan(0.0);
    assertThat(imp.baseline()).isEqualTo(ImportanceMetric.accuracy().score(p.predictRows(rows), labels));
    for (int i = 0; i < 6; i++) {
      assertThat(imp.lower().get(i)).isLessThanOrEqualTo(imp.importances().get(i));
      assertThat(imp.upper().get(i)).isGreaterThanOrEqualTo(imp.importances().get(i));
    }
    assertThat(Math.abs(imp.importance("f05"))).isLessThan(0.05);
    GlobalImportance again = PermutationImportance.builder(p, ImportanceMetric.accuracy()).repeats(5).seed(3L).build()
        .compute(rows, labels);
    assertThat(again).isEqualTo(imp);
  }

  @Test
  void permutationImportance_intervalIsStudentTOverRepeats() {
    List<double[]> rows = ExplainFixtures.rows(5L, 200, 3);
    MutableDataset<Regressor> data = ExplainFixtures.regression(rows, 5L);
    TribuoPredictor p = TribuoPredictor.of(new org.tribuo.regression.rtree.CARTRegressionTrainer(4).train(data));
    List<Double> y = new ArrayList<>();
    for (Example<Regressor> ex : data) {
      y.add(ex.getOutput().getValues()[0]);
    }
    GlobalImportance imp = PermutationImportance.builder(p, ImportanceMetric.meanSquaredError()).repeats(5).seed(1L).build().compute(rows, y);
    // a drop in error is an increase in MSE: importance = permuted − baseline > 0 for f00
    assertThat(imp.importance("f00")).isGreaterThan(0);
    double half = imp.upper().get(0) - imp.importances().get(0);
    double t = new TDistribution(4).inverseCumulativeProbability(0.975);
    assertThat(half / t).isGreaterThan(0);   // the interval is t times a standard error
    assertThat(imp.importances().get(0) - imp.lower().get(0)).isCloseTo(half, within(1e-12));
    assertThatThrownBy(() -> PermutationImportance.builder(p, ImportanceMetric.meanSquaredError()).build().compute(rows, y.subList(0, 5)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> PermutationImportance.builder(p, ImportanceMetric.meanSquaredError()).repeats(1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partialDependence_ofALinearModel_isAStraightLineWithTheModelsSlope_andIceCurvesAreParallel() {
    var model = KernelShapTest.Diabetes.MODEL;
    TribuoPredictor p = KernelShapTest.Diabetes.PREDICTOR;
    List<double[]> rows = KernelShapTest.Diabetes.ROWS.subList(0, 50);
    String feature = "bmi";
    int j = p.schema().indexOf(feature);
    double w = model.getWeightsCopy().get(0, j);
    DependenceCurves c = PartialDependence.of(p, ExplainedOutput.value(), 12).compute(rows, feature);
    assertThat(c.grid()).hasSizeBetween(2, 12).isSorted();
    assertThat(c.ice()).hasSize(50);
    for (int g = 1; g < c.grid().size(); g++) {
      double dx = c.grid().get(g) - c.grid().get(0);
      assertThat(c.partialDependence().get(g) - c.partialDependence().get(0)).isCloseTo(w * dx, within(1e-9));
      for (List<Double> ice : c.ice()) {
        assertThat(ice.get(g) - ice.get(0)).isCloseTo(w * dx, within(1e-9));
      }
    }
    // an ICE curve passes through the model's prediction at the row's own value
    double[] row0 = rows.get(0);
    DependenceCurves own = PartialDependence.of(p, ExplainedOutput.value(), 5).compute(List.of(row0), feature, List.of(row0[j]));
    assertThat(own.ice().get(0).get(0)).isEqualTo(ExplainedOutput.value().of(p.predictRow(row0)));
    assertThatThrownBy(() -> PartialDependence.of(p, ExplainedOutput.value(), 5).compute(rows, "nope")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void grid_usesDistinctValuesWhenFew_quantilesOtherwise() {
    assertThat(PartialDependence.grid(new double[] {3, 1, 1, 2}, 5)).containsExactly(1.0, 2.0, 3.0);
    assertThat(PartialDependence.grid(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, 3)).containsExactly(0.0, 4.0, 8.0);
  }
}
