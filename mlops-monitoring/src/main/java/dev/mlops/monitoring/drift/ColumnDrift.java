package dev.mlops.monitoring.drift;

import dev.mlops.monitoring.frame.ColumnType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The drift result of one column. Immutable and thread-safe.
 *
 * <p>For a {@link ColumnStatus#TESTED} column, {@code method}, {@code statistic}, {@code
 * threshold} and {@code score} are present; {@code pValue} and {@code adjustedPValue} are present
 * for tests. {@code score} is what was compared with the threshold: the adjusted p-value of a test,
 * the distance of a distance. No number is ever NaN.
 *
 * @param name the column name
 * @param type the type the column was analysed as (after any override)
 * @param status what could be done
 * @param method the test or distance, if one ran
 * @param methodDetail the method's variant in words (e.g. "chi-square goodness of fit, as Evidently")
 * @param reason why this method was chosen, or why none ran
 * @param statistic the statistic or distance
 * @param pValue the raw p-value of a test
 * @param adjustedPValue the p-value after the multiple-testing correction
 * @param threshold the threshold the score was compared with
 * @param score the compared value
 * @param drifted whether the column drifted (distribution only; see {@code missing} for missing values)
 * @param referenceCount non-missing reference values (the sample size)
 * @param currentCount non-missing current values
 * @param missing the missing-share check
 * @param approximation the error bound when the reference side was a sketch
 * @param newCategories categories seen only in the current data (numeric columns analysed as
 *     categories list their values too)
 * @param distribution the frequencies a report draws, if any
 */
public record ColumnDrift(
    String name,
    ColumnType type,
    ColumnStatus status,
    Optional<DriftMethod> method,
    String methodDetail,
    String reason,
    OptionalDouble statistic,
    OptionalDouble pValue,
    OptionalDouble adjustedPValue,
    OptionalDouble threshold,
    OptionalDouble score,
    boolean drifted,
    long referenceCount,
    long currentCount,
    MissingCheck missing,
    Optional<Approximation> approximation,
    List<String> newCategories,
    Optional<Distribution> distribution) {

  /**
   * Validates and copies.
   *
   * @param name the column name
   * @param type the type the column was analysed as (after any override)
   * @param status what could be done
   * @param method the test or distance, if one ran
   * @param methodDetail the method's variant in words (e.g. "chi-square goodness of fit, as Evidently")
   * @param reason why this method was chosen, or why none ran
   * @param statistic the statistic or distance
   * @param pValue the raw p-value of a test
   * @param adjustedPValue the p-value after the multiple-testing correction
   * @param threshold the threshold the score was compared with
   * @param score the compared value
   * @param drifted whether the column drifted (distribution only; see {@code missing} for missing values)
   * @param referenceCount non-missing reference values (the sample size)
   * @param currentCount non-missing current values
   * @param missing the missing-share check
   * @param approximation the error bound when the reference side was a sketch
   * @param newCategories categories seen only in the current data (numeric columns analysed as
   *     categories list their values too)
   * @param distribution the frequencies a report draws, if any
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a number is NaN or a count negative
   */
  public ColumnDrift {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(methodDetail, "methodDetail");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(missing, "missing");
    Objects.requireNonNull(approximation, "approximation");
    Objects.requireNonNull(distribution, "distribution");
    for (OptionalDouble d : List.of(statistic, pValue, adjustedPValue, threshold, score)) {
      if (d.isPresent() && Double.isNaN(d.getAsDouble())) {
        throw new IllegalArgumentException("column '" + name + "': a NaN reached the result");
      }
    }
    if (referenceCount < 0 || currentCount < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    newCategories = List.copyOf(newCategories);
  }

  ColumnDrift withAdjusted(double adjusted, boolean drift) {
    return new ColumnDrift(name, type, status, method, methodDetail, reason, statistic, pValue,
        OptionalDouble.of(adjusted), threshold, OptionalDouble.of(adjusted), drift, referenceCount, currentCount,
        missing, approximation, newCategories, distribution);
  }
}
