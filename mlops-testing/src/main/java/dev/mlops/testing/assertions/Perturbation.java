package dev.mlops.testing.assertions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change to one input row, for behavioural tests in the CheckList style: an invariance test applies
 * it and expects the same prediction; a directional test expects the score to move one way.
 *
 * <pre>{@code
 * Perturbation noisyTexture = Perturbation.add("mean_texture", 0.5);
 * Perturbation custom = row -> { var m = new LinkedHashMap<>(row); m.put("age", row.get("age") + 1); return m; };
 * }</pre>
 *
 * <p>Implementations must be stateless or thread-safe; the helpers here are immutable.
 */
@FunctionalInterface
public interface Perturbation {
  /**
   * Returns the changed row. The input is unmodifiable; return a new map holding every feature.
   *
   * @param row feature name to value, one entry per feature of the model's schema
   * @return the perturbed row
   */
  Map<String, Double> apply(Map<String, Double> row);

  /**
   * Sets a feature to a value.
   *
   * @param feature the feature
   * @param value the new value
   * @return the perturbation
   */
  static Perturbation set(String feature, double value) {
    Objects.requireNonNull(feature, "feature");
    return row -> with(row, feature, value);
  }

  /**
   * Adds a constant to a feature.
   *
   * @param feature the feature
   * @param delta what to add
   * @return the perturbation
   */
  static Perturbation add(String feature, double delta) {
    Objects.requireNonNull(feature, "feature");
    return row -> with(row, feature, require(row, feature) + delta);
  }

  /**
   * Multiplies a feature by a factor.
   *
   * @param feature the feature
   * @param factor the factor
   * @return the perturbation
   */
  static Perturbation scale(String feature, double factor) {
    Objects.requireNonNull(feature, "feature");
    return row -> with(row, feature, require(row, feature) * factor);
  }

  /**
   * Applies this perturbation, then another.
   *
   * @param next the one applied second
   * @return the combined perturbation
   */
  default Perturbation andThen(Perturbation next) {
    Objects.requireNonNull(next, "next");
    return row -> next.apply(Map.copyOf(apply(row)));
  }

  private static double require(Map<String, Double> row, String feature) {
    Double v = row.get(feature);
    if (v == null) {
      throw new IllegalArgumentException("The perturbation names feature '" + feature
          + "', which the model's schema does not have; features are " + row.keySet() + ".");
    }
    return v;
  }

  private static Map<String, Double> with(Map<String, Double> row, String feature, double value) {
    require(row, feature);
    Map<String, Double> out = new LinkedHashMap<>(row);
    out.put(feature, value);
    return out;
  }
}
