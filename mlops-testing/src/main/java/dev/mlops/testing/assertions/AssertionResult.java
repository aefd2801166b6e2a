package dev.mlops.testing.assertions;

import dev.mlops.core.Names;
import dev.mlops.registry.evidence.EvidenceResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The record of one model assertion, passed or failed: what was checked, the value, its confidence
 * interval, the threshold, the slice, and the outcome. Every assertion of {@link ModelAssertions}
 * produces one and hands it to {@link AssertionRecorder} before it passes or throws; the
 * {@link dev.mlops.testing.ModelTest} extension writes them as the suite's results, in the registry's
 * evidence format ({@link #toEvidenceResult()}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name what was asserted, in words (e.g. {@code "accuracy lower bound >= 0.9"})
 * @param metric the metric or check (e.g. {@code "accuracy"}, {@code "invariance"}, {@code "drift"})
 * @param value the measured value, if the check measures one
 * @param lower the lower confidence bound, if any
 * @param upper the upper confidence bound, if any
 * @param confidenceLevel the interval's confidence level (e.g. 0.95), if there is an interval
 * @param threshold the threshold compared with, if any
 * @param slice the slice the value was measured on; empty for all rows
 * @param passed whether the assertion passed
 * @param message the full message (the failure message when it failed)
 * @param failingRows a few rows that fail, described (never more than {@link #MAX_ROWS})
 */
public record AssertionResult(
    String name,
    String metric,
    OptionalDouble value,
    OptionalDouble lower,
    OptionalDouble upper,
    OptionalDouble confidenceLevel,
    OptionalDouble threshold,
    Optional<String> slice,
    boolean passed,
    String message,
    List<String> failingRows) {

  /** How many failing rows a result shows at most. */
  public static final int MAX_ROWS = 5;

  /**
   * Validates and copies.
   *
   * @param name what was asserted
   * @param metric the metric
   * @param value the value
   * @param lower the lower bound
   * @param upper the upper bound
   * @param confidenceLevel the confidence level
   * @param threshold the threshold
   * @param slice the slice
   * @param passed the outcome
   * @param message the message
   * @param failingRows the failing rows
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a number is NaN
   */
  public AssertionResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(message, "message");
    for (OptionalDouble d : List.of(value, lower, upper, confidenceLevel, threshold)) {
      if (d.isPresent() && Double.isNaN(d.getAsDouble())) {
        throw new IllegalArgumentException("assertion '" + name + "': a NaN reached the result");
      }
    }
    failingRows = List.copyOf(failingRows.subList(0, Math.min(MAX_ROWS, failingRows.size())));
  }

  /**
   * Maps this result to the registry's evidence format: name, metric, value, interval, threshold,
   * slice, outcome and message carry over; the confidence level and the failing rows are in the message.
   * A result without a value (a check that could not be computed, and so failed) gets the value 0.
   *
   * @return the evidence result
   */
  public EvidenceResult toEvidenceResult() {
    String text = message.length() > Names.MAX_DESCRIPTION ? message.substring(0, Names.MAX_DESCRIPTION - 3) + "..." : message;
    return new EvidenceResult(name, metric, value.orElse(0), lower.isPresent() && upper.isPresent() ? lower : OptionalDouble.empty(),
        lower.isPresent() && upper.isPresent() ? upper : OptionalDouble.empty(), threshold, slice, passed, text);
  }
}
