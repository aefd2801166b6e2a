package dev.mlops.monitoring.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Multiple-testing correction of the p-values of the columns tested with a hypothesis test
 * ({@link DriftMethod.Kind#TEST}); distances are never adjusted. With {@code m} p-values:
 *
 * <ul>
 *   <li>{@link #NONE}: p-values as computed (Evidently's behaviour);
 *   <li>{@link #BONFERRONI}: {@code min(1, m * p)}, controls the family-wise error rate;
 *   <li>{@link #BENJAMINI_HOCHBERG}: the step-up adjusted p-values {@code min over k >= rank of
 *       min(1, m * p_(k) / k)}, controls the false discovery rate (as R's {@code p.adjust(p,
 *       "BH")}).
 * </ul>
 *
 * <p>A column drifts when its adjusted p-value is below its threshold. Immutable and thread-safe.
 */
public enum Correction {
  /** No correction. */
  NONE,
  /** Bonferroni: multiply by the number of tests. */
  BONFERRONI,
  /** Benjamini–Hochberg false discovery rate. */
  BENJAMINI_HOCHBERG;

  /**
   * Adjusts p-values.
   *
   * @param pValues p-values in [0, 1]
   * @return the adjusted p-values, in the same order, each in [0, 1] and at least its input
   * @throws NullPointerException if pValues is null
   * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
   */
  public double[] adjust(double[] pValues) {
    Objects.requireNonNull(pValues, "pValues");
    for (double p : pValues) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("p-values must lie in [0, 1], got " + p);
      }
    }
    int m = pValues.length;
    switch (this) {
      case NONE:
        return pValues.clone();
      case BONFERRONI: {
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
          out[i] = Math.min(1.0, pValues[i] * m);
        }
        return out;
      }
      default: {
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
        double[] out = new double[m];
        double running = 1.0;
        for (int k = m - 1; k >= 0; k--) {
          int i = order[k];
          running = Math.min(running, pValues[i] * m / (k + 1));
          out[i] = Math.min(1.0, running);
        }
        return out;
      }
    }
  }
}
