package dev.mlops.monitoring.stream;

import java.util.Objects;

/**
 * The parameters of {@link Cusum}, the tabular CUSUM chart. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS}: a warm-up of 30 observations, slack k = 0.5 σ and decision interval h =
 * 5 σ, both directions. Sources: k = 0.5 and h = 4 or 5 (in units of the process standard
 * deviation) are the classical values of the tabular CUSUM (Montgomery, <i>Introduction to
 * Statistical Quality Control</i>, the section on the tabular CUSUM: they detect a shift of one
 * σ with an in-control average run length of about 168 (h = 4) to 465 (h = 5)); River's {@code
 * drift.CUSUM} ({@code river/drift/cusum.py}) uses the same {@code min_instances=30, slack=0.5,
 * threshold=5.0, mode="both"}. MOA's {@code CusumDM} is a different detector under the same name
 * (a running mean and absolute {@code delta=0.005, lambda=50}, one-sided, that is Page–Hinkley
 * without forgetting: use {@link PageHinkley} with alpha 1 and {@link ChangeDirection#INCREASE}
 * for it).
 *
 * @param minInstances the warm-up: the reference mean and σ are estimated over this many
 *     observations and then frozen; at least 2
 * @param slack k, in units of the warm-up σ; finite, at least 0
 * @param threshold h, in units of the warm-up σ; finite, greater than 0
 * @param direction which shifts to report
 */
public record CusumConfig(int minInstances, double slack, double threshold, ChangeDirection direction) {

  /** Warm-up 30, k = 0.5 σ, h = 5 σ, both directions (River's defaults; Montgomery's values). */
  public static final CusumConfig DEFAULTS = new CusumConfig(30, 0.5, 5.0, ChangeDirection.BOTH);

  /**
   * Validates the parameters.
   *
   * @param minInstances at least 2 (a standard deviation needs two values)
   * @param slack finite, at least 0
   * @param threshold finite, greater than 0
   * @param direction not null
   * @throws IllegalArgumentException if a parameter is out of range
   * @throws NullPointerException if direction is null
   */
  public CusumConfig {
    Objects.requireNonNull(direction, "direction");
    if (minInstances < 2) {
      throw new IllegalArgumentException("minInstances must be at least 2, got " + minInstances);
    }
    if (!(slack >= 0 && Double.isFinite(slack))) {
      throw new IllegalArgumentException("slack must be finite and at least 0, got " + slack);
    }
    if (!(threshold > 0 && Double.isFinite(threshold))) {
      throw new IllegalArgumentException("threshold must be finite and greater than 0, got " + threshold);
    }
  }
}
