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
   * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy's {@code ks_2samp}: the statistic is
   * the largest difference of the two empirical distribution functions, evaluated after every
   * distinct value (so ties count as scipy counts them); where the exact p-value is attempted, the
   * statistic reported is scipy's, rounded to the lattice {@code h / lcm(n1, n2)}. EXACT uses
   * Hodges' / Viehmann's path counting (equal sizes: the closed alternating sum), which costs
   * O(n1 * n2) at worst (about half a second for 10,000 vs 9,999 here); ASYMPTOTIC uses the
   * distribution of the one-sample statistic with n = round(n1 n2 / (n1 + n2)), as scipy's
   * {@code kstwo.sf} (at least n = 1, where scipy returns NaN for n1 = n2 = 1).
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
        Objects.requireNonNull(ksMethod, "ksMethod");
    requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    int n1 = sortedReference.length;
    int n2 = sortedCurrent.length;
    double d = ksStatistic(sortedReference, sortedCurrent);
    return StatResult.test(DriftMethod.KOLMOGOROV_SMIRNOV, ksDisplayed(d, n1, n2, ksMethod),
        ksPValue(d, n1, n2, ksMethod));
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    if (sortedReference.length + sortedCurrent.length < 4) {
      throw new InvalidInputException(
          "reference",
          "ANDERSON_DARLING needs at least 4 values in both samples together, got "
              + (sortedReference.length + sortedCurrent.length));
    }
    double min = Math.min(sortedReference[0], sortedCurrent[0]);
    double max = Math.max(
        sortedReference[sortedReference.length - 1], sortedCurrent[sortedCurrent.length - 1]);
    if (min == max) {
      throw new InvalidInputException(
          "reference",
          "ANDERSON_DARLING needs more than one distinct value in the pooled samples; both hold"
              + " only one value (use a distance, or treat the column as categorical)");
    }
    double[] r = RankTests.andersonDarling(sortedReference, sortedCurrent);
    return StatResult.test(DriftMethod.ANDERSON_DARLING, r[0], r[1]);
  }

  /**
   * Cramér–von Mises two-sample test, as scipy's {@code cramervonmises_2samp} with {@code
   * method="auto"}: exact p-value when both samples have at most 20 values, asymptotic
   * otherwise (scipy's series, whose terms stop below 1e-7, so the asymptotic p-value is accurate
   * to about 1e-7 absolute).
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    requireMinSize(sortedReference, "reference", 2, DriftMethod.CRAMER_VON_MISES);
    requireMinSize(sortedCurrent, "current", 2, DriftMethod.CRAMER_VON_MISES);
    double[] r = RankTests.cramerVonMises(sortedReference, sortedCurrent);
    return StatResult.test(DriftMethod.CRAMER_VON_MISES, r[0], r[1]);
  }

  /**
   * Mann–Whitney U test, two-sided, as scipy's {@code mannwhitneyu} default ({@code
   * method="auto"}, continuity correction): exact when one sample has at most 8 values and
   * there are no ties, otherwise the tie-corrected normal approximation (p = 1 when every value
   * is tied).
   *
   * @param sortedReference the reference sample, ascending, finite, non-empty
   * @param sortedCurrent the current sample, ascending, finite, non-empty
   * @return U of the reference sample and the p-value
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is not sorted
   * @throws InvalidInputException if a sample is empty or holds NaN or an infinity
   */
  public static StatResult mannWhitney(double[] sortedReference, double[] sortedCurrent) {
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    double[] r = RankTests.mannWhitney(sortedReference, sortedCurrent);
    return StatResult.test(DriftMethod.MANN_WHITNEY, r[0], r[1]);
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    requireMinSize(sortedReference, "reference", 2, DriftMethod.WELCH_T);
    requireMinSize(sortedCurrent, "current", 2, DriftMethod.WELCH_T);
    double[] r = RankTests.welch(sortedReference, sortedCurrent);
    return StatResult.test(DriftMethod.WELCH_T, r[0], r[1]);
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
   *     infinity, both samples are constant, or the pooled interquartile range is zero
   */
  public static StatResult eppsSingleton(double[] sortedReference, double[] sortedCurrent) {
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    requireMinSize(sortedReference, "reference", 5, DriftMethod.EPPS_SINGLETON);
    requireMinSize(sortedCurrent, "current", 5, DriftMethod.EPPS_SINGLETON);
    if (sortedReference[0] == sortedReference[sortedReference.length - 1]
        && sortedCurrent[0] == sortedCurrent[sortedCurrent.length - 1]) {
      throw new InvalidInputException(
          "reference",
          "EPPS_SINGLETON cannot compare two constant samples (its covariance estimate is 0);"
              + " use another test for such columns");
    }
    double[] r = RankTests.eppsSingleton(sortedReference, sortedCurrent);
    if (r == null) {
      throw new InvalidInputException(
          "reference",
          "EPPS_SINGLETON scales by the pooled interquartile range, which is 0 here (mostly one"
              + " value); use another test for such columns");
    }
    return StatResult.test(DriftMethod.EPPS_SINGLETON, r[0], r[1]);
  }

  /**
   * Maximum mean discrepancy with a Gaussian kernel and a seeded permutation test: samples over
   * 500 values are subsampled (seeded) to 500, the bandwidth is the median pairwise distance of
   * the pooled sample, the statistic the biased squared MMD, and the p-value {@code (1 +
   * #{permuted >= observed}) / (1 + permutations)}, never 0.
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be at least 1, got " + permutations);
    }
    double[] r = MaximumMeanDiscrepancy.test(sortedReference, sortedCurrent, permutations, seed);
    return StatResult.test(DriftMethod.MAXIMUM_MEAN_DISCREPANCY, r[0], r[1]);
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    return StatResult.distance(
        DriftMethod.WASSERSTEIN, cdfDistance(sortedReference, sortedCurrent, false));
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
        if (!(referenceStdFloor > 0.0) || Double.isInfinite(referenceStdFloor)) {
      throw new IllegalArgumentException(
          "referenceStdFloor must be a positive finite number, got " + referenceStdFloor);
    }
    requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    double norm = Math.max(populationStd(sortedReference), referenceStdFloor);
    return StatResult.distance(
        DriftMethod.WASSERSTEIN_NORMED,
        cdfDistance(sortedReference, sortedCurrent, false) / norm);
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
        requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    return StatResult.distance(
        DriftMethod.ENERGY_DISTANCE,
        Math.sqrt(2.0) * cdfDistance(sortedReference, sortedCurrent, true));
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
        Objects.requireNonNull(method, "method");
    Objects.requireNonNull(bins, "bins");
    if (bins.isPresent() && bins.getAsInt() < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins.getAsInt());
    }
    double[] edges;
    switch (method) {
      case POPULATION_STABILITY_INDEX:
      case KL_DIVERGENCE:
      case JENSEN_SHANNON:
      case TOTAL_VARIATION:
        edges = binEdges(sortedReference, sortedCurrent, bins);
        return CategoricalStatistics.compute(
            method, binCounts(sortedReference, edges), binCounts(sortedCurrent, edges));
      case HELLINGER:
        return hellingerBinned(sortedReference, sortedCurrent, bins);
      default:
        throw new IllegalArgumentException(method + " is not a binned method");
    }
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
        Objects.requireNonNull(bins, "bins");
    requireSample(sortedReference, "reference");
    requireSample(sortedCurrent, "current");
    if (bins.isPresent() && bins.getAsInt() < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins.getAsInt());
    }
    double min = Math.min(sortedReference[0], sortedCurrent[0]);
    double max =
        Math.max(sortedReference[sortedReference.length - 1], sortedCurrent[sortedCurrent.length - 1]);
    long size = (long) sortedReference.length + sortedCurrent.length;
    return equalWidthEdges(min, max, size, bins);
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
        Objects.requireNonNull(sorted, "sorted");
    Objects.requireNonNull(edges, "edges");
    if (edges.length < 2) {
      throw new IllegalArgumentException("need at least 2 edges, got " + edges.length);
    }
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    double first = edges[0];
    double last = edges[bins];
    int bin = 0;
    for (double x : sorted) {
      if (x < first || x > last) {
        continue;
      }
      while (bin < bins - 1 && x >= edges[bin + 1]) {
        bin++;
      }
      counts[bin]++;
    }
    return counts;
  }

  // ---------------------------------------------------------------- validation and helpers

  /**
   * Checks a sorted sample: non-null, non-empty, finite, ascending.
   */
  static void requireSample(double[] sample, String field) {
    Objects.requireNonNull(sample, field);
    if (sample.length == 0) {
      throw new InvalidInputException(
          field,
          "the " + field + " sample is empty: a two-sample statistic needs at least one value on"
              + " each side");
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < sample.length; i++) {
      double v = sample[i];
      if (!Double.isFinite(v)) {
        throw new InvalidInputException(
            field,
            "the " + field + " sample holds NaN or an infinity at index " + i
                + "; drop or impute missing values (and clip infinities) before comparing");
      }
      if (v < previous) {
        throw new IllegalArgumentException(
            "the " + field + " sample is not sorted ascending at index " + i
                + "; sort it first (DoubleRadixSort.sort)");
      }
      previous = v;
    }
  }

  static void requireMinSize(double[] sample, String field, int min, DriftMethod method) {
    if (sample.length < min) {
      throw new InvalidInputException(
          field,
          method + " needs at least " + min + " values in the " + field + " sample, got "
              + sample.length);
    }
  }

  /** The two-sided KS statistic as scipy computes it (ECDF differences at every data point). */
  static double ksStatistic(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    // Track the extremes of i/n1 - j/n2 exactly as the integer i*n2 - j*n1, then form the
    // reported value from the same (i, j) as scipy does: i/n1 - j/n2 in doubles.
    long maxNum = Long.MIN_VALUE;
    long minNum = Long.MAX_VALUE;
    int maxI = 0;
    int maxJ = 0;
    int minI = 0;
    int minJ = 0;
    // A merge without a data-dependent branch (the next element's side is chosen with
    // conditional moves; +inf marks an exhausted side), evaluated where the value changes.
    final double end = Double.POSITIVE_INFINITY;
    int i = 0;
    int j = 0;
    double ai = a[0];
    double bj = b[0];
    for (int k = n1 + n2; k > 0; k--) {
      int takeA = ai <= bj ? 1 : 0;
      double v = takeA == 1 ? ai : bj;
      i += takeA;
      j += 1 - takeA;
      ai = i < n1 ? a[i] : end;
      bj = j < n2 ? b[j] : end;
      double next = ai <= bj ? ai : bj;
      if (next == v) {
        continue; // a tie: the ECDFs are compared after the last copy of v
      }
      long num = (long) i * n2 - (long) j * n1;
      if (num > maxNum) {
        maxNum = num;
        maxI = i;
        maxJ = j;
      }
      if (num < minNum) {
        minNum = num;
        minI = i;
        minJ = j;
      }
    }
    double maxS = (double) maxI / n1 - (double) maxJ / n2;
    double minS = (double) minI / n1 - (double) minJ / n2;
    double minClipped = Math.min(1.0, Math.max(0.0, -minS));
    return minClipped > maxS ? minClipped : maxS;
  }

  /** Whether scipy's ks_2samp would run the exact computation (before any fallback). */
  private static boolean ksTriesExact(int n1, int n2, KsMethod method) {
    if (method == KsMethod.ASYMPTOTIC) {
      return false;
    }
    if (method == KsMethod.AUTO) {
      return Math.max(n1, n2) <= 10_000;
    }
    long g = RankTests.gcd(n1, n2);
    return (n1 / g) < Integer.MAX_VALUE / (double) (n2 / g);
  }

  /** scipy's exact path reports d rounded to the lattice h / lcm; keep that statistic. */
  private static double ksDisplayed(double d, int n1, int n2, KsMethod method) {
    if (!ksTriesExact(n1, n2, method)) {
      return d;
    }
    long g = RankTests.gcd(n1, n2);
    long lcm = (n1 / g) * (long) n2;
    long h = (long) Math.rint(d * lcm);
    return h * 1.0 / lcm;
  }

  static double ksPValue(double d, int n1, int n2, KsMethod method) {
    if (ksTriesExact(n1, n2, method)) {
      long g = RankTests.gcd(n1, n2);
      long lcm = (n1 / g) * (long) n2;
      long h = (long) Math.rint(d * lcm);
      if (h == 0) {
        return 1.0;
      }
      double prob =
          n1 == n2
              ? KolmogorovDistribution.probOutsideSquare(n1, h)
              : KolmogorovDistribution.outerProbInside(n1, n2, g, h);
      if (prob >= 0.0 && prob <= 1.0) {
        return prob;
      }
      d = h * 1.0 / lcm; // scipy falls back to the asymptotic value at the rounded statistic
    }
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    double p = KolmogorovDistribution.kolmogornSf((long) Math.rint(en), d);
    return Math.min(1.0, Math.max(0.0, p));
  }

  /**
   * scipy's _cdf_distance: the L1 (Wasserstein-1) or L2 distance between the two empirical
   * distribution functions, integrated over the merged support.
   */
  static double cdfDistance(double[] a, double[] b, boolean squared) {
    int n1 = a.length;
    int n2 = b.length;
    final double end = Double.POSITIVE_INFINITY;
    int i = 0;
    int j = 0;
    double ai = a[0];
    double bj = b[0];
    double sum = 0.0;
    double compensation = 0.0;
    // the same branch-free merge as ksStatistic; between two consecutive distinct values the
    // ECDF difference is constant
    for (int k = n1 + n2; k > 0; k--) {
      int takeA = ai <= bj ? 1 : 0;
      double v = takeA == 1 ? ai : bj;
      i += takeA;
      j += 1 - takeA;
      ai = i < n1 ? a[i] : end;
      bj = j < n2 ? b[j] : end;
      double next = ai <= bj ? ai : bj;
      if (next == v || next == end) {
        continue;
      }
      double diff = (double) i / n1 - (double) j / n2;
      double term = (squared ? diff * diff : Math.abs(diff)) * (next - v);
      // Neumaier summation: the terms are non-negative, this only limits rounding drift
      double t = sum + term;
      if (Math.abs(sum) >= Math.abs(term)) {
        compensation += (sum - t) + term;
      } else {
        compensation += (term - t) + sum;
      }
      sum = t;
    }
    double total = sum + compensation;
    return squared ? Math.sqrt(total) : total;
  }

  /** Population standard deviation (numpy's np.std, ddof = 0), two-pass. */
  static double populationStd(double[] x) {
    double mean = 0.0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0.0;
    for (double v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / x.length);
  }

  /** log2 as numpy's np.log2, exact for powers of two. */
  private static double log2(long n) {
    if (Long.bitCount(n) == 1) {
      return Long.numberOfTrailingZeros(n);
    }
    return Math.log(n) / Math.log(2.0);
  }

  /** numpy's histogram_bin_edges over [min, max] of {@code size} values, Sturges when empty. */
  static double[] equalWidthEdges(double min, double max, long size, OptionalInt bins) {
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    int count;
    if (bins.isPresent()) {
      count = bins.getAsInt();
    } else {
      double width = (max - min) / (log2(size) + 1.0);
      count = width != 0.0 ? (int) Math.ceil((last - first) / width) : 1;
    }
    double[] edges = new double[count + 1];
    double step = (last - first) / count;
    for (int i = 0; i < count; i++) {
      edges[i] = i * step + first;
    }
    edges[count] = last;
    return edges;
  }

  private static int distinctCount(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    int count = 0;
    while (i < a.length || j < b.length) {
      double v = (i < a.length && (j >= b.length || a[i] <= b[j])) ? a[i] : b[j];
      while (i < a.length && a[i] <= v) {
        i++;
      }
      while (j < b.length && b[j] <= v) {
        j++;
      }
      count++;
    }
    return count;
  }

  /**
   * Evidently's numeric Hellinger distance: Sturges bins over the distinct values of both samples
   * (not over all values, as the other binned methods), then the Hellinger distance of the bin
   * frequencies. Evidently multiplies densities by a bin width that is 0 for two identical
   * constant samples (giving 1); this gives 0 there.
   */
  private static StatResult hellingerBinned(double[] ref, double[] cur, OptionalInt bins) {
    requireSample(ref, "reference");
    requireSample(cur, "current");
    double min = Math.min(ref[0], cur[0]);
    double max = Math.max(ref[ref.length - 1], cur[cur.length - 1]);
    double[] edges = equalWidthEdges(min, max, distinctCount(ref, cur), bins);
    long[] c1 = binCounts(ref, edges);
    long[] c2 = binCounts(cur, edges);
    double[] p = new double[c1.length];
    double[] q = new double[c2.length];
    for (int i = 0; i < c1.length; i++) {
      p[i] = (double) c1[i] / ref.length;
      q[i] = (double) c2[i] / cur.length;
    }
    return StatResult.distance(
        DriftMethod.HELLINGER, CategoricalStatistics.hellingerOfFrequencies(p, q));
  }
}
