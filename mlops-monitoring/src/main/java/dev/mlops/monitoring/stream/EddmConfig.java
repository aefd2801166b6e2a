package dev.mlops.monitoring.stream;

/**
 * The parameters of {@link Eddm}. Immutable and thread-safe.
 *
 * <p>{@link #DEFAULTS} are River's ({@code river/drift/binary/eddm.py}: {@code warm_start=30,
 * alpha=0.95, beta=0.9}) and MOA's ({@code EDDM}: {@code FDDM_WARNING = 0.95}, {@code
 * FDDM_OUTCONTROL = 0.9}, {@code FDDM_MINNUMINSTANCES = 30}), from Baena-García et al. 2006.
 *
 * @param warmStart errors (and observations) before a warning or drift can be reported; at least 1
 * @param alpha the warning level: a warning when the distance statistic falls below this share of
 *     its maximum; in (0, 1]
 * @param beta the drift level; in (0, alpha]
 */
public record EddmConfig(int warmStart, double alpha, double beta) {

  /** River's and MOA's defaults: 30 errors, warning 0.95, drift 0.9. */
  public static final EddmConfig DEFAULTS = new EddmConfig(30, 0.95, 0.9);

  /**
   * Validates the parameters.
   *
   * @param warmStart at least 1
   * @param alpha in (0, 1]
   * @param beta in (0, alpha]
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public EddmConfig {
    if (warmStart < 1) {
      throw new IllegalArgumentException("warmStart must be at least 1, got " + warmStart);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    if (!(beta > 0 && beta <= alpha)) {
      throw new IllegalArgumentException("beta must be in (0, alpha], got " + beta);
    }
  }
}
