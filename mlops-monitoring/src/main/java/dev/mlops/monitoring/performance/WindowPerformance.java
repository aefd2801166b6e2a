package dev.mlops.monitoring.performance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The performance of the predictions whose labels were joined during one window, with the joiner's
 * counters at the window's close.
 *
 * <p>{@code metrics} holds each metric defined on the window (ROC AUC is absent when the window's labels
 * hold one class, probability metrics when no prediction carried probabilities, classification metrics
 * for a regression window and the reverse). Instances are immutable and thread-safe.
 *
 * @param labelled predictions joined to a label in this window
 * @param metrics each defined metric with its confidence interval
 * @param evicted predictions dropped unlabelled because the pending limit was reached (since the joiner
 *     started)
 * @param expired predictions that reached their time-to-live unlabelled (since the joiner started)
 * @param unmatchedLabels labels whose prediction id was not pending (never seen, evicted, expired or
 *     already labelled; since the joiner started)
 * @param pending predictions waiting for a label at the window's close
 */
public record WindowPerformance(long labelled, Map<PerformanceMetric, MetricEstimate> metrics, long evicted,
    long expired, long unmatchedLabels, int pending) {

  /**
   * Copies the metrics into an unmodifiable map in the enum's order.
   *
   * @param labelled predictions joined to a label in this window
   * @param metrics each defined metric
   * @param evicted evicted predictions
   * @param expired expired predictions
   * @param unmatchedLabels labels with no pending prediction
   * @param pending predictions waiting for a label
   * @throws NullPointerException if {@code metrics} is null
   */
  public WindowPerformance {
    Objects.requireNonNull(metrics, "metrics");
    metrics = metrics.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(metrics));
  }

  /**
   * Returns one metric.
   *
   * @param metric the metric
   * @return its estimate, or empty when it is not defined on this window
   */
  public Optional<MetricEstimate> metric(PerformanceMetric metric) {
    return Optional.ofNullable(metrics.get(metric));
  }
}
