package dev.mlops.monitoring.performance;

/**
 * A metric evaluated on a multiset of row indices; the general form the bootstrap resamples.
 *
 * <p>{@code rows} may repeat indices (a bootstrap resample). An implementation must not keep or modify
 * the array. Implementations used with {@link MetricIntervals} must be safe to call from one thread at a
 * time; they are called sequentially.
 */
@FunctionalInterface
public interface RowMetric {
  /**
   * Evaluates the metric on the given rows.
   *
   * @param rows row indices, with repetition
   * @return the metric's value
   * @throws dev.mlops.core.InvalidInputException if the metric is undefined on these rows (for
   *     example one class only for AUC); the bootstrap draws another resample
   */
  double evaluate(int[] rows);
}
