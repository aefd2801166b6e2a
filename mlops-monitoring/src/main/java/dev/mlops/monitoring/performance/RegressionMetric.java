package dev.mlops.monitoring.performance;

/**
 * A regression metric of actual and predicted values, such as {@code RegressionMetrics::rmse}.
 *
 * <p>Implementations are expected to be stateless and thread-safe.
 */
@FunctionalInterface
public interface RegressionMetric {
  /**
   * Computes the metric.
   *
   * @param actual the observed value of each row
   * @param predicted the predicted value of each row
   * @return the metric's value
   * @throws dev.mlops.core.InvalidInputException if the input is invalid
   */
  double compute(double[] actual, double[] predicted);
}
