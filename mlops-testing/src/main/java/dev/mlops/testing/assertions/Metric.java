package dev.mlops.testing.assertions;

/**
 * The quality metrics the assertions compute, each with a confidence interval from
 * {@link dev.mlops.monitoring.performance.MetricIntervals}: Wilson for accuracy (and binary precision
 * and recall), DeLong for the binary AUC, a seeded percentile bootstrap for the rest.
 *
 * <p>Classification metrics with a positive class set ({@link ModelOnData#withPositiveClass(String)})
 * are binary: precision, recall and F1 of that class, AUC, log-loss and calibration error of its
 * probability. Without one they are multiclass: precision, recall and F1 macro-averaged, one-vs-rest
 * macro AUC, multiclass log-loss, and the calibration error of the class probabilities.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum Metric {
  /** Share of rows predicted right. */
  ACCURACY("accuracy", false, true),
  /** Precision of the positive class (macro over classes without one). */
  PRECISION("precision", false, true),
  /** Recall of the positive class (macro over classes without one). */
  RECALL("recall", false, true),
  /** F1 of the positive class (macro over classes without one). */
  F1("F1", false, true),
  /** Area under the ROC curve of the scores. */
  AUC("AUC", false, true),
  /** Log-loss (cross-entropy) of the probabilities; lower is better. */
  LOG_LOSS("log-loss", true, true),
  /** Expected calibration error (10 equal-width bins); lower is better. */
  CALIBRATION_ERROR("ECE", true, true),
  /** Mean absolute error; lower is better. */
  MAE("MAE", true, false),
  /** Root mean squared error; lower is better. */
  RMSE("RMSE", true, false),
  /** Coefficient of determination. */
  R2("R2", false, false);

  private final String label;
  private final boolean lowerIsBetter;
  private final boolean classification;

  Metric(String label, boolean lowerIsBetter, boolean classification) {
    this.label = label;
    this.lowerIsBetter = lowerIsBetter;
    this.classification = classification;
  }

  /**
   * Returns the metric's name as messages and reports show it.
   *
   * @return e.g. {@code "accuracy"}, {@code "log-loss"}
   */
  public String label() {
    return label;
  }

  /**
   * Whether a smaller value is better (a loss or an error).
   *
   * @return true for losses and errors
   */
  public boolean lowerIsBetter() {
    return lowerIsBetter;
  }

  /**
   * Whether the metric applies to classifiers (else to regression models).
   *
   * @return true for classification metrics
   */
  public boolean classification() {
    return classification;
  }
}
