package dev.mlops.monitoring.performance;

/**
 * A classification metric of labels and predicted labels, such as {@code ClassificationMetrics::accuracy}.
 *
 * <p>Implementations are expected to be stateless and thread-safe.
 */
@FunctionalInterface
public interface LabelMetric {
  /**
   * Computes the metric.
   *
   * @param labels the true class of each row
   * @param predicted the predicted class of each row
   * @return the metric's value
   * @throws dev.mlops.core.InvalidInputException if the input is invalid or the metric undefined
   */
  double compute(int[] labels, int[] predicted);
}
