package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link Adwin}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/adwin.py}: {@code delta=0.002, clock=32,
 * max_buckets=5, min_window_length=5, grace_period=10}); MOA's {@code ADWIN} has the same delta,
 * clock and bucket count ({@code MAXBUCKETS = 5}, {@code mintClock = 32}) with a minimum
 * sub-window length of 10 ({@code mintMinimLongitudWindow}).
 *
 * @param delta the confidence parameter: the probability bound for a false detection at one
 *     check, in (0, 1)
 * @param clock check for a change every {@code clock} observations; at least 1
 * @param maxBuckets buckets of each size kept before two are merged (the exponential histogram's
 *     M); at least 2
 * @param minWindowLength the smallest sub-window a cut may leave on either side; at least 1
 * @param gracePeriod no check until the window holds more than this many observations; at least 0
 */
public record AdwinConfig(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {

  /** River's defaults: delta 0.002, clock 32, 5 buckets, minimum sub-window 5, grace period 10. */
  public static final AdwinConfig DEFAULTS = new AdwinConfig(0.002, 32, 5, 5, 10);

  /**
   * Validates the parameters.
   *
   * @param delta in (0, 1)
   * @param clock at least 1
   * @param maxBuckets at least 2
   * @param minWindowLength at least 1
   * @param gracePeriod at least 0
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public AdwinConfig {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
    if (clock < 1) {
      throw new IllegalArgumentException("clock must be at least 1, got " + clock);
    }
    if (maxBuckets < 2) {
      throw new IllegalArgumentException("maxBuckets must be at least 2, got " + maxBuckets);
    }
    if (minWindowLength < 1) {
      throw new IllegalArgumentException("minWindowLength must be at least 1, got " + minWindowLength);
    }
    if (gracePeriod < 0) {
      throw new IllegalArgumentException("gracePeriod must be at least 0, got " + gracePeriod);
    }
  }

  /**
   * Returns a copy with another confidence parameter.
   *
   * @param newDelta in (0, 1)
   * @return the new configuration
   * @throws IllegalArgumentException if delta is out of range
   */
  public AdwinConfig withDelta(double newDelta) {
    return new AdwinConfig(newDelta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  /**
   * Returns a copy with another clock.
   *
   * @param newClock at least 1 (1 checks at every observation)
   * @return the new configuration
   * @throws IllegalArgumentException if the clock is below 1
   */
  public AdwinConfig withClock(int newClock) {
    return new AdwinConfig(delta, newClock, maxBuckets, minWindowLength, gracePeriod);
  }
}
