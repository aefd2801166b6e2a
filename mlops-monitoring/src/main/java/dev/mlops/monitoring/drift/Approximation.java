package dev.mlops.monitoring.drift;

import java.util.Objects;

/**
 * The error bound of a result computed from a reference sketch instead of the reference sample.
 * Immutable and thread-safe.
 *
 * <p>The bounds hold with the confidence of the KLL sketch's rank error (99%): for KS the
 * statistic is within {@code bound} of the exact statistic; for Wasserstein within {@code ε ·
 * (max - min)} of the reference (divided by the reference standard deviation when normed); for
 * binned methods each reference bin frequency is within {@code 2ε}; for a categorical
 * frequent-items sketch each reference count is within the sketch's maximum error.
 *
 * @param quantity what the bound applies to (e.g. {@code "statistic"}, {@code "reference bin frequency"})
 * @param bound the absolute bound, finite and non-negative
 * @param rankError the sketch's normalized rank error ε (0 for a frequent-items sketch)
 */
public record Approximation(String quantity, double bound, double rankError) {
  /**
   * Validates the record.
   *
   * @param quantity what the bound applies to (e.g. {@code "statistic"}, {@code "reference bin frequency"})
   * @param bound the absolute bound, finite and non-negative
   * @param rankError the sketch's normalized rank error ε (0 for a frequent-items sketch)
   * @throws NullPointerException if quantity is null
   * @throws IllegalArgumentException if a number is negative, infinite or NaN
   */
  public Approximation {
    Objects.requireNonNull(quantity, "quantity");
    if (!(bound >= 0 && Double.isFinite(bound) && rankError >= 0 && Double.isFinite(rankError))) {
      throw new IllegalArgumentException("bounds must be finite and non-negative");
    }
  }
}
