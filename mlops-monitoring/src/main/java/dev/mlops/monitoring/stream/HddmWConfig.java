package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link HddmW}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/binary/hddm_w.py}: {@code
 * drift_confidence=0.001, warning_confidence=0.005, lambda_val=0.05, two_sided_test=False}) and
 * MOA's ({@code HDDM_W_Test}: {@code -d 0.001 -w 0.005 -m 0.05}, one-sided), from Frías-Blanco et
 * al. 2014.
 *
 * @param driftConfidence the significance of a drift, in (0, 1)
 * @param warningConfidence the significance of a warning, in [driftConfidence, 1)
 * @param lambda the weight of the newest observation in the exponentially weighted mean, in (0, 1]
 * @param twoSided whether decreases of the mean are reported too (otherwise only increases)
 */
public record HddmWConfig(double driftConfidence, double warningConfidence, double lambda, boolean twoSided) {

  /** River's and MOA's defaults: drift 0.001, warning 0.005, lambda 0.05, one-sided. */
  public static final HddmWConfig DEFAULTS = new HddmWConfig(0.001, 0.005, 0.05, false);

  /**
   * Validates the parameters.
   *
   * @param driftConfidence in (0, 1)
   * @param warningConfidence in [driftConfidence, 1)
   * @param lambda in (0, 1]
   * @param twoSided whether decreases are reported
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public HddmWConfig {
    checkConfidences(driftConfidence, warningConfidence);
    if (!(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("lambda must be in (0, 1], got " + lambda);
    }
  }

  /**
   * Returns a copy that also reports decreases (or not).
   *
   * @param newTwoSided whether decreases are reported
   * @return the new configuration
   */
  public HddmWConfig withTwoSided(boolean newTwoSided) {
    return new HddmWConfig(driftConfidence, warningConfidence, lambda, newTwoSided);
  }

  static void checkConfidences(double drift, double warning) {
    if (!(drift > 0 && drift < 1)) {
      throw new IllegalArgumentException("driftConfidence must be in (0, 1), got " + drift);
    }
    if (!(warning >= drift && warning < 1)) {
      throw new IllegalArgumentException("warningConfidence must be in [driftConfidence, 1), got " + warning);
    }
  }
}
