package dev.mlops.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model that turns an input into an output: the abstraction any model can implement, and what a
 * registry's {@code load} returns.
 *
 * <p>Implementations must be thread-safe: one predictor serves concurrent requests. {@link #close()}
 * releases native resources, if any; a closed predictor must not be used again.
 *
 * <pre>{@code
 * try (TabularPredictor p = registry.load("fraud@champion")) {
 *   Prediction out = p.predict(Map.of("amount", 120.0, "age", 31));
 * }
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public interface Predictor<I, O> extends AutoCloseable {

  /**
   * Predicts one input.
   *
   * @param input the input
   * @return the prediction
   * @throws dev.mlops.core.InvalidInputException if the input does not match the model's signature
   */
  O predict(I input);

  /**
   * Predicts many inputs. The default calls {@link #predict(Object)} for each; implementations
   * override it when the model batches more efficiently.
   *
   * @param inputs the inputs
   * @return the predictions, in input order
   * @throws dev.mlops.core.InvalidInputException if an input does not match the model's signature
   */
  default List<O> predictAll(List<? extends I> inputs) {
    List<O> out = new ArrayList<>(inputs.size());
    for (I in : inputs) {
      out.add(predict(in));
    }
    return out;
  }

  /**
   * Returns what the model accepts and returns.
   *
   * @return the signature
   */
  ModelSignature signature();

  /** Releases resources held by the predictor; the default does nothing. */
  @Override
  default void close() {}
}
