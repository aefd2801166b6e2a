package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import java.util.Objects;

/**
 * Which number of a {@link Prediction} an explanation explains: the value of a regression (one of its
 * dimensions), or the score of one class of a classification.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind value or class score
 * @param name the regression dimension or class label; empty for the only value of a single-output
 *     regression
 */
public record ExplainedOutput(Kind kind, String name) {

  /** What kind of number is explained. Enum constants are immutable and thread-safe. */
  public enum Kind {
    /** A regression value. */
    VALUE,
    /** A class score (a probability when the model gives probabilities). */
    SCORE
  }

  /**
   * Validates the components.
   *
   * @param kind the kind
   * @param name the dimension or label
   */
  public ExplainedOutput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (kind == Kind.SCORE && name.isEmpty()) {
      throw new IllegalArgumentException("a class score needs the class label");
    }
  }

  /**
   * The only value of a single-output regression.
   *
   * @return the output
   */
  public static ExplainedOutput value() {
    return new ExplainedOutput(Kind.VALUE, "");
  }

  /**
   * One dimension of a regression.
   *
   * @param dimension the dimension name
   * @return the output
   */
  public static ExplainedOutput value(String dimension) {
    return new ExplainedOutput(Kind.VALUE, dimension);
  }

  /**
   * The score of one class.
   *
   * @param label the class label
   * @return the output
   */
  public static ExplainedOutput score(String label) {
    return new ExplainedOutput(Kind.SCORE, label);
  }

  /**
   * Reads the explained number from a prediction.
   *
   * @param p the prediction
   * @return the number
   * @throws InvalidInputException if the prediction is of the other kind, or has no such dimension
   */
  public double of(Prediction p) {
    if (p instanceof Prediction.Regression r) {
      if (kind != Kind.VALUE) {
        throw new InvalidInputException("output", "The model is a regression; explain ExplainedOutput.value(), not a class score.");
      }
      if (name.isEmpty()) {
        if (r.values().size() != 1) {
          throw new InvalidInputException("output", "The model predicts " + r.values().size()
              + " dimensions; name one with ExplainedOutput.value(dimension).");
        }
        return r.values().values().iterator().next();
      }
      Double v = r.values().get(name);
      if (v == null) {
        throw new InvalidInputException("output", "The model predicts no dimension '" + name + "'; use one of " + r.values().keySet() + ".");
      }
      return v;
    }
    Prediction.Classification c = (Prediction.Classification) p;
    if (kind != Kind.SCORE) {
      throw new InvalidInputException("output", "The model is a classifier; explain ExplainedOutput.score(label).");
    }
    Double s = c.scores().get(name);
    if (s == null) {
      if (c.scores().isEmpty()) {
        throw new InvalidInputException("output", "The model gives no class scores, so there is no number to explain.");
      }
      return 0.0;
    }
    return s;
  }

  /**
   * Returns the text form used in JSON and charts.
   *
   * @return {@code value}, {@code value:<dimension>} or {@code score:<label>}
   */
  public String id() {
    if (kind == Kind.VALUE) {
      return name.isEmpty() ? "value" : "value:" + name;
    }
    return "score:" + name;
  }

  /**
   * Parses {@link #id()}.
   *
   * @param id the text
   * @return the output
   * @throws InvalidInputException if the text is not an output id
   */
  public static ExplainedOutput parse(String id) {
    Objects.requireNonNull(id, "id");
    if (id.equals("value")) {
      return value();
    }
    if (id.startsWith("value:")) {
      return value(id.substring(6));
    }
    if (id.startsWith("score:") && id.length() > 6) {
      return score(id.substring(6));
    }
    throw new InvalidInputException("output", "Unknown output '" + id + "': expected value, value:<dimension> or score:<label>.");
  }
}
