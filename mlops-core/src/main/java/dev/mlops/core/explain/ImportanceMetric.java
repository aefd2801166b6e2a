package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import java.util.List;
import java.util.Objects;

/**
 * A metric scored on predictions against their targets, for permutation importance. Built-ins:
 * {@link #accuracy()}, {@link #meanSquaredError()}, {@link #logLoss()}; any other through
 * {@link #of(String, boolean, Scorer)}.
 *
 * <p>Implementations must be stateless and thread-safe.
 */
public interface ImportanceMetric {

  /**
   * Returns the metric's name, as shown in reports.
   *
   * @return the name
   */
  String name();

  /**
   * Returns whether a higher score is better (accuracy) or worse (an error).
   *
   * @return true when higher is better
   */
  boolean higherIsBetter();

  /**
   * Scores predictions against targets.
   *
   * @param predictions the predictions
   * @param targets the true targets, one per prediction (labels as strings, values as numbers)
   * @return the score, finite
   * @throws InvalidInputException if a target is of the wrong type
   */
  double score(List<Prediction> predictions, List<?> targets);

  /** The scoring function of {@link #of(String, boolean, Scorer)}; implementations must be thread-safe. */
  @FunctionalInterface
  interface Scorer {
    /**
     * Scores predictions against targets.
     *
     * @param predictions the predictions
     * @param targets the targets
     * @return the score
     */
    double score(List<Prediction> predictions, List<?> targets);
  }

  /**
   * A metric from a function.
   *
   * @param name the name
   * @param higherIsBetter whether higher is better
   * @param scorer the function
   * @return the metric
   */
  static ImportanceMetric of(String name, boolean higherIsBetter, Scorer scorer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scorer, "scorer");
    return new ImportanceMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean higherIsBetter() {
        return higherIsBetter;
      }

      @Override
      public double score(List<Prediction> predictions, List<?> targets) {
        return scorer.score(predictions, targets);
      }
    };
  }

  /**
   * Classification accuracy: the share of predicted labels equal to the target label.
   *
   * @return the metric
   */
  static ImportanceMetric accuracy() {
    return of("accuracy", true, (predictions, targets) -> {
      int hit = 0;
      for (int i = 0; i < predictions.size(); i++) {
        if (((Prediction.Classification) predictions.get(i)).label().equals(label(targets.get(i)))) {
          hit++;
        }
      }
      return hit / (double) predictions.size();
    });
  }

  /**
   * Mean log loss of the score given to the target label (scores clipped to [1e-15, 1]).
   *
   * @return the metric
   */
  static ImportanceMetric logLoss() {
    return of("log_loss", false, (predictions, targets) -> {
      double s = 0;
      for (int i = 0; i < predictions.size(); i++) {
        double p = ((Prediction.Classification) predictions.get(i)).score(label(targets.get(i)));
        s -= Math.log(Math.max(1e-15, Math.min(1, p)));
      }
      return s / predictions.size();
    });
  }

  /**
   * Mean squared error of a single-output regression.
   *
   * @return the metric
   */
  static ImportanceMetric meanSquaredError() {
    return of("mean_squared_error", false, (predictions, targets) -> {
      double s = 0;
      for (int i = 0; i < predictions.size(); i++) {
        Object t = targets.get(i);
        if (!(t instanceof Number n)) {
          throw new InvalidInputException("targets", "Mean squared error needs numeric targets.");
        }
        double d = ((Prediction.Regression) predictions.get(i)).value() - n.doubleValue();
        s += d * d;
      }
      return s / predictions.size();
    });
  }

  private static String label(Object target) {
    if (!(target instanceof CharSequence s)) {
      throw new InvalidInputException("targets", "Classification metrics need the target labels as strings.");
    }
    return s.toString();
  }
}
