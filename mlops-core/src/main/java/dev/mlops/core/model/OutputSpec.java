package dev.mlops.core.model;

import dev.mlops.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * The output of a model signature: its kind and, for classification, the labels it can predict, or,
 * for regression, the names of the predicted dimensions.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind what the model predicts
 * @param names the label names (classification) or output dimension names (regression), sorted as
 *     the model reports them; may be empty when unknown
 */
public record OutputSpec(OutputKind kind, List<String> names) {
  /**
   * Copies the names.
   *
   * @param kind the kind
   * @param names the names
   */
  public OutputSpec {
    Objects.requireNonNull(kind, "kind");
    names = List.copyOf(names);
    names.forEach(n -> Names.requireText("output name", n, 256));
  }

  /**
   * A classification output over the given labels.
   *
   * @param labels the labels
   * @return the output spec
   */
  public static OutputSpec classification(List<String> labels) {
    return new OutputSpec(OutputKind.CLASSIFICATION, labels);
  }

  /**
   * A regression output with the given dimension names.
   *
   * @param dimensions the dimension names
   * @return the output spec
   */
  public static OutputSpec regression(List<String> dimensions) {
    return new OutputSpec(OutputKind.REGRESSION, dimensions);
  }
}
