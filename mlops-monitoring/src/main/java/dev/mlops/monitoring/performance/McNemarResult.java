package dev.mlops.monitoring.performance;

/**
 * The result of McNemar's test on two classifiers scored on the same rows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n the number of rows
 * @param onlyFirstCorrect rows the first model got right and the second wrong ({@code b})
 * @param onlySecondCorrect rows the second model got right and the first wrong ({@code c})
 * @param statistic {@code min(b, c)} for the exact test; {@code (|b - c| - 1)^2 / (b + c)} otherwise
 * @param pValue the two-sided p-value, in [0, 1]
 * @param exact whether the exact binomial test was used
 */
public record McNemarResult(int n, int onlyFirstCorrect, int onlySecondCorrect, double statistic, double pValue,
    boolean exact) {

  /**
   * Returns the number of discordant rows {@code b + c}.
   *
   * @return the rows on which exactly one model is right
   */
  public int discordant() {
    return onlyFirstCorrect + onlySecondCorrect;
  }

  /**
   * Returns the difference in accuracy, first minus second, {@code (b - c) / n}.
   *
   * @return the accuracy difference in [-1, 1]
   */
  public double accuracyDifference() {
    return n == 0 ? 0 : (double) (onlyFirstCorrect - onlySecondCorrect) / n;
  }
}
