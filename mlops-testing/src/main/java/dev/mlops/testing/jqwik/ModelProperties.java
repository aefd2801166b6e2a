package dev.mlops.testing.jqwik;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Reusable checks of model behaviour, called from a jqwik {@code @Property} with inputs from
 * {@link FeatureVectors}: monotonicity in a named feature, and invariance under a change of a feature
 * the model should ignore. A failed check throws an {@link AssertionError} naming the feature, both
 * values, both outputs and the input, so jqwik shrinks it and reports the smallest failing input.
 *
 * <pre>{@code
 * @Property
 * void countryDoesNotMatter(@ForAll("applications") Map<String, Object> x, @ForAll("countries") String other) {
 *   ModelProperties.assertInvariant(ModelProperties.label(predictor), x, "country", other);
 * }
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ModelProperties {

  /** The direction a monotone model's output moves when a feature grows. */
  public enum Direction {
    /** The output never decreases when the feature grows. */
    INCREASING,
    /** The output never increases when the feature grows. */
    DECREASING
  }

  private ModelProperties() {}

  /**
   * A model's score: the probability of a class for a classifier, the (first) value for a regressor.
   *
   * @param predictor the model
   * @param label the class whose score to read (ignored for a regressor)
   * @return the scoring function
   */
  public static ToDoubleFunction<Map<String, ?>> score(TabularPredictor predictor, String label) {
    Objects.requireNonNull(predictor, "predictor");
    Objects.requireNonNull(label, "label");
    return input -> {
      Prediction p = predictor.predict(input);
      return p instanceof Prediction.Classification c ? c.score(label) : ((Prediction.Regression) p).value();
    };
  }

  /**
   * A model's predicted label (classifier) or value (regressor), for invariance checks.
   *
   * @param predictor the model
   * @return the function
   */
  public static Function<Map<String, ?>, Object> label(TabularPredictor predictor) {
    Objects.requireNonNull(predictor, "predictor");
    return input -> {
      Prediction p = predictor.predict(input);
      return p instanceof Prediction.Classification c ? c.label() : ((Prediction.Regression) p).value();
    };
  }

  /**
   * Checks that a model's output moves in one direction when one feature grows: compares the input
   * with a copy whose feature is larger by {@code step}. A whole-number feature grows by
   * {@code step} rounded down.
   *
   * @param model the model's output as a number (see {@link #score})
   * @param input the input, e.g. from {@link FeatureVectors}
   * @param feature the numeric feature that grows
   * @param step how much it grows (zero or more)
   * @param direction the direction the output must move, or stay
   * @throws AssertionError if the output moved the other way
   * @throws IllegalArgumentException if the step is negative or not finite, or the feature is missing or
   *     not a number
   */
  public static void assertMonotone(ToDoubleFunction<Map<String, ?>> model, Map<String, ?> input, String feature,
      double step, Direction direction) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(direction, "direction");
    if (!(step >= 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("step must be finite and not negative, got " + step);
    }
    Object before = input.get(feature);
    if (!(before instanceof Number n)) {
      throw new IllegalArgumentException("feature '" + feature + "' is missing or not a number in " + input);
    }
    Object after = grown(n, step);
    Map<String, Object> moved = with(input, feature, after);
    double low = model.applyAsDouble(input);
    double high = model.applyAsDouble(moved);
    boolean ok = direction == Direction.INCREASING ? high >= low : high <= low;
    if (!ok || Double.isNaN(low) || Double.isNaN(high)) {
      throw new AssertionError("Model is not " + direction.name().toLowerCase(java.util.Locale.ROOT) + " in '" + feature
          + "': raising " + feature + " from " + before + " to " + after + " moved the output from " + low + " to " + high
          + " (input: " + input + ")");
    }
  }

  /**
   * Checks that a model's output does not change when one feature takes another value.
   *
   * @param model the model's output (see {@link #label}); compared with {@code equals}
   * @param input the input
   * @param feature the feature the model should ignore
   * @param otherValue the value to give it instead
   * @throws AssertionError if the output changed
   * @throws IllegalArgumentException if the input has no such feature
   */
  public static void assertInvariant(Function<Map<String, ?>, ?> model, Map<String, ?> input, String feature,
      Object otherValue) {
    Objects.requireNonNull(model, "model");
    if (!input.containsKey(feature)) {
      throw new IllegalArgumentException("feature '" + feature + "' is missing from " + input);
    }
    Object a = model.apply(input);
    Object b = model.apply(with(input, feature, otherValue));
    if (!Objects.equals(a, b)) {
      throw new AssertionError("Model is not invariant to '" + feature + "': changing " + feature + " from "
          + input.get(feature) + " to " + otherValue + " changed the output from " + a + " to " + b + " (input: " + input + ")");
    }
  }

  /**
   * Checks that a model's numeric output moves by at most a tolerance when one feature takes another
   * value.
   *
   * @param model the model's output as a number (see {@link #score})
   * @param input the input
   * @param feature the feature the model should ignore
   * @param otherValue the value to give it instead
   * @param tolerance the largest accepted change (zero or more)
   * @throws AssertionError if the output changed by more than the tolerance
   * @throws IllegalArgumentException if the tolerance is negative or the input has no such feature
   */
  public static void assertInvariant(ToDoubleFunction<Map<String, ?>> model, Map<String, ?> input, String feature,
      Object otherValue, double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
    }
    if (!input.containsKey(feature)) {
      throw new IllegalArgumentException("feature '" + feature + "' is missing from " + input);
    }
    double a = model.applyAsDouble(input);
    double b = model.applyAsDouble(with(input, feature, otherValue));
    if (!(Math.abs(a - b) <= tolerance)) {
      throw new AssertionError("Model is not invariant to '" + feature + "': changing " + feature + " from "
          + input.get(feature) + " to " + otherValue + " moved the output from " + a + " to " + b + ", by more than "
          + tolerance + " (input: " + input + ")");
    }
  }

  private static Object grown(Number n, double step) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      long v = n.longValue() + (long) Math.floor(step);
      return n instanceof Long ? (Object) v : (Object) Math.toIntExact(v);
    }
    return n.doubleValue() + step;
  }

  private static Map<String, Object> with(Map<String, ?> input, String feature, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(input);
    m.put(feature, value);
    return m;
  }
}
