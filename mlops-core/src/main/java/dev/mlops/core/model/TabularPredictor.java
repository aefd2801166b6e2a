package dev.mlops.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A predictor over tabular inputs: named features in, a {@link Prediction} out, with a {@code double[]}
 * row view in {@link Schema} order for drift statistics, explanations and batch scoring.
 *
 * <p>Inputs are checked against the signature: {@link #predict(Object)} rejects a missing feature, an
 * unknown one, a value of the wrong type or a value that is not finite, naming the feature.
 * Implementations must be thread-safe.
 */
public interface TabularPredictor extends Predictor<Map<String, ?>, Prediction> {

  /**
   * Returns the input features in row order; the same as {@code signature().inputs()}.
   *
   * @return the schema
   */
  default Schema schema() {
    return signature().inputs();
  }

  /**
   * Predicts a named input after checking it against the schema.
   *
   * @param input feature name to value
   * @return the prediction
   * @throws dev.mlops.core.InvalidInputException if the input does not match the schema
   */
  @Override
  default Prediction predict(Map<String, ?> input) {
    return predictRow(schema().toRow(input));
  }

  /**
   * Predicts a row given in schema order.
   *
   * @param row one value per feature, in schema order
   * @return the prediction
   * @throws dev.mlops.core.InvalidInputException if the row's length differs from the schema or a
   *     value is not finite
   */
  Prediction predictRow(double[] row);

  /**
   * Predicts many rows given in schema order. The default calls {@link #predictRow(double[])} for
   * each.
   *
   * @param rows the rows
   * @return the predictions, in row order
   * @throws dev.mlops.core.InvalidInputException if a row does not match the schema
   */
  default List<Prediction> predictRows(List<double[]> rows) {
    List<Prediction> out = new ArrayList<>(rows.size());
    for (double[] row : rows) {
      out.add(predictRow(row));
    }
    return out;
  }

  /**
   * Predicts many rows given in schema order into one columnar {@link BatchPrediction}: predicted label
   * positions and one primitive score (or value) matrix, with no per-row object unless asked for. Rows are
   * checked like {@link #predictRows(List)}'s. The default builds it from {@link #predictRows(List)} with
   * {@link BatchPrediction#of(OutputSpec, List)}; predictors that compute in batches (ONNX) override it to
   * wrap their output arrays. Rows are given as a list of {@code double[]} like {@code predictRows}: a
   * predictor copies them once into the buffer its engine reads (ONNX Runtime needs native memory in the
   * graph's type, so that copy happens whatever the row layout).
   *
   * @param rows the rows, each in schema order
   * @return the batch, one row per input row, in order
   * @throws dev.mlops.core.InvalidInputException if a row does not match the schema (length, or a value
   *     that is not finite)
   * @throws IllegalArgumentException if the signature's output is neither a classification nor a
   *     regression
   */
  default BatchPrediction predictBatch(List<double[]> rows) {
    return BatchPrediction.of(signature().output(), predictRows(rows));
  }
}
