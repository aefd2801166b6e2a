package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link HddmA}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/binary/hddm_a.py}: {@code
 * drift_confidence=0.001, warning_confidence=0.005, two_sided_test=False}) and MOA's ({@code
 * HDDM_A_Test}: {@code -d 0.001 -w 0.005}, one-sided), from Frías-Blanco et al. 2014.
 *
 * @param driftConfidence the significance of a drift, in (0, 1)
 * @param warningConfidence the significance of a warning, in [driftConfidence, 1)
 * @param twoSided whether decreases of the mean are reported too (otherwise only increases)
 */
public record HddmAConfig(double driftConfidence, double warningConfidence, boolean twoSided) {

  /** River's and MOA's defaults: drift 0.001, warning 0.005, one-sided. */
  public static final HddmAConfig DEFAULTS = new HddmAConfig(0.001, 0.005, false);

  /**
   * Validates the parameters.
   *
   * @param driftConfidence in (0, 1)
   * @param warningConfidence in [driftConfidence, 1)
   * @param twoSided whether decreases are reported
   * @throws IllegalArgumentException if a confidence is out of range
   */
  public HddmAConfig {
    HddmWConfig.checkConfidences(driftConfidence, warningConfidence);
  }

  /**
   * Returns a copy that also reports decreases (or not).
   *
   * @param newTwoSided whether decreases are reported
   * @return the new configuration
   */
  public HddmAConfig withTwoSided(boolean newTwoSided) {
    return new HddmAConfig(driftConfidence, warningConfidence, newTwoSided);
  }
}
