package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * McNemar's test of two classifiers on the same rows: do they make different errors more often one way
 * than the other?
 *
 * <pre>{@code
 * McNemarResult r = McNemarTest.compare(labels, challengerPredictions, championPredictions);
 * if (r.pValue() < 0.05 && r.accuracyDifference() < 0) { ... the challenger is worse ... }
 * }</pre>
 *
 * <p>With {@code b + c} discordant rows: below {@value #EXACT_BELOW} the exact binomial test,
 * {@code p = min(1, 2 P(X <= min(b, c)))} with {@code X ~ Binomial(b + c, 1/2)} (statsmodels
 * {@code mcnemar(table, exact=True)}); otherwise the chi-square test with continuity correction,
 * {@code (|b - c| - 1)^2 / (b + c)} on one degree of freedom (statsmodels
 * {@code mcnemar(table, exact=False, correction=True)}). No discordant row gives {@code p = 1}.
 *
 * <p>Stateless and thread-safe.
 */
public final class McNemarTest {
  /** Discordant counts below this use the exact binomial test (statsmodels' documented rule of thumb). */
  public static final int EXACT_BELOW = 25;

  private McNemarTest() {}

  /**
   * Compares the predictions of two models with the labels.
   *
   * @param labels the true classes
   * @param first the first model's predicted classes
   * @param second the second model's predicted classes
   * @return the test result
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class
   * @throws NullPointerException if an array is null
   */
  public static McNemarResult compare(int[] labels, int[] first, int[] second) {
    ClassificationMetrics.checkLabels(labels, first);
    ClassificationMetrics.checkLabels(labels, second);
    int b = 0;
    int c = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean a1 = labels[i] == first[i];
      boolean a2 = labels[i] == second[i];
      if (a1 && !a2) {
        b++;
      } else if (a2 && !a1) {
        c++;
      }
    }
    return fromCounts(labels.length, b, c);
  }

  /**
   * Runs the test from counts of discordant rows.
   *
   * @param n the number of rows
   * @param onlyFirstCorrect rows only the first model got right ({@code b})
   * @param onlySecondCorrect rows only the second model got right ({@code c})
   * @return the test result
   * @throws InvalidInputException if a count is negative or {@code b + c > n}
   */
  public static McNemarResult fromCounts(int n, int onlyFirstCorrect, int onlySecondCorrect) {
    if (onlyFirstCorrect < 0 || onlySecondCorrect < 0 || (long) onlyFirstCorrect + onlySecondCorrect > n) {
      throw new InvalidInputException("counts", "Discordant counts are not negative and sum to at most n ("
          + n + "); got " + onlyFirstCorrect + " and " + onlySecondCorrect + ".");
    }
    int d = onlyFirstCorrect + onlySecondCorrect;
    if (d < EXACT_BELOW) {
      int k = Math.min(onlyFirstCorrect, onlySecondCorrect);
      double p = d == 0 ? 1
          : Math.min(1, 2 * new BinomialDistribution((RandomGenerator) null, d, 0.5).cumulativeProbability(k));
      return new McNemarResult(n, onlyFirstCorrect, onlySecondCorrect, k, p, true);
    }
    double diff = Math.abs(onlyFirstCorrect - onlySecondCorrect) - 1.0;
    double stat = diff * diff / d;
    // The chi-square(1) survival function, erfc(sqrt(x / 2)), accurate in the far tail.
    double p = Erf.erfc(Math.sqrt(stat / 2));
    return new McNemarResult(n, onlyFirstCorrect, onlySecondCorrect, stat, p, false);
  }
}
