package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class MetricEdgeCasesTest {
  final MetricIntervals intervals = MetricIntervals.defaults();

  @Test
  void emptyInput_isRejectedWithWhatToDo() {
    assertThatThrownBy(() -> ClassificationMetrics.accuracy(new int[0], new int[0]))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one row");
    assertThatThrownBy(() -> RegressionMetrics.rmse(new double[0], new double[0]))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> intervals.bootstrap(0, rows -> 1.0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void lengthMismatch_namesTheField() {
    assertThatThrownBy(() -> ClassificationMetrics.f1(new int[] {0, 1}, new int[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("predicted"))
        .hasMessageContaining("expected 2 rows, got 1");
    assertThatThrownBy(() -> intervals.pairedBootstrap(ClassificationMetrics::rocAuc, new int[] {0, 1},
        new double[] {0.1, 0.2}, new double[] {0.3})).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void probabilitiesOutsideUnitIntervalOrNaN_areRejected() {
    int[] y = {0, 1};
    assertThatThrownBy(() -> ClassificationMetrics.logLoss(y, new double[] {0.2, 1.5}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> ClassificationMetrics.logLoss(y, new double[] {0.2, Double.NaN}))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClassificationMetrics.rocAuc(y, new double[] {0.2, Double.NaN}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> ClassificationMetrics.logLoss(y, new double[][] {{0.5, 0.4}, {0.5, 0.5}}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sums to 1");
    assertThatThrownBy(() -> ClassificationMetrics.logLoss(new int[] {2}, new double[][] {{0.5, 0.5}}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no probability column");
    assertThatThrownBy(() -> RegressionMetrics.mae(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void classesOutOfRange_areRejected() {
    assertThatThrownBy(() -> ClassificationMetrics.precision(new int[] {0, 2}, new int[] {0, 1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Averaging.MACRO");
    assertThatThrownBy(() -> ClassificationMetrics.accuracy(new int[] {-1}, new int[] {0}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
  }

  @Test
  void aucOfASingleClass_isATypedError() {
    assertThatThrownBy(() -> ClassificationMetrics.rocAuc(new int[] {1, 1, 1}, new double[] {0.1, 0.5, 0.9}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("both classes");
    assertThatThrownBy(() -> ClassificationMetrics.rocAuc(new int[] {0, 1, 1},
        new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("class 2 has none");
  }

  @Test
  void zeroDenominators_giveZeroAndTheWholeInterval() {
    int[] y = {0, 0, 0};
    int[] pred = {0, 0, 0};
    assertThat(ClassificationMetrics.precision(y, pred)).isZero();
    assertThat(ClassificationMetrics.recall(y, pred)).isZero();
    assertThat(ClassificationMetrics.f1(y, pred)).isZero();
    MetricEstimate p = intervals.precision(y, pred);
    assertThat(p.value()).isZero();
    assertThat(p.lower()).isZero();
    assertThat(p.upper()).isEqualTo(1.0);
    assertThat(p.n()).isZero();
    assertThat(intervals.f1(y, pred).upper()).isZero();
  }

  @Test
  void deLongWithOneRowOfAClass_givesTheWholeInterval() {
    MetricEstimate e = intervals.rocAuc(new int[] {0, 0, 1}, new double[] {0.1, 0.4, 0.8});
    assertThat(e.value()).isEqualTo(1.0);
    assertThat(e.lower()).isZero();
    assertThat(e.upper()).isEqualTo(1.0);
  }

  @Test
  void bootstrapOfAuc_redrawsSingleClassResamples_andFailsWhenMostAreUndefined() {
    int[] y = {1, 0, 0, 1, 0, 1, 1, 0, 1, 0};
    double[] s = {0.9, 0.2, 0.4, 0.7, 0.5, 0.6, 0.3, 0.1, 0.8, 0.45};
    MetricEstimate e = intervals.bootstrap(ClassificationMetrics::rocAuc, y, s);
    assertThat(e.value()).isEqualTo(ClassificationMetrics.rocAuc(y, s));
    assertThat(e.lower()).isLessThan(e.upper());
    // a metric undefined on three resamples in four
    RowMetric mostlyUndefined = rows -> {
      if (rows[0] % 4 != 0) {
        throw new InvalidInputException("rows", "undefined here");
      }
      return 1.0;
    };
    assertThatThrownBy(() -> intervals.bootstrap(40, mostlyUndefined))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("more than half");
  }

  @Test
  void aMetricReturningNaN_isRejected() {
    assertThatThrownBy(() -> intervals.bootstrap(5, rows -> Double.NaN))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("finite");
  }

  @Test
  void bootstrap_isReproducibleForASeed_andDiffersAcrossSeeds() {
    double[] a = new double[50];
    double[] p = new double[50];
    for (int i = 0; i < 50; i++) {
      a[i] = i;
      p[i] = i + Math.sin(i) * 3;
    }
    MetricEstimate e1 = intervals.rmse(a, p);
    MetricEstimate e2 = intervals.rmse(a, p);
    MetricEstimate e3 = intervals.withSeed(99).rmse(a, p);
    assertThat(e1).isEqualTo(e2);
    assertThat(e3.lower()).isNotEqualTo(e1.lower());
    assertThat(e1.contains(e1.value())).isTrue();
    assertThat(intervals.withLevel(0.5).rmse(a, p).width()).isLessThan(e1.width());
  }

  @Test
  void constantActualValues_giveTheForceFiniteR2() {
    assertThat(RegressionMetrics.r2(new double[] {3, 3}, new double[] {3, 3})).isEqualTo(1.0);
    assertThat(RegressionMetrics.r2(new double[] {3, 3}, new double[] {3, 4})).isZero();
  }

  @Test
  void logLossOfAConfidentMistake_isFiniteThroughClipping() {
    double ll = ClassificationMetrics.logLoss(new int[] {1}, new double[] {0.0});
    assertThat(ll).isCloseTo(-Math.log(Math.ulp(1.0)), within(1e-9));
  }

  @Test
  void badConfiguration_isRejected() {
    assertThatThrownBy(() -> intervals.withLevel(1.0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> intervals.withResamples(10)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClassificationMetrics.expectedCalibrationError(new int[] {1}, new double[] {1}, 0))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> McNemarTest.fromCounts(5, 4, 3)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void macroPrecision_usesTheBootstrap_andMicroEqualsAccuracy() {
    int[] y = {0, 1, 2, 2, 1, 0, 2, 1, 0, 2, 1, 1};
    int[] p = {0, 2, 2, 2, 1, 0, 1, 1, 0, 2, 0, 1};
    assertThat(intervals.precision(y, p, Averaging.MACRO).method()).isEqualTo(IntervalMethod.BOOTSTRAP_PERCENTILE);
    assertThat(intervals.recall(y, p, Averaging.MICRO)).isEqualTo(intervals.accuracy(y, p));
  }
}
