package dev.mlops.monitoring.drift;

/**
 * The two-sample tests and distances the drift engine can apply to a column.
 *
 * <p>A method is either a hypothesis test, whose score is a p-value and which signals drift when
 * the p-value is <em>below</em> its threshold, or a distance, whose score is the distance and
 * which signals drift when the distance is <em>at or above</em> its threshold (Evidently's
 * comparison directions). {@link #defaultThreshold()} is 0.05 for tests and 0.1 for distances.
 *
 * <p>Immutable and thread-safe.
 */
public enum DriftMethod {
  /** Two-sample Kolmogorov–Smirnov test (numeric). */
  KOLMOGOROV_SMIRNOV(Kind.TEST, true, false),
  /** Anderson–Darling k-sample test with two samples (numeric). */
  ANDERSON_DARLING(Kind.TEST, true, false),
  /** Cramér–von Mises two-sample test (numeric). */
  CRAMER_VON_MISES(Kind.TEST, true, false),
  /** Mann–Whitney U test, two-sided (numeric). */
  MANN_WHITNEY(Kind.TEST, true, false),
  /** Welch's unequal-variance t-test, two-sided (numeric). */
  WELCH_T(Kind.TEST, true, false),
  /** Epps–Singleton test (numeric). */
  EPPS_SINGLETON(Kind.TEST, true, false),
  /** Maximum mean discrepancy with a seeded permutation test (numeric). */
  MAXIMUM_MEAN_DISCREPANCY(Kind.TEST, true, false),
  /** Wasserstein-1 distance, raw (numeric). */
  WASSERSTEIN(Kind.DISTANCE, true, false),
  /** Wasserstein-1 distance divided by the reference standard deviation, as Evidently does (numeric). */
  WASSERSTEIN_NORMED(Kind.DISTANCE, true, false),
  /** Energy distance (numeric). */
  ENERGY_DISTANCE(Kind.DISTANCE, true, false),
  /** Population stability index over bins or categories. */
  POPULATION_STABILITY_INDEX(Kind.DISTANCE, true, true),
  /** Kullback–Leibler divergence of the reference from the current frequencies, over bins or categories. */
  KL_DIVERGENCE(Kind.DISTANCE, true, true),
  /** Jensen–Shannon distance (base 2, so at most 1) over bins or categories. */
  JENSEN_SHANNON(Kind.DISTANCE, true, true),
  /** Hellinger distance over bins or categories. */
  HELLINGER(Kind.DISTANCE, true, true),
  /** Total variation distance over bins or categories. */
  TOTAL_VARIATION(Kind.DISTANCE, true, true),
  /** L-infinity distance between category frequencies (categorical). */
  L_INFINITY(Kind.DISTANCE, false, true),
  /** Pearson's chi-square test of homogeneity (categorical). */
  CHI_SQUARE(Kind.TEST, false, true),
  /** G-test (log-likelihood ratio) of homogeneity (categorical). */
  G_TEST(Kind.TEST, false, true),
  /** Fisher's exact test on a 2x2 table, two-sided (categorical with two categories). */
  FISHER_EXACT(Kind.TEST, false, true),
  /** Z-test for two proportions, two-sided (categorical with two categories). */
  Z_TEST(Kind.TEST, false, true);

  /** Whether a method's score is a p-value or a distance. */
  public enum Kind {
    /** A hypothesis test: the score is a p-value; drift when it is below the threshold. */
    TEST,
    /** A distance: the score is the distance; drift when it is at or above the threshold. */
    DISTANCE
  }

  private final Kind kind;
  private final boolean numeric;
  private final boolean categorical;

  DriftMethod(Kind kind, boolean numeric, boolean categorical) {
    this.kind = kind;
    this.numeric = numeric;
    this.categorical = categorical;
  }

  /**
   * Returns whether this method is a test or a distance.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns whether this method applies to numeric columns.
   *
   * @return true for numeric methods (binned methods apply to both)
   */
  public boolean numeric() {
    return numeric;
  }

  /**
   * Returns whether this method applies to categorical columns.
   *
   * @return true for categorical methods (binned methods apply to both)
   */
  public boolean categorical() {
    return categorical;
  }

  /**
   * Returns the default threshold: 0.05 for tests, 0.1 for distances.
   *
   * @return the default threshold
   */
  public double defaultThreshold() {
    return kind == Kind.TEST ? 0.05 : 0.1;
  }

  /**
   * Decides drift for a score in this method's comparison direction.
   *
   * @param score a p-value for tests, a distance for distances; never NaN
   * @param threshold the threshold
   * @return true when the score signals drift
   * @throws IllegalArgumentException if the score or threshold is NaN
   */
  public boolean drifted(double score, double threshold) {
    if (Double.isNaN(score) || Double.isNaN(threshold)) {
      throw new IllegalArgumentException("score and threshold must be numbers, not NaN");
    }
    return kind == Kind.TEST ? score < threshold : score >= threshold;
  }
}
