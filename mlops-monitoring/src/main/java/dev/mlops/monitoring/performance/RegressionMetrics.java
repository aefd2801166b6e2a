package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/**
 * Point values of regression metrics, checked against scikit-learn 1.2 ({@code mean_absolute_error},
 * {@code mean_squared_error(squared=False)}, {@code r2_score}).
 *
 * <pre>{@code
 * double rmse = RegressionMetrics.rmse(actual, predicted);
 * }</pre>
 *
 * <p>R&sup2; of constant actual values is defined as scikit-learn's {@code force_finite=True}: 1 when the
 * predictions are exact, else 0. Stateless and thread-safe; inputs are never modified.
 */
public final class RegressionMetrics {
  private RegressionMetrics() {}

  /**
   * Returns the mean absolute error {@code mean(|actual - predicted|)}.
   *
   * @param actual the observed values
   * @param predicted the predicted values, one per observed value
   * @return the MAE, not negative
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a non-finite value
   * @throws NullPointerException if an array is null
   */
  public static double mae(double[] actual, double[] predicted) {
    check(actual, predicted);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      sum += Math.abs(actual[i] - predicted[i]);
    }
    return sum / actual.length;
  }

  /**
   * Returns the root mean squared error {@code sqrt(mean((actual - predicted)^2))}.
   *
   * @param actual the observed values
   * @param predicted the predicted values, one per observed value
   * @return the RMSE, not negative
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a non-finite value
   * @throws NullPointerException if an array is null
   */
  public static double rmse(double[] actual, double[] predicted) {
    check(actual, predicted);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - predicted[i];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }

  /**
   * Returns the coefficient of determination {@code 1 - SS_res / SS_tot}; for constant actual values 1 when
   * every prediction is exact, else 0.
   *
   * @param actual the observed values
   * @param predicted the predicted values, one per observed value
   * @return R&sup2;, at most 1 (negative when worse than predicting the mean)
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a non-finite value
   * @throws NullPointerException if an array is null
   */
  public static double r2(double[] actual, double[] predicted) {
    check(actual, predicted);
    double mean = 0;
    for (double a : actual) {
      mean += a;
    }
    mean /= actual.length;
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < actual.length; i++) {
      double r = actual[i] - predicted[i];
      double t = actual[i] - mean;
      ssRes += r * r;
      ssTot += t * t;
    }
    if (ssTot == 0) {
      return ssRes == 0 ? 1 : 0;
    }
    return 1 - ssRes / ssTot;
  }

  static void check(double[] actual, double[] predicted) {
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(predicted, "predicted");
    Inputs.nonEmpty("actual", actual.length);
    Inputs.sameLength("predicted", actual.length, predicted.length);
    Inputs.finite("actual", actual);
    Inputs.finite("predicted", predicted);
  }
}
