package dev.mlops.monitoring.drift;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

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
        double[][] f = filledFrequencies(referenceCounts, currentCounts);
    double psi = 0.0;
    for (int i = 0; i < f[0].length; i++) {
      double r = f[0][i];
      double c = f[1][i];
      psi += (r - c) * Math.log(r / c);
    }
    return StatResult.distance(DriftMethod.POPULATION_STABILITY_INDEX, Math.max(0.0, psi));
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
        double[][] f = filledFrequencies(referenceCounts, currentCounts);
    double[] p = normalised(f[0]);
    double[] q = normalised(f[1]);
    double kl = 0.0;
    for (int i = 0; i < p.length; i++) {
      kl += relativeEntropy(p[i], q[i]);
    }
    return StatResult.distance(DriftMethod.KL_DIVERGENCE, Math.max(0.0, kl));
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
        if (!(base > 1.0) || Double.isInfinite(base)) {
      throw new IllegalArgumentException("base must be a finite number above 1, got " + base);
    }
    double[][] f = frequencies(referenceCounts, currentCounts);
    double[] p = normalised(f[0]);
    double[] q = normalised(f[1]);
    double left = 0.0;
    double right = 0.0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2.0;
      left += relativeEntropy(p[i], m);
      right += relativeEntropy(q[i], m);
    }
    double js = (left + right) / Math.log(base);
    // Rounding can leave a tiny negative sum for (nearly) equal frequencies: clamp to 0.
    return StatResult.distance(DriftMethod.JENSEN_SHANNON, Math.sqrt(Math.max(0.0, js / 2.0)));
  }

  /**
   * Hellinger distance {@code sqrt(sum((sqrt(r) - sqrt(c))^2) / 2)} between the frequencies, in
   * [0, 1] (Evidently's {@code sqrt(1 - sum(sqrt(r c)))} in a form without its cancellation near
   * 0).
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the distance in [0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult hellinger(long[] referenceCounts, long[] currentCounts) {
        double[][] f = frequencies(referenceCounts, currentCounts);
    return StatResult.distance(DriftMethod.HELLINGER, hellingerOfFrequencies(f[0], f[1]));
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
        double[][] f = frequencies(referenceCounts, currentCounts);
    double sum = 0.0;
    for (int i = 0; i < f[0].length; i++) {
      sum += Math.abs(f[0][i] - f[1][i]);
    }
    return StatResult.distance(DriftMethod.TOTAL_VARIATION, 0.5 * sum);
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
        double[][] f = frequencies(referenceCounts, currentCounts);
    double max = 0.0;
    for (int i = 0; i < f[0].length; i++) {
      max = Math.max(max, Math.abs(f[0][i] - f[1][i]));
    }
    return StatResult.distance(DriftMethod.L_INFINITY, max);
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
        double[][] table = homogeneityTable(referenceCounts, currentCounts);
    double stat = 0.0;
    for (int i = 0; i < table[0].length; i++) {
      for (int r = 0; r < 2; r++) {
        double o = table[r][i];
        double e = table[2 + r][i];
        stat += (o - e) * (o - e) / e;
      }
    }
    int dof = table[0].length - 1;
    return StatResult.test(DriftMethod.CHI_SQUARE, stat, chiSquareSf(stat, dof));
  }

  /**
   * Evidently's {@code chisquare} stat test: a goodness-of-fit test of the current counts
   * against the reference counts scaled to the current total ({@code scipy.stats.chisquare}).
   * A category seen only in the current data has an expected count of 0, which makes the
   * statistic infinite and the p-value 0.
   *
   * @param referenceCounts the reference counts
   * @param currentCounts the current counts
   * @return the statistic and its p-value with {@code k - 1} degrees of freedom, k counting the
   *     categories seen on either side (p = 1 when there is only one)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid (see {@link #compute})
   */
  public static StatResult chiSquareGoodnessOfFit(long[] referenceCounts, long[] currentCounts) {
        requireCounts(referenceCounts, currentCounts);
    long nRef = sum(referenceCounts);
    long nCur = sum(currentCounts);
    double kNorm = (double) nCur / nRef;
    double stat = 0.0;
    int seen = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      if (referenceCounts[i] + currentCounts[i] > 0) {
        seen++;
      }
      double e = referenceCounts[i] * kNorm;
      double o = currentCounts[i];
      if (e == 0.0) {
        if (o == 0.0) {
          continue; // a category absent from both samples carries no information
        }
        stat = Double.POSITIVE_INFINITY;
        continue;
      }
      stat += (o - e) * (o - e) / e;
    }
    int dof = seen - 1;
    return StatResult.test(DriftMethod.CHI_SQUARE, stat, chiSquareSf(stat, dof));
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
        double[][] table = homogeneityTable(referenceCounts, currentCounts);
    double stat = 0.0;
    for (int i = 0; i < table[0].length; i++) {
      for (int r = 0; r < 2; r++) {
        double o = table[r][i];
        double e = table[2 + r][i];
        if (o > 0) {
          stat += 2.0 * o * Math.log(o / e);
        }
      }
    }
    stat = Math.max(0.0, stat);
    int dof = table[0].length - 1;
    return StatResult.test(DriftMethod.G_TEST, stat, chiSquareSf(stat, dof));
  }

  /**
   * Fisher's exact test, two-sided, on the 2x2 table {@code [reference; current]}, as scipy's
   * {@code fisher_exact}.
   *
   * @param referenceCounts the reference counts of exactly 2 categories
   * @param currentCounts the current counts of the same 2 categories
   * @return the sample odds ratio (may be infinite; 1 when a row or column of the table is empty,
   *     where scipy reports NaN) and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidInputException if the counts are invalid or not 2 categories
   */
  public static StatResult fisherExact(long[] referenceCounts, long[] currentCounts) {
        requireCounts(referenceCounts, currentCounts);
    requireTwoCategories(referenceCounts, DriftMethod.FISHER_EXACT);
    double[] r = RankTests.fisherExact(
        referenceCounts[0], referenceCounts[1], currentCounts[0], currentCounts[1]);
    return StatResult.test(DriftMethod.FISHER_EXACT, r[0], r[1]);
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
        requireCounts(referenceCounts, currentCounts);
    requireTwoCategories(referenceCounts, DriftMethod.Z_TEST);
    long n1 = referenceCounts[0] + referenceCounts[1];
    long n2 = currentCounts[0] + currentCounts[1];
    // Evidently codes the first (sorted) category as 0 and the other as 1, and tests the share
    // of 1s; the two-sided p-value does not depend on which category is coded 1.
    double p1 = (double) referenceCounts[1] / n1;
    double p2 = (double) currentCounts[1] / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    if (pooled == 0.0 || pooled == 1.0) {
      return StatResult.test(DriftMethod.Z_TEST, 0.0, 1.0); // one and the same category only
    }
    double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double p = Erf.erfc(Math.abs(z) / Math.sqrt(2.0));
    return StatResult.test(DriftMethod.Z_TEST, z, Math.min(1.0, p));
  }

  // ---------------------------------------------------------------- helpers

  static void requireCounts(long[] referenceCounts, long[] currentCounts) {
    Objects.requireNonNull(referenceCounts, "referenceCounts");
    Objects.requireNonNull(currentCounts, "currentCounts");
    if (referenceCounts.length != currentCounts.length) {
      throw new IllegalArgumentException(
          "reference and current counts must be aligned on the same categories, got "
              + referenceCounts.length + " and " + currentCounts.length + " categories");
    }
    if (referenceCounts.length == 0) {
      throw new InvalidInputException("referenceCounts", "there is no category to compare");
    }
    checkSide(referenceCounts, "referenceCounts", "reference");
    checkSide(currentCounts, "currentCounts", "current");
  }

  private static void checkSide(long[] counts, String field, String side) {
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new InvalidInputException(field, "category counts must not be negative, got " + c);
      }
      total = Math.addExact(total, c);
    }
    if (total == 0) {
      throw new InvalidInputException(
          field, "the " + side + " sample has no observation: nothing to compare");
    }
  }

  private static void requireTwoCategories(long[] counts, DriftMethod method) {
    if (counts.length != 2) {
      throw new InvalidInputException(
          "referenceCounts",
          method + " compares exactly 2 categories, got " + counts.length
              + "; use CHI_SQUARE or G_TEST for more");
    }
  }

  static long sum(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /** {@code [reference frequencies, current frequencies]}, each count over its side's total. */
  static double[][] frequencies(long[] referenceCounts, long[] currentCounts) {
    requireCounts(referenceCounts, currentCounts);
    return new double[][] {share(referenceCounts), share(currentCounts)};
  }

  private static double[] share(long[] counts) {
    double total = sum(counts);
    double[] f = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      f[i] = counts[i] / total;
    }
    return f;
  }

  /** Frequencies with Evidently's empty-frequency replacement on each side. */
  static double[][] filledFrequencies(long[] referenceCounts, long[] currentCounts) {
    double[][] f = frequencies(referenceCounts, currentCounts);
    fillEmpty(f[0]);
    fillEmpty(f[1]);
    return f;
  }

  /** Replaces zeros by 0.0001, or by min_nonzero / 1e6 when min_nonzero <= 0.0001 (Evidently). */
  static void fillEmpty(double[] f) {
    double minNonZero = Double.POSITIVE_INFINITY;
    for (double v : f) {
      if (v != 0.0 && v < minNonZero) {
        minNonZero = v;
      }
    }
    double fill = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
    for (int i = 0; i < f.length; i++) {
      if (f[i] == 0.0) {
        f[i] = fill;
      }
    }
  }

  private static double[] normalised(double[] f) {
    double total = 0.0;
    for (double v : f) {
      total += v;
    }
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i] / total;
    }
    return out;
  }

  /** scipy.special.rel_entr: x log(x / y), 0 when x is 0. */
  private static double relativeEntropy(double x, double y) {
    if (x == 0.0) {
      return 0.0;
    }
    if (y == 0.0) {
      return Double.POSITIVE_INFINITY;
    }
    return x * Math.log(x / y);
  }

  /**
   * The 2 x k table without categories empty on both sides: rows 0-1 observed (reference,
   * current), rows 2-3 expected under homogeneity.
   */
  private static double[][] homogeneityTable(long[] referenceCounts, long[] currentCounts) {
    requireCounts(referenceCounts, currentCounts);
    int k = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      if (referenceCounts[i] + currentCounts[i] > 0) {
        k++;
      }
    }
    double n1 = sum(referenceCounts);
    double n2 = sum(currentCounts);
    double total = n1 + n2;
    double[][] t = new double[4][k];
    int c = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      long column = referenceCounts[i] + currentCounts[i];
      if (column == 0) {
        continue;
      }
      t[0][c] = referenceCounts[i];
      t[1][c] = currentCounts[i];
      t[2][c] = n1 * column / total;
      t[3][c] = n2 * column / total;
      c++;
    }
    return t;
  }

  /**
   * {@code sqrt(sum((sqrt(p) - sqrt(q))^2) / 2)}, clipped to [0, 1]. Evidently writes the same
   * distance as {@code sqrt(1 - sum(sqrt(p q)))}, which cancels catastrophically near 0 (about
   * 1e-8 for identical samples); this form gives exactly 0 there and agrees otherwise.
   */
  static double hellingerOfFrequencies(double[] p, double[] q) {
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
      sum += d * d;
    }
    return Math.min(1.0, Math.sqrt(sum / 2.0));
  }

  /** Upper tail of the chi-square distribution (scipy chi2.sf); 1 when dof is 0. */
  static double chiSquareSf(double stat, int dof) {
    if (dof <= 0) {
      return 1.0;
    }
    if (stat == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    if (stat <= 0.0) {
      return 1.0;
    }
    return Math.min(1.0, Math.max(0.0, Gamma.regularizedGammaQ(dof / 2.0, stat / 2.0)));
  }
}
