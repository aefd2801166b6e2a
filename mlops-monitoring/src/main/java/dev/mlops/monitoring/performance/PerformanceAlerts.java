package dev.mlops.monitoring.performance;

import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.monitor.WindowSummary;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The performance-drop alert rule over the window metrics {@link PerformanceMonitoring} adds, built on the
 * same {@link AlertRule} machinery as the other rules (hysteresis, cool-down, minimum window size):
 *
 * <pre>{@code
 * AlertRule drop = PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.85, 0.90)
 *     .coolDownWindows(5).build();          // rule "performance-drop:accuracy"
 * }</pre>
 *
 * <p>A drop is raised only when it is significant: for a metric where higher is better the rule watches
 * the window's <em>upper</em> confidence bound (raise when even the upper bound is at or below
 * {@code raiseAt}; clear when it is back above {@code clearAbove}); for a metric where lower is better
 * (log-loss, RMSE) the <em>lower</em> bound, mirrored. A window with fewer labelled predictions than
 * {@code minLabelled} carries no signal (the rule's state stays). Stateless and thread-safe.
 */
public final class PerformanceAlerts {
  /** Rule names start with this. */
  public static final String RULE_PREFIX = "performance-drop:";
  /** The default least number of labelled predictions in a window for the rule to judge it. */
  public static final int DEFAULT_MIN_LABELLED = 30;

  private PerformanceAlerts() {}

  /**
   * A performance-drop rule with at least {@value #DEFAULT_MIN_LABELLED} labelled predictions per window.
   *
   * @param metric the metric
   * @param raiseAt the bad level (below it for higher-is-better metrics, above it otherwise)
   * @param clearAt the level at which a raised alert resolves (hysteresis)
   * @return the rule's builder, named {@code performance-drop:<metric>}
   * @throws NullPointerException if the metric is null
   * @throws IllegalArgumentException if the thresholds are in the wrong order
   */
  public static AlertRule.Builder drop(PerformanceMetric metric, double raiseAt, double clearAt) {
    return drop(metric, raiseAt, clearAt, DEFAULT_MIN_LABELLED);
  }

  /**
   * A performance-drop rule.
   *
   * @param metric the metric
   * @param raiseAt the bad level
   * @param clearAt the level at which a raised alert resolves
   * @param minLabelled the least labelled predictions a window needs to be judged
   * @return the rule's builder, named {@code performance-drop:<metric>}
   * @throws NullPointerException if the metric is null
   * @throws IllegalArgumentException if the thresholds are in the wrong order or minLabelled is negative
   */
  public static AlertRule.Builder drop(PerformanceMetric metric, double raiseAt, double clearAt, long minLabelled) {
    return rule(metric, raiseAt, clearAt, minLabelled, PerformanceMonitoring.metricName(metric), "");
  }

  /**
   * A rule on the label-free (CBPE) estimate of a metric, for windows whose labels have not arrived: named
   * {@code performance-drop:estimated.<metric>}, same bound logic.
   *
   * @param metric the metric (accuracy, precision, recall, F1 or ROC AUC)
   * @param raiseAt the bad level
   * @param clearAt the level at which a raised alert resolves
   * @return the rule's builder
   * @throws NullPointerException if the metric is null
   * @throws IllegalArgumentException if the thresholds are in the wrong order
   */
  public static AlertRule.Builder estimatedDrop(PerformanceMetric metric, double raiseAt, double clearAt) {
    return rule(metric, raiseAt, clearAt, 0, PerformanceMonitoring.estimatedMetricName(metric), "estimated.");
  }

  private static AlertRule.Builder rule(PerformanceMetric metric, double raiseAt, double clearAt, long minLabelled,
      String base, String prefix) {
    Objects.requireNonNull(metric, "metric");
    if (minLabelled < 0) {
      throw new IllegalArgumentException("minLabelled must not be negative: " + minLabelled);
    }
    boolean higherIsBetter = metric.higherIsBetter();
    String bound = base + (higherIsBetter ? ".upper" : ".lower");
    String labelled = PerformanceMonitoring.NAME + ".labelled";
    String name = RULE_PREFIX + prefix + metric.name().toLowerCase(java.util.Locale.ROOT);
    AlertRule.Builder b = AlertRule.builder(name, (WindowSummary w) -> {
      if (minLabelled > 0 && w.metric(labelled).orElse(0) < minLabelled) {
        return OptionalDouble.empty();
      }
      return w.metric(bound);
    });
    b = higherIsBetter ? b.raiseBelow(raiseAt).clearAbove(clearAt) : b.raiseAbove(raiseAt).clearBelow(clearAt);
    return b.description((prefix.isEmpty() ? "" : "estimated ") + metric.name().toLowerCase(java.util.Locale.ROOT)
        + (higherIsBetter ? " (upper confidence bound)" : " (lower confidence bound)"));
  }
}
