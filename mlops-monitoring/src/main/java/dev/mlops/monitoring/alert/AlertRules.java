package dev.mlops.monitoring.alert;

import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.stream.ChangeDetector;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * The built-in alert rules, each returned as a builder with its thresholds set, so a cool-down or
 * a minimum window size can be added before {@code build()}:
 *
 * <pre>{@code
 * List<AlertRule> rules = List.of(
 *     AlertRules.driftShare(0.5, 0.25).coolDownWindows(5).build(),
 *     AlertRules.featureDrift("income", 20, 1).build(),
 *     AlertRules.errorRate(0.05, 0.02).build(),
 *     AlertRules.latencyQuantile(0.99, Duration.ofMillis(50), Duration.ofMillis(30)).build(),
 *     AlertRules.predictionDrift(20, 1).build(),
 *     AlertRules.metricBelow("accuracy", 0.80, 0.85).build(),
 *     AlertRules.detector("error-rate", w -> OptionalDouble.of(w.errorRate()), () -> new Adwin(AdwinConfig.DEFAULTS))
 *         .build());
 * }</pre>
 *
 * <p>Drift severities are on the scale of {@link WindowSummary#driftSeverity}: 1 at the column's
 * own threshold, {@code threshold / p} for tests (so 20 is p = 0.0025 at a threshold of 0.05).
 * Stateless and thread-safe.
 */
public final class AlertRules {
  private AlertRules() {}

  /**
   * Share of drifted input columns ({@link DriftReport#driftShare()}): rule {@code drift-share}.
   *
   * @param raiseAt raise at this share or more, in [0, 1]
   * @param clearBelow clear below this share
   * @return the rule's builder
   * @throws IllegalArgumentException if a threshold is outside [0, 1] or the clear one above the raise one
   */
  public static AlertRule.Builder driftShare(double raiseAt, double clearBelow) {
    requireShare(raiseAt);
    requireShare(clearBelow);
    return AlertRule.builder("drift-share", w -> w.featureDrift().map(r -> OptionalDouble.of(r.driftShare()))
            .orElse(OptionalDouble.empty()))
        .raiseAbove(raiseAt).clearBelow(clearBelow).description("share of drifted input columns");
  }

  /**
   * Drift severity of one input column: rule {@code feature-drift:<column>}.
   *
   * @param column the column name
   * @param raiseAt raise at this severity or more (1 = the column's own drift threshold)
   * @param clearBelow clear below this severity
   * @return the rule's builder
   * @throws NullPointerException if column is null
   * @throws IllegalArgumentException if a threshold is not positive or the clear one above the raise one
   */
  public static AlertRule.Builder featureDrift(String column, double raiseAt, double clearBelow) {
    Objects.requireNonNull(column, "column");
    requirePositive(raiseAt);
    requirePositive(clearBelow);
    return AlertRule.builder("feature-drift:" + column, w -> w.featureDriftSeverity(column))
        .raiseAbove(raiseAt).clearBelow(clearBelow).description("drift severity of input '" + column + "'");
  }

  /**
   * Share of failed predictions: rule {@code error-rate}.
   *
   * @param raiseAt raise at this rate or more, in [0, 1]
   * @param clearBelow clear below this rate
   * @return the rule's builder
   * @throws IllegalArgumentException if a threshold is outside [0, 1] or the clear one above the raise one
   */
  public static AlertRule.Builder errorRate(double raiseAt, double clearBelow) {
    requireShare(raiseAt);
    requireShare(clearBelow);
    return AlertRule.builder("error-rate", w -> OptionalDouble.of(w.errorRate()))
        .raiseAbove(raiseAt).clearBelow(clearBelow).description("error rate");
  }

  /**
   * A latency quantile of the window, in nanoseconds: rule {@code latency-p<100q>} (e.g.
   * {@code latency-p99}).
   *
   * @param q the quantile, in (0, 1]
   * @param raiseAt raise at this latency or more
   * @param clearBelow clear below this latency
   * @return the rule's builder
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if q is outside (0, 1] or the clear latency above the raise one
   */
  public static AlertRule.Builder latencyQuantile(double q, Duration raiseAt, Duration clearBelow) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("the quantile must lie in (0, 1], got " + q);
    }
    String label = new java.math.BigDecimal(Double.toString(q * 100)).stripTrailingZeros().toPlainString();
    return AlertRule.builder("latency-p" + label, w -> OptionalDouble.of(w.latency().quantileNanos(q)))
        .raiseAbove(Objects.requireNonNull(raiseAt, "raiseAt").toNanos())
        .clearBelow(Objects.requireNonNull(clearBelow, "clearBelow").toNanos())
        .description("latency p" + label + " (ns)");
  }

  /**
   * Drift severity of the outputs against the reference outputs: rule {@code prediction-drift}.
   *
   * @param raiseAt raise at this severity or more (1 = the output column's drift threshold)
   * @param clearBelow clear below this severity
   * @return the rule's builder
   * @throws IllegalArgumentException if a threshold is not positive or the clear one above the raise one
   */
  public static AlertRule.Builder predictionDrift(double raiseAt, double clearBelow) {
    requirePositive(raiseAt);
    requirePositive(clearBelow);
    return AlertRule.builder("prediction-drift", WindowSummary::predictionDriftSeverity)
        .raiseAbove(raiseAt).clearBelow(clearBelow).description("drift severity of the predictions");
  }

  /**
   * A named window metric (one an extension adds, such as {@code accuracy}) that is bad when low:
   * rule named after the metric.
   *
   * @param metric the metric name
   * @param raiseAt raise at this value or less
   * @param clearAbove clear above this value
   * @return the rule's builder
   * @throws NullPointerException if metric is null
   * @throws IllegalArgumentException if the clear value is below the raise value
   */
  public static AlertRule.Builder metricBelow(String metric, double raiseAt, double clearAbove) {
    Objects.requireNonNull(metric, "metric");
    return AlertRule.builder(metric, w -> w.metric(metric)).raiseBelow(raiseAt).clearAbove(clearAbove)
        .description(metric);
  }

  /**
   * A named window metric that is bad when high (a log-loss, an RMSE): rule named after the metric.
   *
   * @param metric the metric name
   * @param raiseAt raise at this value or more
   * @param clearBelow clear below this value
   * @return the rule's builder
   * @throws NullPointerException if metric is null
   * @throws IllegalArgumentException if the clear value is above the raise value
   */
  public static AlertRule.Builder metricAbove(String metric, double raiseAt, double clearBelow) {
    Objects.requireNonNull(metric, "metric");
    return AlertRule.builder(metric, w -> w.metric(metric)).raiseAbove(raiseAt).clearBelow(clearBelow)
        .description(metric);
  }

  /**
   * A streaming change detector on a window measure: rule {@code detector:<name>}. One detector per
   * variant (made by the factory) reads the measure once per closed window; the rule is raised when
   * it reports a drift and resolved once it reports no change (a warning keeps a raised rule firing).
   * The detectors' state travels in the monitor's snapshot. Build the rule anew for each monitor.
   *
   * <pre>{@code
   * AlertRules.detector("latency-p99-ms", w -> OptionalDouble.of(w.latency().quantileNanos(0.99) / 1e6),
   *     () -> new PageHinkley(PageHinkleyConfig.DEFAULTS.withDirection(ChangeDirection.INCREASE))).build();
   * }</pre>
   *
   * @param name names the measure (the rule is {@code detector:<name>})
   * @param measure the window measure fed to the detector
   * @param detector makes a fresh detector
   * @return the rule's builder
   * @throws NullPointerException if an argument is null
   */
  public static AlertRule.Builder detector(String name, AlertSignal measure,
      Supplier<? extends ChangeDetector> detector) {
    Objects.requireNonNull(name, "name");
    return AlertRule.builder("detector:" + name, new DetectorSignal(measure, detector))
        .raiseAbove(DetectorSignal.DRIFT).clearBelow(DetectorSignal.WARNING)
        .description("change detector on " + name + " (0 no change, 1 warning, 2 drift)");
  }

  private static void requireShare(double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("a share threshold lies in [0, 1], got " + v);
    }
  }

  private static void requirePositive(double v) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException("a severity threshold is a positive number, got " + v);
    }
  }
}
