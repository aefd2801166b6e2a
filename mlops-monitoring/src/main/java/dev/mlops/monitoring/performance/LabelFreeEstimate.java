package dev.mlops.monitoring.performance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Performance estimated without labels from a calibrated classifier's probabilities (see
 * {@link ConfidenceBasedEstimator}).
 *
 * <p>Each metric's value is the expected metric; its interval (method
 * {@link IntervalMethod#CALIBRATED_SIMULATION}) is where the realised metric falls with the stated
 * probability if the model is calibrated on these rows. Immutable and thread-safe.
 *
 * @param n the rows estimated
 * @param metrics the estimated metrics (accuracy, precision, recall, F1, ROC AUC when defined)
 */
public record LabelFreeEstimate(int n, Map<PerformanceMetric, MetricEstimate> metrics) {

  /**
   * Copies the metrics into an unmodifiable map in the enum's order.
   *
   * @param n the rows estimated
   * @param metrics the estimated metrics
   * @throws NullPointerException if {@code metrics} is null
   */
  public LabelFreeEstimate {
    Objects.requireNonNull(metrics, "metrics");
    metrics = metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(metrics));
  }

  /**
   * Returns one estimated metric.
   *
   * @param metric the metric
   * @return its estimate, or empty when it is not estimated (ROC AUC when the probabilities leave no
   *     expected positive-negative pair)
   */
  public Optional<MetricEstimate> metric(PerformanceMetric metric) {
    return Optional.ofNullable(metrics.get(metric));
  }
}
