package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Bounds, symmetries and invariances of the metrics on random data (with ties). */
class MetricProperties {

  /** Binary data with both classes and tied scores. */
  record Binary(int[] y, int[] pred, double[] p) {}

  static Binary binary(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    int[] pred = new int[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i < 2 ? i : r.nextInt(2); // both classes present
      p[i] = Math.round(Math.min(1, Math.max(0, 0.5 + (y[i] - 0.5) * 0.4 + r.nextGaussian() * 0.3)) * 20) / 20.0;
      pred[i] = p[i] > 0.5 ? 1 : 0;
    }
    return new Binary(y, pred, p);
  }

  static int[] permutation(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  @Property(tries = 200)
  void binaryMetrics_areBoundedAndInvariantToRowOrder(@ForAll long seed, @ForAll @IntRange(min = 2, max = 300) int n) {
    Binary b = binary(seed, n);
    int[] perm = permutation(seed, n);
    int[] y2 = MetricIntervals.gather(b.y(), perm);
    int[] pred2 = MetricIntervals.gather(b.pred(), perm);
    double[] p2 = MetricIntervals.gather(b.p(), perm);
    double[] values = {
        ClassificationMetrics.accuracy(b.y(), b.pred()), ClassificationMetrics.precision(b.y(), b.pred()),
        ClassificationMetrics.recall(b.y(), b.pred()), ClassificationMetrics.f1(b.y(), b.pred()),
        ClassificationMetrics.rocAuc(b.y(), b.p()), ClassificationMetrics.expectedCalibrationError(b.y(), b.p())};
    double[] permuted = {
        ClassificationMetrics.accuracy(y2, pred2), ClassificationMetrics.precision(y2, pred2),
        ClassificationMetrics.recall(y2, pred2), ClassificationMetrics.f1(y2, pred2),
        ClassificationMetrics.rocAuc(y2, p2), ClassificationMetrics.expectedCalibrationError(y2, p2)};
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).isBetween(0.0, 1.0);
      assertThat(permuted[i]).isCloseTo(values[i], within(1e-12));
    }
    assertThat(ClassificationMetrics.logLoss(y2, p2)).isCloseTo(ClassificationMetrics.logLoss(b.y(), b.p()),
        within(1e-12)).isGreaterThanOrEqualTo(0);
    assertThat(MetricIntervals.deLongVariance(y2, p2))
        .isCloseTo(MetricIntervals.deLongVariance(b.y(), b.p()), within(1e-15));
  }

  @Property(tries = 200)
  void rocAuc_midrankWalkEqualsPairwiseDefinition(@ForAll long seed, @ForAll @IntRange(min = 4, max = 120) int n) {
    Binary b = binary(seed, n);
    int m = 0;
    for (int v : b.y()) {
      m += v;
    }
    int k = n - m;
    double[] v10 = new double[n];
    double[] v01 = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (b.y()[i] == 1 && b.y()[j] == 0) {
          double psi = b.p()[i] > b.p()[j] ? 1 : b.p()[i] == b.p()[j] ? 0.5 : 0;
          sum += psi;
          v10[i] += psi / k;
          v01[j] += psi / m;
        }
      }
    }
    double auc = sum / ((double) m * k);
    assertThat(ClassificationMetrics.rocAuc(b.y(), b.p())).isCloseTo(auc, within(1e-12));
    if (m >= 2 && k >= 2) {
      double s10 = sampleVariance(v10, b.y(), 1, auc);
      double s01 = sampleVariance(v01, b.y(), 0, auc);
      assertThat(MetricIntervals.deLongVariance(b.y(), b.p())).isCloseTo(s10 / m + s01 / k, within(1e-12));
    } else {
      assertThat(MetricIntervals.deLongVariance(b.y(), b.p())).isInfinite();
    }
  }

  private static double sampleVariance(double[] v, int[] y, int cls, double mean) {
    double ss = 0;
    int c = 0;
    for (int i = 0; i < v.length; i++) {
      if (y[i] == cls) {
        ss += (v[i] - mean) * (v[i] - mean);
        c++;
      }
    }
    return ss / (c - 1);
  }

  @Property(tries = 200)
  void rocAuc_flipsWithLabelsAndScores_andIgnoresMonotoneTransforms(@ForAll long seed,
      @ForAll @IntRange(min = 2, max = 200) int n) {
    Binary b = binary(seed, n);
    double auc = ClassificationMetrics.rocAuc(b.y(), b.p());
    int[] flipped = new int[n];
    double[] negated = new double[n];
    double[] logit = new double[n];
    for (int i = 0; i < n; i++) {
      flipped[i] = 1 - b.y()[i];
      negated[i] = -b.p()[i];
      logit[i] = Math.log((b.p()[i] + 1e-3) / (1 - b.p()[i] + 1e-3)) * 7 + 3;
    }
    assertThat(ClassificationMetrics.rocAuc(flipped, b.p())).isCloseTo(1 - auc, within(1e-12));
    assertThat(ClassificationMetrics.rocAuc(b.y(), negated)).isCloseTo(1 - auc, within(1e-12));
    assertThat(ClassificationMetrics.rocAuc(b.y(), logit)).isCloseTo(auc, within(1e-12));
    MetricEstimate e = MetricIntervals.defaults().rocAuc(b.y(), b.p());
    assertThat(e.lower()).isBetween(0.0, e.value());
    assertThat(e.upper()).isBetween(e.value(), 1.0);
  }

  @Property(tries = 200)
  void precisionAndRecall_swapWhenLabelsAndPredictionsSwap(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int n) {
    Binary b = binary(seed, Math.max(n, 2));
    assertThat(ClassificationMetrics.precision(b.y(), b.pred()))
        .isEqualTo(ClassificationMetrics.recall(b.pred(), b.y()));
    assertThat(ClassificationMetrics.f1(b.y(), b.pred())).isEqualTo(ClassificationMetrics.f1(b.pred(), b.y()));
    MetricEstimate acc = MetricIntervals.defaults().accuracy(b.y(), b.pred());
    assertThat(acc.lower()).isBetween(0.0, acc.value());
    assertThat(acc.upper()).isBetween(acc.value(), 1.0);
  }

  @Property(tries = 200)
  void regressionMetrics_areSymmetricBoundedAndOrderFree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian() * 10;
      p[i] = a[i] + r.nextGaussian();
    }
    double mae = RegressionMetrics.mae(a, p);
    double rmse = RegressionMetrics.rmse(a, p);
    assertThat(RegressionMetrics.mae(p, a)).isCloseTo(mae, within(1e-12));
    assertThat(RegressionMetrics.rmse(p, a)).isCloseTo(rmse, within(1e-12));
    assertThat(rmse).isGreaterThanOrEqualTo(mae - 1e-12);
    assertThat(RegressionMetrics.r2(a, p)).isLessThanOrEqualTo(1.0);
    int[] perm = permutation(seed, n);
    double[] a2 = MetricIntervals.gather(a, perm);
    double[] p2 = MetricIntervals.gather(p, perm);
    assertThat(RegressionMetrics.rmse(a2, p2)).isCloseTo(rmse, within(1e-9));
    assertThat(RegressionMetrics.r2(a2, p2)).isCloseTo(RegressionMetrics.r2(a, p), within(1e-9));
  }

  @Property(tries = 40)
  void pairedBootstrap_isAntisymmetricInTheModels(@ForAll long seed, @ForAll @IntRange(min = 2, max = 200) int n) {
    Binary b = binary(seed, n);
    Binary other = binary(seed + 1, n);
    MetricIntervals intervals = MetricIntervals.defaults().withResamples(200).withSeed(seed);
    MetricEstimate ab = intervals.pairedBootstrap(ClassificationMetrics::accuracy, b.y(), b.pred(), other.pred());
    MetricEstimate ba = intervals.pairedBootstrap(ClassificationMetrics::accuracy, b.y(), other.pred(), b.pred());
    assertThat(ab.value()).isCloseTo(-ba.value(), within(1e-12));
    assertThat(ab.lower()).isCloseTo(-ba.upper(), within(1e-12));
    assertThat(ab.upper()).isCloseTo(-ba.lower(), within(1e-12));
    McNemarResult m1 = McNemarTest.compare(b.y(), b.pred(), other.pred());
    McNemarResult m2 = McNemarTest.compare(b.y(), other.pred(), b.pred());
    assertThat(m1.pValue()).isEqualTo(m2.pValue());
    assertThat(m1.onlyFirstCorrect()).isEqualTo(m2.onlySecondCorrect());
    assertThat(m1.accuracyDifference()).isCloseTo(ab.value(), within(1e-12));
    assertThat(m1.pValue()).isBetween(0.0, 1.0);
  }
}
