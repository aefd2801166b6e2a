package dev.mlops.testing.assertions;

import java.util.Map;
import java.util.Objects;

/**
 * One minimum functionality case (CheckList's MFT): an input the model must get right, with the label
 * expected or, for a regression, the range the value must fall in.
 *
 * <pre>{@code
 * FunctionalityCase.label("tiny smooth cell", Map.of("mean_radius", 7.0, ...), "benign");
 * FunctionalityCase.between("young and healthy", Map.of("age", 25.0, ...), 0, 100);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name what the case checks, in words
 * @param features the input, every feature of the model's schema
 * @param expectedLabel the label expected (classification), or null
 * @param min the lowest value accepted (regression)
 * @param max the highest value accepted (regression)
 */
public record FunctionalityCase(String name, Map<String, ?> features, String expectedLabel, double min, double max) {
  /**
   * Validates and copies.
   *
   * @param name the name
   * @param features the input
   * @param expectedLabel the label, or null for a regression case
   * @param min the lowest value
   * @param max the highest value
   * @throws NullPointerException if the name or the input is null
   * @throws IllegalArgumentException if a regression case's range is empty or not a number
   */
  public FunctionalityCase {
    Objects.requireNonNull(name, "name");
    features = Map.copyOf(features);
    if (expectedLabel == null && !(min <= max)) {
      throw new IllegalArgumentException("case '" + name + "': the range [" + min + ", " + max + "] is empty");
    }
  }

  /**
   * A classification case.
   *
   * @param name what it checks
   * @param features the input
   * @param expectedLabel the label the model must predict
   * @return the case
   */
  public static FunctionalityCase label(String name, Map<String, ?> features, String expectedLabel) {
    return new FunctionalityCase(name, features, Objects.requireNonNull(expectedLabel, "expectedLabel"), Double.NaN, Double.NaN);
  }

  /**
   * A regression case.
   *
   * @param name what it checks
   * @param features the input
   * @param min the lowest value accepted
   * @param max the highest value accepted
   * @return the case
   */
  public static FunctionalityCase between(String name, Map<String, ?> features, double min, double max) {
    return new FunctionalityCase(name, features, null, min, max);
  }
}
