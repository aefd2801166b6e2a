package dev.mlops.monitoring.stream;

import java.util.Objects;

/**
 * The parameters of {@link PageHinkley}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/page_hinkley.py}: {@code min_instances=30,
 * delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="both"}); MOA's {@code PageHinkleyDM} has the
 * same numbers ({@code -n 30 -d 0.005 -l 50 -a 0.9999}) and is one-sided ({@link
 * ChangeDirection#INCREASE}).
 *
 * @param minInstances the number of observations (since the start or the last drift) before a
 *     change can be reported; at least 1
 * @param delta the magnitude of change tolerated, subtracted from each deviation; finite, at least 0
 * @param threshold the detection threshold (lambda); finite, greater than 0
 * @param alpha the forgetting factor of the cumulative sums, in (0, 1]
 * @param direction which changes to report
 */
public record PageHinkleyConfig(
    int minInstances, double delta, double threshold, double alpha, ChangeDirection direction) {

  /** River's defaults: 30, 0.005, 50, 1 - 0.0001, both directions. */
  public static final PageHinkleyConfig DEFAULTS =
      new PageHinkleyConfig(30, 0.005, 50.0, 1 - 0.0001, ChangeDirection.BOTH);

  /**
   * Validates the parameters.
   *
   * @param minInstances at least 1
   * @param delta finite and at least 0
   * @param threshold finite and greater than 0
   * @param alpha in (0, 1]
   * @param direction not null
   * @throws IllegalArgumentException if a parameter is out of range
   * @throws NullPointerException if direction is null
   */
  public PageHinkleyConfig {
    Objects.requireNonNull(direction, "direction");
    if (minInstances < 1) {
      throw new IllegalArgumentException("minInstances must be at least 1, got " + minInstances);
    }
    if (!(delta >= 0 && Double.isFinite(delta))) {
      throw new IllegalArgumentException("delta must be finite and at least 0, got " + delta);
    }
    if (!(threshold > 0 && Double.isFinite(threshold))) {
      throw new IllegalArgumentException("threshold must be finite and greater than 0, got " + threshold);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
  }

  /**
   * Returns a copy with another threshold.
   *
   * @param newThreshold the detection threshold (lambda)
   * @return the new configuration
   * @throws IllegalArgumentException if the threshold is not finite and positive
   */
  public PageHinkleyConfig withThreshold(double newThreshold) {
    return new PageHinkleyConfig(minInstances, delta, newThreshold, alpha, direction);
  }

  /**
   * Returns a copy with another direction.
   *
   * @param newDirection which changes to report
   * @return the new configuration
   */
  public PageHinkleyConfig withDirection(ChangeDirection newDirection) {
    return new PageHinkleyConfig(minInstances, delta, threshold, alpha, newDirection);
  }
}
