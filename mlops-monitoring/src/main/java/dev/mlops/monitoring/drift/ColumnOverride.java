package dev.mlops.monitoring.drift;

import dev.mlops.monitoring.frame.ColumnType;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-column settings that replace the engine's automatic choices; absent parts keep the default.
 *
 * <pre>{@code
 * ColumnOverride.builder().method(DriftMethod.KOLMOGOROV_SMIRNOV).threshold(0.01).build();
 * ColumnOverride.builder().treatAs(ColumnType.CATEGORICAL).build();   // numeric codes as categories
 * ColumnOverride.builder().method(DriftMethod.POPULATION_STABILITY_INDEX).bins(10).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param method the method to use instead of the default
 * @param threshold the threshold to use instead of the method's default (p-value or distance)
 * @param bins the bin count for binned methods on numeric data instead of Evidently's rule
 * @param treatAs the type to analyse the column as; a numeric column may be analysed as
 *     categorical (each distinct value a category), a categorical one never as numeric
 */
public record ColumnOverride(Optional<DriftMethod> method, OptionalDouble threshold, OptionalInt bins,
    Optional<ColumnType> treatAs) {

  /**
   * Validates the override.
   *
   * @param method the method to use instead of the default
   * @param threshold the threshold to use instead of the method's default (p-value or distance)
   * @param bins the bin count for binned methods on numeric data instead of Evidently's rule
   * @param treatAs the type to analyse the column as; a numeric column may be analysed as
   *     categorical (each distinct value a category), a categorical one never as numeric
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the threshold is not finite or negative, or bins below 1
   */
  public ColumnOverride {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(bins, "bins");
    Objects.requireNonNull(treatAs, "treatAs");
    if (threshold.isPresent() && !(threshold.getAsDouble() >= 0 && Double.isFinite(threshold.getAsDouble()))) {
      throw new IllegalArgumentException("a threshold must be a finite non-negative number");
    }
    if (bins.isPresent() && bins.getAsInt() < 1) {
      throw new IllegalArgumentException("bins must be at least 1");
    }
  }

  /**
   * Starts a builder with nothing overridden.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ColumnOverride}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private DriftMethod method;
    private Double threshold;
    private Integer bins;
    private ColumnType treatAs;

    private Builder() {}

    /**
     * Sets the method.
     *
     * @param m the method
     * @return this builder
     * @throws NullPointerException if m is null
     * @throws IllegalStateException if already set
     */
    public Builder method(DriftMethod m) {
      if (method != null) {
        throw new IllegalStateException("method was already set to " + method);
      }
      method = Objects.requireNonNull(m, "method");
      return this;
    }

    /**
     * Sets the threshold.
     *
     * @param t a finite non-negative threshold
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder threshold(double t) {
      if (threshold != null) {
        throw new IllegalStateException("threshold was already set to " + threshold);
      }
      threshold = t;
      return this;
    }

    /**
     * Sets the bin count of binned methods.
     *
     * @param b at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder bins(int b) {
      if (bins != null) {
        throw new IllegalStateException("bins was already set to " + bins);
      }
      bins = b;
      return this;
    }

    /**
     * Sets the type the column is analysed as.
     *
     * @param type the type
     * @return this builder
     * @throws NullPointerException if type is null
     * @throws IllegalStateException if already set
     */
    public Builder treatAs(ColumnType type) {
      if (treatAs != null) {
        throw new IllegalStateException("treatAs was already set to " + treatAs);
      }
      treatAs = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Builds the override.
     *
     * @return the override
     * @throws IllegalArgumentException if a value is invalid
     */
    public ColumnOverride build() {
      return new ColumnOverride(Optional.ofNullable(method),
          threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold),
          bins == null ? OptionalInt.empty() : OptionalInt.of(bins), Optional.ofNullable(treatAs));
    }
  }
}
