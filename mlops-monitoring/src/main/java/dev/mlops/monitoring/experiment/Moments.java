package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/** Running count, mean and variance, shifted by the first value for accuracy. Thread-safe (synchronized). */
final class Moments {
  private long n;
  private double shift;
  private double sum;
  private double sumSq;

  synchronized void add(double x) {
    if (!Double.isFinite(x)) {
      throw new InvalidInputException("value", "An observation must be finite; got " + x + ".");
    }
    if (n == 0) {
      shift = x;
    }
    double d = x - shift;
    n++;
    sum += d;
    sumSq += d * d;
  }

  synchronized SampleSummary summary() {
    if (n == 0) {
      return new SampleSummary(0, 0, 0);
    }
    double mean = sum / n;
    double var = n > 1 ? Math.max(0, (sumSq - sum * mean) / (n - 1)) : 0;
    return new SampleSummary(n, shift + mean, var);
  }
}
