package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/**
 * Count, mean and sample variance (denominator {@code n - 1}) of one variant's metric.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param n the number of observations
 * @param mean their mean (0 when {@code n == 0})
 * @param variance their sample variance (0 when {@code n < 2})
 */
public record SampleSummary(long n, double mean, double variance) {
  /**
   * Validates the components.
   *
   * @param n the count
   * @param mean the mean
   * @param variance the variance
   * @throws InvalidInputException if the count is negative, or the mean or variance is not finite
   *     or the variance negative
   */
  public SampleSummary {
    if (n < 0 || !Double.isFinite(mean) || !Double.isFinite(variance) || variance < 0) {
      throw new InvalidInputException("summary", "A summary has n >= 0, a finite mean and a finite, non-negative variance.");
    }
  }

  /**
   * Summarises observations.
   *
   * @param values the observations, all finite
   * @return the summary
   * @throws InvalidInputException if a value is not finite
   */
  public static SampleSummary of(double... values) {
    Objects.requireNonNull(values, "values");
    double mean = 0;
    double m2 = 0;
    long n = 0;
    for (double x : values) {
      if (!Double.isFinite(x)) {
        throw new InvalidInputException("values", "Observation " + n + " is not finite; drop or fix it before the test.");
      }
      n++;
      double d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }
    return new SampleSummary(n, mean, n > 1 ? m2 / (n - 1) : 0);
  }

  /**
   * Returns the variance of the mean, {@code variance / n}.
   *
   * @return the squared standard error
   */
  public double varianceOfMean() {
    return n == 0 ? Double.POSITIVE_INFINITY : variance / n;
  }
}
