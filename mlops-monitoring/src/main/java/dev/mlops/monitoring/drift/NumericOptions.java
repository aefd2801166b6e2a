package dev.mlops.monitoring.drift;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Settings of the numeric two-sample statistics ({@link NumericStatistics}).
 *
 * <pre>{@code
 * NumericOptions options = NumericOptions.builder().ksMethod(KsMethod.EXACT).bins(20).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param ksMethod how the Kolmogorov–Smirnov p-value is computed (default {@link KsMethod#AUTO})
 * @param bins the number of equal-width bins over the combined sample for the binned methods
 *     (PSI, KL, Jensen–Shannon, Hellinger, total variation); empty (the default) means
 *     Evidently's rule, numpy's Sturges bin count {@code ceil(log2(n1 + n2) + 1)}
 * @param mmdPermutations the number of permutations of the MMD permutation test (default 1000)
 * @param mmdSeed the seed of the MMD permutation test; same inputs and seed give the same
 *     p-value (default 42)
 * @param referenceStdFloor the smallest reference standard deviation WASSERSTEIN_NORMED divides
 *     by (Evidently's {@code max(std(reference), 0.001)}: the default is 0.001); positive
 */
public record NumericOptions(
    KsMethod ksMethod,
    OptionalInt bins,
    int mmdPermutations,
    long mmdSeed,
    double referenceStdFloor) {

  /** Default number of MMD permutations. */
  public static final int DEFAULT_MMD_PERMUTATIONS = 1000;

  /** Default MMD seed. */
  public static final long DEFAULT_MMD_SEED = 42L;

  /** Evidently's floor on the reference standard deviation for the normed Wasserstein distance. */
  public static final double DEFAULT_REFERENCE_STD_FLOOR = 0.001;

  private static final NumericOptions DEFAULTS =
      new NumericOptions(
          KsMethod.AUTO,
          OptionalInt.empty(),
          DEFAULT_MMD_PERMUTATIONS,
          DEFAULT_MMD_SEED,
          DEFAULT_REFERENCE_STD_FLOOR);

  /**
   * Validates the options.
   *
   * @param ksMethod the KS p-value method
   * @param bins the bin count, or empty for Sturges' rule
   * @param mmdPermutations the MMD permutation count
   * @param mmdSeed the MMD seed
   * @param referenceStdFloor the floor of the reference standard deviation
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if bins is present and below 1, the permutation count is
   *     below 1, or the standard deviation floor is not a positive finite number
   */
  public NumericOptions {
    Objects.requireNonNull(ksMethod, "ksMethod");
    Objects.requireNonNull(bins, "bins");
    if (bins.isPresent() && bins.getAsInt() < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins.getAsInt());
    }
    if (mmdPermutations < 1) {
      throw new IllegalArgumentException(
          "mmdPermutations must be at least 1, got " + mmdPermutations);
    }
    if (!(referenceStdFloor > 0.0) || Double.isInfinite(referenceStdFloor)) {
      throw new IllegalArgumentException(
          "referenceStdFloor must be a positive finite number, got " + referenceStdFloor);
    }
  }

  /**
   * Returns the defaults: AUTO KS, Sturges bins, 1000 MMD permutations with seed 42, reference
   * standard deviation floor 0.001.
   *
   * @return the default options
   */
  public static NumericOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link NumericOptions}; each setter may be called once. Not thread-safe.
   */
  public static final class Builder {
    private KsMethod ksMethod;
    private OptionalInt bins;
    private Integer mmdPermutations;
    private Long mmdSeed;
    private Double referenceStdFloor;

    private Builder() {}

    private static void requireUnset(Object field, String name) {
      if (field != null) {
        throw new IllegalStateException(name + " was already set to " + field);
      }
    }

    /**
     * Sets the Kolmogorov–Smirnov p-value method.
     *
     * @param method the method
     * @return this builder
     * @throws NullPointerException if method is null
     * @throws IllegalStateException if it was already set
     */
    public Builder ksMethod(KsMethod method) {
      requireUnset(ksMethod, "ksMethod");
      ksMethod = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Sets a fixed number of bins for the binned methods instead of Sturges' rule.
     *
     * @param count the bin count, at least 1
     * @return this builder
     * @throws IllegalArgumentException if count is below 1
     * @throws IllegalStateException if it was already set
     */
    public Builder bins(int count) {
      requireUnset(bins, "bins");
      if (count < 1) {
        throw new IllegalArgumentException("bins must be at least 1, got " + count);
      }
      bins = OptionalInt.of(count);
      return this;
    }

    /**
     * Sets the number of MMD permutations.
     *
     * @param permutations at least 1
     * @return this builder
     * @throws IllegalArgumentException if permutations is below 1
     * @throws IllegalStateException if it was already set
     */
    public Builder mmdPermutations(int permutations) {
      requireUnset(mmdPermutations, "mmdPermutations");
      if (permutations < 1) {
        throw new IllegalArgumentException(
            "mmdPermutations must be at least 1, got " + permutations);
      }
      mmdPermutations = permutations;
      return this;
    }

    /**
     * Sets the seed of the MMD permutation test.
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder mmdSeed(long seed) {
      requireUnset(mmdSeed, "mmdSeed");
      mmdSeed = seed;
      return this;
    }

    /**
     * Sets the floor on the reference standard deviation used by WASSERSTEIN_NORMED.
     *
     * @param floor a positive finite number
     * @return this builder
     * @throws IllegalArgumentException if floor is not positive and finite
     * @throws IllegalStateException if it was already set
     */
    public Builder referenceStdFloor(double floor) {
      requireUnset(referenceStdFloor, "referenceStdFloor");
      if (!(floor > 0.0) || Double.isInfinite(floor)) {
        throw new IllegalArgumentException(
            "referenceStdFloor must be a positive finite number, got " + floor);
      }
      referenceStdFloor = floor;
      return this;
    }

    /**
     * Builds the options, filling unset values with the defaults.
     *
     * @return the options
     */
    public NumericOptions build() {
      return new NumericOptions(
          ksMethod == null ? KsMethod.AUTO : ksMethod,
          bins == null ? OptionalInt.empty() : bins,
          mmdPermutations == null ? DEFAULT_MMD_PERMUTATIONS : mmdPermutations,
          mmdSeed == null ? DEFAULT_MMD_SEED : mmdSeed,
          referenceStdFloor == null ? DEFAULT_REFERENCE_STD_FLOOR : referenceStdFloor);
    }
  }
}
