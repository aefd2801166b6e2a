package dev.mlops.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * The output of a tabular predictor: a {@link Classification} or a {@link Regression}.
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface Prediction permits Prediction.Classification, Prediction.Regression {

  /**
   * A predicted label with a score for every label the model knows.
   *
   * @param label the predicted label
   * @param scores label to score (probabilities when the model produces them); may be empty for
   *     models that produce no scores
   */
  record Classification(String label, Map<String, Double> scores) implements Prediction {
    /**
     * Copies the scores.
     *
     * @param label the label
     * @param scores the scores
     */
    public Classification {
      Objects.requireNonNull(label, "label");
      scores = Map.copyOf(scores);
    }

    /**
     * Returns the score of a label, or 0 when the model gave it none.
     *
     * @param name the label
     * @return its score
     */
    public double score(String name) {
      return scores.getOrDefault(name, 0.0);
    }
  }

  /**
   * Predicted real values, one per output dimension.
   *
   * @param values dimension name to value
   */
  record Regression(Map<String, Double> values) implements Prediction {
    /**
     * Copies the values.
     *
     * @param values the values
     */
    public Regression {
      values = Map.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a regression prediction has at least one value");
      }
    }

    /**
     * Returns the value of a single-output regression.
     *
     * @return the only value
     * @throws IllegalStateException if the model predicts more than one dimension
     */
    public double value() {
      if (values.size() != 1) {
        throw new IllegalStateException(
            "this model predicts " + values.size() + " dimensions; use values().get(name)");
      }
      return values.values().iterator().next();
    }
  }
}
