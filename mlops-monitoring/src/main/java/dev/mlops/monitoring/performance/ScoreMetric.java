package dev.mlops.monitoring.performance;

/**
 * A binary classification metric of 0/1 labels and one score or probability of class 1 per row, such
 * as {@code ClassificationMetrics::rocAuc} or {@code ClassificationMetrics::logLoss}.
 *
 * <p>Implementations are expected to be stateless and thread-safe.
 */
@FunctionalInterface
public interface ScoreMetric {
  /**
   * Computes the metric.
   *
   * @param labels the true class (0 or 1) of each row
   * @param scores the score or probability of class 1 of each row
   * @return the metric's value
   * @throws dev.mlops.core.InvalidInputException if the input is invalid or the metric undefined
   */
  double compute(int[] labels, double[] scores);
}
