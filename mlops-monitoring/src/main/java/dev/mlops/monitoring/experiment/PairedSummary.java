package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/**
 * Moments of a metric {@code y} and its pre-period covariate {@code x} in one variant, for CUPED:
 * count, means, sample variances and sample covariance (denominators {@code n - 1}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param n the number of (y, x) pairs
 * @param meanY the metric's mean
 * @param meanX the covariate's mean
 * @param varianceY the metric's sample variance
 * @param varianceX the covariate's sample variance
 * @param covariance the sample covariance of y and x
 */
public record PairedSummary(long n, double meanY, double meanX, double varianceY, double varianceX, double covariance) {
  /**
   * Validates the components.
   *
   * @param n the count
   * @param meanY the metric's mean
   * @param meanX the covariate's mean
   * @param varianceY the metric's variance
   * @param varianceX the covariate's variance
   * @param covariance the covariance
   * @throws InvalidInputException if a component is not finite or a variance negative
   */
  public PairedSummary {
    if (n < 0 || !Double.isFinite(meanY) || !Double.isFinite(meanX) || !Double.isFinite(varianceY)
        || !Double.isFinite(varianceX) || !Double.isFinite(covariance) || varianceY < 0 || varianceX < 0) {
      throw new InvalidInputException("summary", "Paired moments are finite, with non-negative variances.");
    }
  }

  /**
   * Summarises paired observations.
   *
   * @param y the metric, one value per unit
   * @param x the covariate, one value per unit, in the same order
   * @return the summary
   * @throws InvalidInputException if the lengths differ or a value is not finite
   */
  public static PairedSummary of(double[] y, double[] x) {
    if (y.length != x.length) {
      throw new InvalidInputException("x", "Give one covariate value per metric value: " + y.length + " vs " + x.length + ".");
    }
    PairedMoments m = new PairedMoments();
    for (int i = 0; i < y.length; i++) {
      m.add(y[i], x[i]);
    }
    return m.summary();
  }

  /**
   * Returns the metric alone.
   *
   * @return count, mean and variance of y
   */
  public SampleSummary metric() {
    return new SampleSummary(n, meanY, varianceY);
  }
}
