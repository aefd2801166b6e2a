package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link Kswin}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/kswin.py}: {@code alpha=0.005,
 * window_size=100, stat_size=30}) with seed 42; River's default seed is {@code None} (a random
 * seed), which this library does not allow: a detector is deterministic given its seed. KSWIN
 * (Raab, Heusinger, Schleif 2020) is not in MOA.
 *
 * @param alpha the significance level of the Kolmogorov–Smirnov test, in (0, 1)
 * @param windowSize the sliding window's length; greater than statSize
 * @param statSize the length of the recent sample and of the sample drawn from the older part;
 *     at least 1, and at most windowSize − statSize
 * @param seed the seed of the sampling (the same integer gives the same draws as Python's {@code
 *     random.Random(seed)}, hence as River's {@code KSWIN(seed=...)})
 */
public record KswinConfig(double alpha, int windowSize, int statSize, long seed) {

  /** River's defaults (alpha 0.005, window 100, stat size 30) and seed 42. */
  public static final KswinConfig DEFAULTS = new KswinConfig(0.005, 100, 30, 42L);

  /**
   * Validates the parameters.
   *
   * @param alpha in (0, 1)
   * @param windowSize at least 2 · statSize
   * @param statSize at least 1
   * @param seed any value
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public KswinConfig {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    if (statSize < 1) {
      throw new IllegalArgumentException("statSize must be at least 1, got " + statSize);
    }
    if (windowSize < 2L * statSize) {
      throw new IllegalArgumentException("windowSize must be at least 2 * statSize (" + 2L * statSize
          + ") so the older part can give statSize distinct values, got " + windowSize);
    }
  }

  /**
   * Returns a copy with another significance level.
   *
   * @param newAlpha in (0, 1)
   * @return the new configuration
   * @throws IllegalArgumentException if alpha is out of range
   */
  public KswinConfig withAlpha(double newAlpha) {
    return new KswinConfig(newAlpha, windowSize, statSize, seed);
  }

  /**
   * Returns a copy with another seed.
   *
   * @param newSeed the seed
   * @return the new configuration
   */
  public KswinConfig withSeed(long newSeed) {
    return new KswinConfig(alpha, windowSize, statSize, newSeed);
  }
}
