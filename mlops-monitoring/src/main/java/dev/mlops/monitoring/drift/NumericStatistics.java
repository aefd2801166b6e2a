package dev.mlops.monitoring.drift;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Two-sample tests and distances between a numeric reference sample and a current sample.
 *
 * <p>Every method takes both samples <em>sorted ascending</em> (sort once with {@link
 * DoubleRadixSort}, then run as many statistics as needed), finite and non-empty; ties are
 * allowed. The results follow scipy's definitions (named per method) and Evidently's for the
 * binned and normed distances.
 *
 * <pre>{@code
 * double[] ref = DoubleRadixSort.sortedCopy(referenceColumn);
 * double[] cur = DoubleRadixSort.sortedCopy(currentColumn);
 * StatResult ks = NumericStatistics.compute(DriftMethod.KOLMOGOROV_SMIRNOV, ref, cur,
 *     NumericOptions.defaults());
 * boolean drift = ks.drifted(0.05);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class NumericStatistics {

  private NumericStatistics() {}

  /**
   * Computes one method on two sorted samples.
   *
   * @param method a method with {@link DriftMethod#numeric()} true
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param options the options (KS method, bins, MMD permutations and seed, std floor)
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the method is not numeric or a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult compute(
      DriftMethod method,
      double[] sortedReference,
      double[] sortedCurrent,
      NumericOptions options) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(options, "options");
    switch (method) {
      case KOLMOGOROV_SMIRNOV:
        return kolmogorovSmirnov(sortedReference, sortedCurrent, options.ksMethod());
      case ANDERSON_DARLING:
        return andersonDarling(sortedReference, sortedCurrent);
      case CRAMER_VON_MISES:
        return cramerVonMises(sortedReference, sortedCurrent);
      case MANN_WHITNEY:
        return mannWhitney(sortedReference, sortedCurrent);
      case WELCH_T:
        return welchT(sortedReference, sortedCurrent);
      case EPPS_SINGLETON:
        return eppsSingleton(sortedReference, sortedCurrent);
      case MAXIMUM_MEAN_DISCREPANCY:
        return maximumMeanDiscrepancy(
            sortedReference, sortedCurrent, options.mmdPermutations(), options.mmdSeed());
      case WASSERSTEIN:
        return wasserstein(sortedReference, sortedCurrent);
      case WASSERSTEIN_NORMED:
        return wassersteinNormed(sortedReference, sortedCurrent, options.referenceStdFloor());
      case ENERGY_DISTANCE:
        return energyDistance(sortedReference, sortedCurrent);
      case POPULATION_STABILITY_INDEX:
      case KL_DIVERGENCE:
      case JENSEN_SHANNON:
      case HELLINGER:
      case TOTAL_VARIATION:
        return binned(method, sortedReference, sortedCurrent, options.bins());
      default:
        throw new IllegalArgumentException(
            method + " is a categorical method; use CategoricalStatistics on category counts");
    }
  }

  /**
   * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy's {@code ks_2samp}.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param ksMethod exact, asymptotic or automatic p-value
   * @return the statistic D and its p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult kolmogorovSmirnov(
      double[] sortedReference, double[] sortedCurrent, KsMethod ksMethod) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Anderson–Darling k-sample test with two samples, as scipy's {@code anderson_ksamp}
   * (midrank version): the standardized statistic and scipy's interpolated p-value, capped to
   * [0.001, 0.25].
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @return the statistic and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty, holds NaN or an infinity, or both
   *     samples together hold a single distinct value
   */
  public static StatResult andersonDarling(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Cramér–von Mises two-sample test, as scipy's {@code cramervonmises_2samp} with {@code
   * method="auto"}: exact p-value when both samples have at most 20 values, asymptotic
   * otherwise.
   *
   * @param sortedReference the reference sample, ascending, finite, at least 2 values
   * @param sortedCurrent the current sample, ascending, finite, at least 2 values
   * @return the statistic T and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample has fewer than 2 values or holds NaN or an
   *     infinity
   */
  public static StatResult cramerVonMises(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Mann–Whitney U test, two-sided, as scipy's {@code mannwhitneyu} default ({@code
   * method="auto"}, continuity correction): exact when both samples have at most 8 values and
   * there are no ties, otherwise the tie-corrected normal approximation.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @return U of the reference sample and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult mannWhitney(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Welch's unequal-variance t-test, two-sided, as scipy's {@code ttest_ind(equal_var=False)}.
   *
   * @param sortedReference the reference sample, ascending, finite, at least 2 values
   * @param sortedCurrent the current sample, ascending, finite, at least 2 values
   * @return t and the p-value (1 when both samples are constant and equal, 0 when both are
   *     constant and different)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample has fewer than 2 values or holds NaN or an
   *     infinity
   */
  public static StatResult welchT(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Epps–Singleton test, as scipy's {@code epps_singleton_2samp} with its default points
   * {@code (0.4, 0.8)} scaled by the pooled semi-interquartile range.
   *
   * @param sortedReference the reference sample, ascending, finite, at least 5 values
   * @param sortedCurrent the current sample, ascending, finite, at least 5 values
   * @return W and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample has fewer than 5 values, holds NaN or an
   *     infinity, or the pooled interquartile range is zero
   */
  public static StatResult eppsSingleton(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Maximum mean discrepancy with a Gaussian kernel and a seeded permutation test.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param permutations the number of permutations, at least 1
   * @param seed the seed; same inputs and seed give the same p-value
   * @return the (biased) squared MMD and the permutation p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted or permutations is below 1
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult maximumMeanDiscrepancy(
      double[] sortedReference, double[] sortedCurrent, int permutations, long seed) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Wasserstein-1 distance between the empirical distributions, as scipy's {@code
   * wasserstein_distance}.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @return the distance
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult wasserstein(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Wasserstein-1 distance divided by {@code max(std(reference), floor)} (population standard
   * deviation), as Evidently's {@code wasserstein} stat test.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param referenceStdFloor the floor of the divisor (Evidently: 0.001), positive
   * @return the normed distance
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted or the floor is not positive
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult wassersteinNormed(
      double[] sortedReference, double[] sortedCurrent, double referenceStdFloor) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Energy distance, as scipy's {@code energy_distance}: {@code sqrt(2)} times the L2 distance
   * between the empirical distribution functions.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @return the distance
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult energyDistance(double[] sortedReference, double[] sortedCurrent) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Bins both samples into the same equal-width bins (see {@link #binEdges}) and computes a
   * binned distance on the bin counts with {@link CategoricalStatistics}.
   *
   * @param method POPULATION_STABILITY_INDEX, KL_DIVERGENCE, JENSEN_SHANNON, HELLINGER or
   *     TOTAL_VARIATION
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param bins the bin count, or empty for Sturges' rule over the combined sample
   * @return the distance
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the method is not a binned one, a sample is not sorted
   *     or bins is below 1
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult binned(
      DriftMethod method, double[] sortedReference, double[] sortedCurrent, OptionalInt bins) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Returns numpy's equal-width bin edges over the combined sample ({@code
   * np.histogram_bin_edges(concat(reference, current), bins)}, with {@code bins="sturges"} when
   * the count is empty): {@code count + 1} edges from the smallest to the largest value, or
   * around the single value ± 0.5 when all values are equal.
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @param bins the bin count, or empty for Sturges' rule
   * @return the ascending edges
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted or bins is below 1
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static double[] binEdges(
      double[] sortedReference, double[] sortedCurrent, OptionalInt bins) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Counts a sorted sample into bins as {@code np.histogram}: bin {@code i} holds {@code
   * edges[i] <= x < edges[i + 1]}, the last bin includes its right edge, values outside the
   * edges are not counted.
   *
   * @param sorted the sample, ascending
   * @param edges ascending edges, at least 2
   * @return {@code edges.length - 1} counts
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if there are fewer than 2 edges
   */
  public static long[] binCounts(double[] sorted, double[] edges) {
    throw new UnsupportedOperationException("not yet");
  }
}
