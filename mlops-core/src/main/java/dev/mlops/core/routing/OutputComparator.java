package dev.mlops.core.routing;

import dev.mlops.core.model.Prediction;
import java.util.Objects;

/**
 * How a shadow's output is compared with the primary's: whether the two agree, and the category an
 * output is counted under in the output distributions of {@link ShadowReport}.
 *
 * <p>Implementations must be thread-safe; they run on the shadow executor's threads.
 *
 * @param <O> the output type
 */
public interface OutputComparator<O> {

  /**
   * Tells whether a shadow's output agrees with the primary's.
   *
   * @param primary the primary's output
   * @param shadow the shadow's output
   * @return whether they agree
   */
  boolean agree(O primary, O shadow);

  /**
   * Returns the category an output is counted under (a label, a score bin).
   *
   * @param output the output
   * @return a short category name
   */
  String category(O output);

  /**
   * Agreement by {@link Objects#equals}, categories by {@link String#valueOf(Object)}.
   *
   * @param <O> the output type
   * @return the comparator
   */
  static <O> OutputComparator<O> equality() {
    return new OutputComparator<>() {
      @Override
      public boolean agree(O primary, O shadow) {
        return Objects.equals(primary, shadow);
      }

      @Override
      public String category(O output) {
        return String.valueOf(output);
      }
    };
  }

  /**
   * For {@link Prediction}s: classifications agree when their labels are equal and are counted by
   * label; regressions agree when every value is within {@code tolerance} (absolute) and are counted
   * in bins of width {@code tolerance * 100} of their first value.
   *
   * @param tolerance the absolute tolerance of regression values, positive
   * @return the comparator
   * @throws IllegalArgumentException if the tolerance is not positive and finite
   */
  static OutputComparator<Prediction> predictions(double tolerance) {
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance is positive and finite");
    }
    return new OutputComparator<>() {
      @Override
      public boolean agree(Prediction primary, Prediction shadow) {
        if (primary instanceof Prediction.Classification a && shadow instanceof Prediction.Classification b) {
          return a.label().equals(b.label());
        }
        if (primary instanceof Prediction.Regression a && shadow instanceof Prediction.Regression b) {
          if (!a.values().keySet().equals(b.values().keySet())) {
            return false;
          }
          for (var e : a.values().entrySet()) {
            if (!(Math.abs(e.getValue() - b.values().get(e.getKey())) <= tolerance)) {
              return false;
            }
          }
          return true;
        }
        return false;
      }

      @Override
      public String category(Prediction output) {
        if (output instanceof Prediction.Classification c) {
          return c.label();
        }
        double v = ((Prediction.Regression) output).values().values().iterator().next();
        double width = tolerance * 100;
        return "[" + Math.floor(v / width) * width + ")";
      }
    };
  }
}
