package dev.mlops.monitoring.performance;

/**
 * A multiclass metric of labels and a row of class probabilities per row, such as
 * {@code ClassificationMetrics::logLoss}.
 *
 * <p>Implementations are expected to be stateless and thread-safe.
 */
@FunctionalInterface
public interface ProbabilityMetric {
  /**
   * Computes the metric.
   *
   * @param labels the true class of each row, in {@code [0, k)}
   * @param probabilities for each row, the probability of each of the {@code k} classes
   * @return the metric's value
   * @throws dev.mlops.core.InvalidInputException if the input is invalid or the metric undefined
   */
  double compute(int[] labels, double[][] probabilities);
}
