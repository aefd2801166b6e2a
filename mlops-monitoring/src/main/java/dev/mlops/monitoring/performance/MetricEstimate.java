package dev.mlops.monitoring.performance;

import java.util.Objects;

/**
 * A metric's value with a two-sided confidence interval: {@code lower <= value <= upper} for the
 * intervals this package computes (the percentile bootstrap may, on a skewed metric, give an interval
 * that does not contain the point value; it is then reported as computed).
 *
 * <p>No component is NaN. {@code n} is the number of observations the interval rests on: the rows
 * for most metrics, the denominator for a proportion (predicted positives for precision, actual
 * positives for recall). Instances are immutable and thread-safe.
 *
 * @param value the metric computed on all rows
 * @param lower the interval's lower bound
 * @param upper the interval's upper bound
 * @param level the confidence level, in (0, 1), e.g. 0.95
 * @param method how the interval was computed
 * @param n the number of observations the interval rests on
 */
public record MetricEstimate(double value, double lower, double upper, double level, IntervalMethod method, int n) {

  /**
   * Validates the estimate.
   *
   * @param value the metric computed on all rows
   * @param lower the interval's lower bound
   * @param upper the interval's upper bound
   * @param level the confidence level
   * @param method how the interval was computed
   * @param n the number of observations
   * @throws NullPointerException if {@code method} is null
   * @throws IllegalArgumentException if a bound or the value is NaN, {@code lower > upper}, the level is
   *     not in (0, 1) or {@code n} is negative
   */
  public MetricEstimate {
    Objects.requireNonNull(method, "method");
    if (Double.isNaN(value) || Double.isNaN(lower) || Double.isNaN(upper)) {
      throw new IllegalArgumentException("A metric estimate has no NaN component");
    }
    if (lower > upper) {
      throw new IllegalArgumentException("lower " + lower + " > upper " + upper);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
  }

  /**
   * Returns the interval's width.
   *
   * @return {@code upper - lower}
   */
  public double width() {
    return upper - lower;
  }

  /**
   * Tells whether a value lies in the closed interval.
   *
   * @param x the value
   * @return {@code lower <= x <= upper}
   */
  public boolean contains(double x) {
    return x >= lower && x <= upper;
  }
}
