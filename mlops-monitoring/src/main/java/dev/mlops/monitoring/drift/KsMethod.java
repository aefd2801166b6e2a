package dev.mlops.monitoring.drift;

/**
 * How the two-sample Kolmogorov–Smirnov p-value is computed; the same choices as the {@code
 * method} argument of scipy's {@code ks_2samp}.
 *
 * <p>Immutable and thread-safe.
 */
public enum KsMethod {
  /** The exact distribution of the two-sided statistic (scipy {@code method="exact"}). */
  EXACT,
  /** The asymptotic Kolmogorov distribution of the scaled statistic (scipy {@code "asymp"}). */
  ASYMPTOTIC,
  /**
   * Exact when both samples have at most 10,000 values (scipy's rule: {@code max(n1, n2) <=
   * 10000}), asymptotic otherwise, and asymptotic as well when the exact computation does not
   * converge (scipy {@code "auto"}).
   */
  AUTO
}
