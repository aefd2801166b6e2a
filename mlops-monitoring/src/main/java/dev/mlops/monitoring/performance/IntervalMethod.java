package dev.mlops.monitoring.performance;

/**
 * How a {@link MetricEstimate}'s interval was computed.
 *
 * <p>Immutable and thread-safe.
 */
public enum IntervalMethod {
  /**
   * Wilson score interval for a binomial proportion (statsmodels
   * {@code proportion_confint(count, nobs, alpha, method="wilson")}).
   */
  WILSON,
  /**
   * DeLong's variance of the ROC AUC (DeLong, DeLong and Clarke-Pearson 1988, computed with the
   * midrank algorithm of Sun and Xu 2014) with a normal quantile, clipped to [0, 1].
   */
  DELONG,
  /**
   * Percentile bootstrap: rows resampled with replacement from a seeded generator, the interval the
   * {@code (1-level)/2} and {@code (1+level)/2} quantiles (linear interpolation, as numpy's default
   * {@code percentile}) of the resampled metric (scipy {@code bootstrap(method="percentile")}).
   */
  BOOTSTRAP_PERCENTILE,
  /**
   * Paired percentile bootstrap of a difference between two models: the same resampled rows are
   * scored for both models in every replicate.
   */
  PAIRED_BOOTSTRAP_PERCENTILE,
  /**
   * Label-free: the interval of the metric that labels drawn from the model's own (calibrated)
   * probabilities would give, from seeded simulations of those labels (percentiles as the bootstrap).
   */
  CALIBRATED_SIMULATION,
  /** No sampling uncertainty: the interval is the point itself (used for label-free estimates with no rows). */
  NONE
}
