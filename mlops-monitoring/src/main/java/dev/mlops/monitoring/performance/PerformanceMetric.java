package dev.mlops.monitoring.performance;

/**
 * The metrics a window of labelled predictions (or a label-free estimate) reports, and which way is
 * better for each.
 *
 * <p>Immutable and thread-safe.
 */
public enum PerformanceMetric {
  /** Share of correct predictions. */
  ACCURACY(true),
  /** Precision (binary: class 1; multiclass: macro average). */
  PRECISION(true),
  /** Recall (binary: class 1; multiclass: macro average). */
  RECALL(true),
  /** F1 (binary: class 1; multiclass: macro average). */
  F1(true),
  /** ROC AUC (binary, or one-vs-rest macro average). */
  ROC_AUC(true),
  /** Log-loss (cross-entropy). */
  LOG_LOSS(false),
  /** Expected calibration error, 10 equal-width bins. */
  EXPECTED_CALIBRATION_ERROR(false),
  /** Mean absolute error. */
  MAE(false),
  /** Root mean squared error. */
  RMSE(false),
  /** Coefficient of determination. */
  R2(true);

  private final boolean higherIsBetter;

  PerformanceMetric(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * Tells which direction is an improvement.
   *
   * @return true when a larger value is better (accuracy), false when smaller is better (log-loss)
   */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }
}
