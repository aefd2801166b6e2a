package dev.mlops.core.explain;

import java.util.Locale;
import java.util.Objects;

/**
 * How far an explanation can be trusted, in the method's own terms.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind what the figure measures
 * @param value the figure
 */
public record Accuracy(Kind kind, double value) {

  /** What an accuracy figure measures. Enum constants are immutable and thread-safe. */
  public enum Kind {
    /** {@code |base + Σφ − f(x)|}: zero up to rounding for exact methods. */
    ADDITIVITY_ERROR,
    /** The largest standard error of the contributions (sampled methods). */
    MAX_STANDARD_ERROR,
    /** The R² of a surrogate model on its own perturbed samples (LIME). */
    SURROGATE_R2;

    /**
     * Returns the lowercase name used in JSON.
     *
     * @return e.g. {@code additivity_error}
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #id()}.
     *
     * @param id the lowercase name
     * @return the kind
     * @throws dev.mlops.core.InvalidInputException if unknown
     */
    public static Kind fromId(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw new dev.mlops.core.InvalidInputException("accuracy", "Unknown accuracy kind '" + id + "'.");
    }
  }

  /**
   * Validates the components.
   *
   * @param kind the kind
   * @param value the figure, not NaN
   */
  public Accuracy {
    Objects.requireNonNull(kind, "kind");
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("an accuracy figure is never NaN");
    }
  }
}
