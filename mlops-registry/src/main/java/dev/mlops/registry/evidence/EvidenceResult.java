package dev.mlops.registry.evidence;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One checked result of a test suite: a metric's value, its confidence interval, the threshold it was
 * held to, the slice of data it was computed on, and whether it passed.
 *
 * <pre>{@code
 * EvidenceResult r = EvidenceResult.of("accuracy above 0.9", "accuracy", 0.94, true)
 *     .withInterval(0.91, 0.96).withThreshold(0.9).withSlice("country=FR").withMessage("lower bound 0.91 >= 0.9");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name what was checked, e.g. the test or assertion name
 * @param metric the metric's name, e.g. {@code accuracy}
 * @param value the metric's value (finite)
 * @param lower the lower bound of its confidence interval, if one was computed (finite)
 * @param upper the upper bound of its confidence interval, if one was computed (finite)
 * @param threshold the threshold it was compared with, if any (finite)
 * @param slice the slice of the data it was computed on, e.g. {@code country=FR}; empty for all rows
 * @param passed whether the check passed
 * @param message a human-readable explanation; empty when none
 */
public record EvidenceResult(
    String name,
    String metric,
    double value,
    OptionalDouble lower,
    OptionalDouble upper,
    OptionalDouble threshold,
    Optional<String> slice,
    boolean passed,
    String message) {

  /** The longest name, metric or slice accepted. */
  public static final int MAX_NAME = 512;

  /**
   * Validates the components.
   *
   * @param name the check's name
   * @param metric the metric
   * @param value the value
   * @param lower the interval's lower bound
   * @param upper the interval's upper bound
   * @param threshold the threshold
   * @param slice the slice
   * @param passed whether it passed
   * @param message the message
   * @throws InvalidInputException if a text is empty, too long or holds control characters, a number is
   *     NaN or infinite, only one interval bound is given, or the lower bound is above the upper
   */
  public EvidenceResult {
    Names.requireText("result name", name, MAX_NAME);
    Names.requireText("metric", metric, MAX_NAME);
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(message, "message");
    slice.ifPresent(s -> Names.requireText("slice", s, MAX_NAME));
    Names.requireDescription(message);
    requireFinite(name, "value", value);
    lower.ifPresent(v -> requireFinite(name, "lower bound", v));
    upper.ifPresent(v -> requireFinite(name, "upper bound", v));
    threshold.ifPresent(v -> requireFinite(name, "threshold", v));
    if (lower.isPresent() != upper.isPresent()) {
      throw new InvalidInputException("interval", "Result '" + name + "' has only one interval bound; give both or neither.");
    }
    if (lower.isPresent() && lower.getAsDouble() > upper.getAsDouble()) {
      throw new InvalidInputException("interval", "Result '" + name + "' has its lower bound " + lower.getAsDouble()
          + " above its upper bound " + upper.getAsDouble() + ".");
    }
  }

  /**
   * A result without interval, threshold, slice or message.
   *
   * @param name what was checked
   * @param metric the metric
   * @param value its value
   * @param passed whether it passed
   * @return the result
   * @throws InvalidInputException if a component is invalid
   */
  public static EvidenceResult of(String name, String metric, double value, boolean passed) {
    return new EvidenceResult(name, metric, value, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        Optional.empty(), passed, "");
  }

  /**
   * Returns a copy with a confidence interval.
   *
   * @param lowerBound the lower bound
   * @param upperBound the upper bound
   * @return the copy
   * @throws InvalidInputException if a bound is not finite or the bounds are reversed
   */
  public EvidenceResult withInterval(double lowerBound, double upperBound) {
    return new EvidenceResult(name, metric, value, OptionalDouble.of(lowerBound), OptionalDouble.of(upperBound), threshold,
        slice, passed, message);
  }

  /**
   * Returns a copy with a threshold.
   *
   * @param limit the threshold
   * @return the copy
   * @throws InvalidInputException if the threshold is not finite
   */
  public EvidenceResult withThreshold(double limit) {
    return new EvidenceResult(name, metric, value, lower, upper, OptionalDouble.of(limit), slice, passed, message);
  }

  /**
   * Returns a copy computed on a slice.
   *
   * @param sliceName the slice, e.g. {@code country=FR}
   * @return the copy
   * @throws InvalidInputException if the slice name is invalid
   */
  public EvidenceResult withSlice(String sliceName) {
    return new EvidenceResult(name, metric, value, lower, upper, threshold, Optional.of(sliceName), passed, message);
  }

  /**
   * Returns a copy with a message.
   *
   * @param text the message
   * @return the copy
   * @throws InvalidInputException if the message is too long or holds control characters
   */
  public EvidenceResult withMessage(String text) {
    return new EvidenceResult(name, metric, value, lower, upper, threshold, slice, passed, text);
  }

  private static void requireFinite(String name, String what, double v) {
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(what, "Result '" + name + "' has a " + what + " of " + v
          + "; evidence records finite numbers only. Record a failed result with a message instead.");
    }
  }
}
