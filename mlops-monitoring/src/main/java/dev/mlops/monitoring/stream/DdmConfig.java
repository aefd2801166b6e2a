package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link Ddm}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/binary/ddm.py}: {@code warm_start=30,
 * warning_threshold=2.0, drift_threshold=3.0}) and MOA's ({@code DDM}: minimum 30 instances,
 * warning at 2 and drift at 3 standard deviations), from Gama et al. 2004.
 *
 * @param warmStart observations before a warning or drift can be reported; at least 1
 * @param warningThreshold standard deviations above the minimum for the warning zone; finite, &gt; 0
 * @param driftThreshold standard deviations above the minimum for a drift; finite, at least the
 *     warning threshold
 */
public record DdmConfig(int warmStart, double warningThreshold, double driftThreshold) {

  /** River's and MOA's defaults: warm start 30, warning 2.0, drift 3.0. */
  public static final DdmConfig DEFAULTS = new DdmConfig(30, 2.0, 3.0);

  /**
   * Validates the parameters.
   *
   * @param warmStart at least 1
   * @param warningThreshold finite and greater than 0
   * @param driftThreshold finite and at least warningThreshold
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public DdmConfig {
    if (warmStart < 1) {
      throw new IllegalArgumentException("warmStart must be at least 1, got " + warmStart);
    }
    if (!(warningThreshold > 0 && Double.isFinite(warningThreshold))) {
      throw new IllegalArgumentException("warningThreshold must be finite and positive, got " + warningThreshold);
    }
    if (!(driftThreshold >= warningThreshold && Double.isFinite(driftThreshold))) {
      throw new IllegalArgumentException("driftThreshold must be finite and at least warningThreshold, got "
          + driftThreshold);
    }
  }
}
