package dev.mlops.monitoring.drift;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/**
 * Two-sample tests and distances between the category counts of a reference sample and a
 * current sample.
 *
 * <p>Both arrays are aligned: index {@code i} is the same category on both sides, over the union
 * of the categories of both samples. A category seen only in the current data has reference
 * count 0 (and the other way round); every method accepts that. Binned numeric columns reach the
 * same methods through {@link NumericStatistics#binned}.
 *
 * <p>Frequencies are {@code count / total}. PSI and KL divergence replace an empty frequency as
 * Evidently's {@code get_binned_data(feel_zeroes=True)}: by 0.0001, or by {@code
 * min_nonzero / 1e6} when the smallest non-zero frequency of that side is at most 0.0001; the
 * other distances use the frequencies as they are.
 *
 * <pre>{@code
 * long[] ref = {120, 80, 0};   // categories "a", "b", "c"
 * long[] cur = {90, 100, 10};  // "c" appears only in current data
 * StatResult chi = CategoricalStatistics.compute(DriftMethod.CHI_SQUARE, ref, cur);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class CategoricalStatistics {

  private CategoricalStatistics() {}

  /**
   * Computes one method on aligned category counts.
   *
   * @param method a method with {@link DriftMethod#categorical()} true
   * @param referenceCounts the reference count per category, non-negative, total positive
   * @param currentCounts the current count per category, same length, total positive
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the method is not categorical, or the arrays differ in
   *     length
   * @throws InvalidInputException if there is no category, a count is negative, a side has no
   *     observation, or a 2x2 method gets other than 2 categories
   */
  public static StatResult compute(DriftMethod method, long[] referenceCounts, long[] currentCounts) {
    Objects.requireNonNull(method, "method");
    switch (method) {
      case POPULATION_STABILITY_INDEX:
        return populationStabilityIndex(referenceCounts, currentCounts);
      case KL_DIVERGENCE:
        return klDivergence(referenceCounts, currentCounts);
      case JENSEN_SHANNON:
        return jensenShannon(referenceCounts, currentCounts);
      case HELLINGER:
        return hellinger(referenceCounts, currentCounts);
      case TOTAL_VARIATION:
        return totalVariation(referenceCounts, currentCounts);
      case L_INFINITY:
        return lInfinity(referenceCounts, currentCounts);
      case CHI_SQUARE:
        return chiSquare(referenceCounts, currentCounts);
      case G_TEST:
        return gTest(referenceCounts, currentCounts);
      case FISHER_EXACT:
        return fisherExact(referenceCounts, currentCounts);
      case Z_TEST:
        return zTest(referenceCounts, currentCounts);
      default:
        throw new IllegalArgumentException(
            method + " is a numeric method; use NumericStatistics on sorted samples");
    }
  }

  /**
   * Population stability index {@code sum((r - c) * ln(r / c))} over the frequencies with
   * Evidently's empty-frequency replacement.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the index, at least 0
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult populationStabilityIndex(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Kullback–Leibler divergence of the reference from the current frequencies, in nats, as
   * Evidently's {@code kl_div} ({@code scipy.stats.entropy(reference, current)}, which
   * renormalises both after the empty-frequency replacement).
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the divergence, at least 0
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult klDivergence(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Jensen–Shannon distance with base-2 logarithms, so in [0, 1] (Evidently calls scipy's
   * {@code jensenshannon} with its default natural logarithm, whose values are {@code
   * sqrt(ln 2) ≈ 0.833} times these; see {@link #jensenShannon(long[], long[], double)}).
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the distance in [0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult jensenShannon(long[] referenceCounts, long[] currentCounts) {
    return jensenShannon(referenceCounts, currentCounts, 2.0);
  }

  /**
   * Jensen–Shannon distance with logarithms in the given base, as scipy's {@code
   * jensenshannon(p, q, base)}; base e gives Evidently's values.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @param base the logarithm base, greater than 1
   * @return the distance, at least 0
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length or the base is not above 1
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult jensenShannon(long[] referenceCounts, long[] currentCounts, double base) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Hellinger distance {@code sqrt(sum((sqrt(r) - sqrt(c))^2) / 2)} between the frequencies, in
   * [0, 1].
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the distance in [0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult hellinger(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Total variation distance {@code sum(|r - c|) / 2} between the frequencies, in [0, 1].
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the distance in [0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult totalVariation(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * L-infinity distance {@code max(|r - c|)} between the frequencies, in [0, 1].
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the distance in [0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult lInfinity(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Pearson's chi-square test of homogeneity on the 2 x k table of counts, as scipy's {@code
   * chi2_contingency(table, correction=False)}; categories empty on both sides are dropped.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the statistic and its p-value with {@code k - 1} degrees of freedom (p = 1 when a
   *     single category is left)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult chiSquare(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Evidently's {@code chisquare} stat test: a goodness-of-fit test of the current counts
   * against the reference counts scaled to the current total ({@code scipy.stats.chisquare}).
   * A category seen only in the current data has an expected count of 0, which makes the
   * statistic infinite and the p-value 0.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the statistic and its p-value with {@code k - 1} degrees of freedom
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult chiSquareGoodnessOfFit(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * G-test (log-likelihood ratio) of homogeneity on the 2 x k table, as scipy's {@code
   * chi2_contingency(table, correction=False, lambda_="log-likelihood")}.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return G and its p-value with {@code k - 1} degrees of freedom
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult gTest(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Fisher's exact test, two-sided, on the 2x2 table {@code [reference; current]}, as scipy's
   * {@code fisher_exact}.
   *
   * @param referenceCounts the reference counts of exactly 2 categories
   * @param currentCounts the current counts of the same 2 categories
   * @return the sample odds ratio (may be infinite) and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid or not 2 categories
   */
  public static StatResult fisherExact(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Two-proportion z-test with the pooled proportion, two-sided, as Evidently's {@code z}
   * stat test on the share of the first category; p = 1 when both samples hold only one and
   * the same category.
   *
   * @param referenceCounts the reference counts of exactly 2 categories
   * @param currentCounts the current counts of the same 2 categories
   * @return z and the p-value {@code 2 * (1 - Phi(|z|))}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid or not 2 categories
   */
  public static StatResult zTest(long[] referenceCounts, long[] currentCounts) {
    throw new UnsupportedOperationException("not yet");
  }
}
