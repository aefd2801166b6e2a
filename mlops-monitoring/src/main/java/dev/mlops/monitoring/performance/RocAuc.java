package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;

/**
 * The binary ROC AUC and its DeLong variance by the midrank algorithm of Sun and Xu (2014): both
 * classes' scores are sorted once, and one merge walk gives each row's placement value.
 */
final class RocAuc {
  private RocAuc() {}

  /** AUC, its DeLong variance (infinite with fewer than two rows of a class), positives, negatives. */
  record Result(double auc, double variance, int positives, int negatives) {}

  static Result compute(int[] labels, double[] scores, boolean withVariance) {
    int m = 0;
    for (int y : labels) {
      m += y;
    }
    int n = labels.length - m;
    if (m == 0 || n == 0) {
      throw new InvalidInputException("labels", "ROC AUC needs rows of both classes; got only class "
          + (m == 0 ? 0 : 1) + " in " + labels.length + " rows. Collect more labelled rows (or a larger window).");
    }
    double[] pos = new double[m];
    double[] neg = new double[n];
    int ip = 0;
    int in = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        pos[ip++] = scores[i];
      } else {
        neg[in++] = scores[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    // V10 of a positive x: (#neg < x + #neg == x / 2) / n. V01 of a negative y is
    // (#pos > y + #pos == y / 2) / m = 1 - placement of y among the positives: same variance.
    double[] v10 = placements(pos, neg);
    double auc = v10[0];
    if (!withVariance) {
      return new Result(auc, 0, m, n);
    }
    double[] v01 = placements(neg, pos);
    double variance;
    if (m < 2 || n < 2) {
      variance = Double.POSITIVE_INFINITY;
    } else {
      double s10 = Math.max(0, v10[1] / (m - 1));
      double s01 = Math.max(0, v01[1] / (n - 1));
      variance = s10 / m + s01 / n;
    }
    return new Result(auc, variance, m, n);
  }

  /**
   * For each x of sorted {@code a}, its placement {@code (#b < x + #b == x / 2) / |b|} among sorted
   * {@code b}; returns their mean and sum of squared deviations (weighted Welford over tied groups).
   */
  private static double[] placements(double[] a, double[] b) {
    double mean = 0;
    double m2 = 0;
    int lt = 0;
    int i = 0;
    while (i < a.length) {
      double x = a[i];
      int j = i;
      while (j < a.length && a[j] == x) {
        j++;
      }
      while (lt < b.length && b[lt] < x) {
        lt++;
      }
      int le = lt;
      while (le < b.length && b[le] == x) {
        le++;
      }
      double v = (lt + 0.5 * (le - lt)) / b.length;
      int count = j - i;
      double delta = v - mean;
      mean += delta * count / j;
      m2 += delta * (v - mean) * count;
      i = j;
    }
    return new double[] {mean, m2};
  }
}
