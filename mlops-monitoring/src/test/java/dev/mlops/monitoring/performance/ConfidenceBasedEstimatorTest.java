package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * On a calibrated synthetic model (labels drawn from the model's own probabilities) the label-free
 * estimate matches the realised metric within its interval, at about the stated rate.
 */
class ConfidenceBasedEstimatorTest {
  final ConfidenceBasedEstimator estimator = ConfidenceBasedEstimator.defaults().withSimulations(300);

  /** A calibrated binary model: scores spread over [0, 1], labels Bernoulli(p). */
  static double[] probabilities(SplittableRandom r, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 / (1 + Math.exp(-2.0 * r.nextGaussian()));
    }
    return p;
  }

  @Test
  void binaryEstimate_containsTheRealisedMetric_atAboutTheStatedRate() {
    SplittableRandom r = new SplittableRandom(11);
    int reps = 60;
    Map<PerformanceMetric, Integer> covered = new EnumMap<>(PerformanceMetric.class);
    for (int rep = 0; rep < reps; rep++) {
      double[] p = probabilities(r, 800);
      int[] y = new int[p.length];
      int[] pred = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        y[i] = r.nextDouble() < p[i] ? 1 : 0;
        pred[i] = p[i] > 0.5 ? 1 : 0;
      }
      LabelFreeEstimate e = estimator.withSeed(rep).estimate(p);
      Map<PerformanceMetric, Double> realised = Map.of(
          PerformanceMetric.ACCURACY, ClassificationMetrics.accuracy(y, pred),
          PerformanceMetric.PRECISION, ClassificationMetrics.precision(y, pred),
          PerformanceMetric.RECALL, ClassificationMetrics.recall(y, pred),
          PerformanceMetric.F1, ClassificationMetrics.f1(y, pred),
          PerformanceMetric.ROC_AUC, ClassificationMetrics.rocAuc(y, p));
      for (Map.Entry<PerformanceMetric, Double> m : realised.entrySet()) {
        MetricEstimate est = e.metric(m.getKey()).orElseThrow();
        assertThat(est.method()).isEqualTo(IntervalMethod.CALIBRATED_SIMULATION);
        // the expected value and the realised one differ by sampling error only
        assertThat(est.value()).isCloseTo(m.getValue(), within(4 * est.width()));
        if (est.contains(m.getValue())) {
          covered.merge(m.getKey(), 1, Integer::sum);
        }
      }
    }
    for (PerformanceMetric m : new PerformanceMetric[] {PerformanceMetric.ACCURACY, PerformanceMetric.PRECISION,
        PerformanceMetric.RECALL, PerformanceMetric.F1, PerformanceMetric.ROC_AUC}) {
      // 95% intervals: 60 repetitions cover 57 on average; fewer than 51 would be a miscalibrated interval
      assertThat(covered.getOrDefault(m, 0)).as("coverage of %s", m).isBetween(51, 60);
    }
  }

  @Test
  void binaryEstimate_ofAMiscalibratedModel_missesTheRealisedAccuracy() {
    // the model says 0.9 where the truth is 0.6: the estimate is honest only for calibrated models
    SplittableRandom r = new SplittableRandom(5);
    double[] p = new double[2000];
    int[] y = new int[p.length];
    int[] pred = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.9;
      y[i] = r.nextDouble() < 0.6 ? 1 : 0;
      pred[i] = 1;
    }
    MetricEstimate acc = estimator.estimate(p).metric(PerformanceMetric.ACCURACY).orElseThrow();
    assertThat(acc.value()).isCloseTo(0.9, within(1e-12));
    assertThat(acc.contains(ClassificationMetrics.accuracy(y, pred))).isFalse();
  }

  @Test
  void multiclassEstimate_containsTheRealisedMetrics() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 1500;
    int k = 4;
    double[][] p = new double[n][k];
    int[] y = new int[n];
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[i][c] = Math.exp(1.5 * r.nextGaussian());
        sum += p[i][c];
      }
      double u = r.nextDouble();
      double cum = 0;
      y[i] = k - 1;
      for (int c = 0; c < k; c++) {
        p[i][c] /= sum;
        cum += p[i][c];
        if (u < cum && y[i] == k - 1 && c < k - 1) {
          y[i] = c;
          u = 2; // found
        }
      }
      pred[i] = ClassificationMetrics.argmax(p[i]);
    }
    LabelFreeEstimate e = estimator.estimate(p);
    assertThat(e.metric(PerformanceMetric.ACCURACY).orElseThrow().contains(ClassificationMetrics.accuracy(y, pred)))
        .isTrue();
    assertThat(e.metric(PerformanceMetric.F1).orElseThrow()
        .contains(ClassificationMetrics.f1(y, pred, Averaging.MACRO))).isTrue();
    assertThat(e.metric(PerformanceMetric.ROC_AUC).orElseThrow().contains(ClassificationMetrics.rocAuc(y, p)))
        .isTrue();
  }

  @Property(tries = 150)
  void expectedAuc_equalsThePairwiseDefinition(@ForAll long seed, @ForAll @IntRange(min = 2, max = 60) int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextInt(11) / 10.0; // ties, 0 and 1 included
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double w = p[i] * (1 - p[j]);
          den += w;
          num += w * (p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0);
        }
      }
    }
    double got = ConfidenceBasedEstimator.expectedAuc(p);
    if (den > 1e-12) {
      assertThat(got).isCloseTo(num / den, within(1e-12));
    } else {
      assertThat(got).isNaN();
    }
  }

  @Test
  void certainPredictions_leaveAucUndefined_andBadInputIsRejected() {
    LabelFreeEstimate e = estimator.estimate(new double[] {1, 1, 1});
    assertThat(e.metric(PerformanceMetric.ROC_AUC)).isEmpty();
    assertThat(e.metric(PerformanceMetric.ACCURACY).orElseThrow().value()).isEqualTo(1.0);
    assertThatThrownBy(() -> estimator.estimate(new double[0])).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> estimator.estimate(new double[] {0.2, Double.NaN}))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> estimator.estimate(new double[][] {{0.2, 0.2}})).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> estimator.withSimulations(5)).isInstanceOf(InvalidInputException.class);
  }
}
