package dev.mlops.monitoring.drift;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of one two-sample test or distance: the statistic, and for tests the p-value.
 *
 * <p>{@link #score()} is what a threshold is compared with: the p-value for a {@link
 * DriftMethod.Kind#TEST}, the statistic for a {@link DriftMethod.Kind#DISTANCE}. NaN is never
 * accepted. Immutable and thread-safe.
 *
 * @param method the method that produced the result
 * @param statistic the test statistic or the distance; never NaN (it may be infinite for a test
 *     whose statistic diverges, such as a chi-square with an expected count of zero)
 * @param pValue the p-value in [0, 1]; present exactly when the method is a test
 */
public record StatResult(DriftMethod method, double statistic, OptionalDouble pValue) {

  /**
   * Validates the result.
   *
   * @param method the method
   * @param statistic the statistic, not NaN
   * @param pValue the p-value, present for tests only
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the statistic is NaN, the p-value is outside [0, 1] or
   *     NaN, a test has no p-value, or a distance has one
   */
  public StatResult {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pValue, "pValue");
    if (Double.isNaN(statistic)) {
      throw new IllegalArgumentException(method + ": the statistic is NaN");
    }
    if (method.kind() == DriftMethod.Kind.TEST) {
      if (pValue.isEmpty()) {
        throw new IllegalArgumentException(method + " is a test and needs a p-value");
      }
      double p = pValue.getAsDouble();
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException(method + ": p-value " + p + " is outside [0, 1]");
      }
    } else if (pValue.isPresent()) {
      throw new IllegalArgumentException(method + " is a distance and has no p-value");
    }
  }

  /**
   * Creates the result of a test.
   *
   * @param method a method of kind {@link DriftMethod.Kind#TEST}
   * @param statistic the statistic, not NaN
   * @param pValue the p-value in [0, 1]
   * @return the result
   * @throws IllegalArgumentException if the values are invalid for the method
   */
  public static StatResult test(DriftMethod method, double statistic, double pValue) {
    return new StatResult(method, statistic, OptionalDouble.of(pValue));
  }

  /**
   * Creates the result of a distance.
   *
   * @param method a method of kind {@link DriftMethod.Kind#DISTANCE}
   * @param distance the distance, not NaN
   * @return the result
   * @throws IllegalArgumentException if the values are invalid for the method
   */
  public static StatResult distance(DriftMethod method, double distance) {
    return new StatResult(method, distance, OptionalDouble.empty());
  }

  /**
   * Returns the value compared with the threshold: the p-value of a test, the statistic of a
   * distance.
   *
   * @return the score
   */
  public double score() {
    return method.kind() == DriftMethod.Kind.TEST ? pValue.getAsDouble() : statistic;
  }

  /**
   * Decides drift against a threshold in the method's own direction.
   *
   * @param threshold the threshold
   * @return true when the score signals drift
   * @throws IllegalArgumentException if the threshold is NaN
   */
  public boolean drifted(double threshold) {
    return method.drifted(score(), threshold);
  }
}
