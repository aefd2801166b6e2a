package dev.mlops.core.model;

import java.util.Objects;

/**
 * What a model accepts and returns, recorded at registration: the input {@link Schema} and the
 * {@link OutputSpec}. Predictors loaded from a registry check every input against it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param inputs the input features, in order
 * @param output what the model predicts
 */
public record ModelSignature(Schema inputs, OutputSpec output) {
  /**
   * Validates the components.
   *
   * @param inputs the inputs
   * @param output the output
   */
  public ModelSignature {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(output, "output");
  }
}
