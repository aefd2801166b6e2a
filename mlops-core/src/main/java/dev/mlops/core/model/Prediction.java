package dev.mlops.core.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The output of a tabular predictor: a {@link Classification} or a {@link Regression}.
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface Prediction permits Prediction.Classification, Prediction.Regression {

  /**
   * Builds a classification from one row of dense scores, without boxing or hashing: the cheap way for
   * a predictor that reads a {@code [rows, labels]} score matrix. The prediction's {@link
   * Classification#scores()} is an unmodifiable map over the shared names and a copy of the row,
   * iterating in the names' order and equal (by {@link Map#equals}) to any map with the same mappings.
   * Like the record's constructor, it does not check the scores' values (NaN included); predictors check
   * them before.
   *
   * <p>Thread safety: the factory has no shared state; the names are immutable, and the row is copied
   * before this method returns, so the caller may reuse {@code scores} afterwards (but must not write to
   * it concurrently with this call).
   *
   * @param names the labels, in the scores' column order
   * @param scores a flat array holding the row
   * @param offset where the row starts in {@code scores}; the row is {@code names.size()} values long
   * @param predicted the position of the predicted label in {@code names}
   * @return the prediction
   * @throws NullPointerException if an argument is null
   * @throws IndexOutOfBoundsException if the row or the predicted position is outside its array
   */
  static Classification classification(ScoreNames names, double[] scores, int offset, int predicted) {
    Objects.requireNonNull(names, "names");
    Objects.checkIndex(predicted, names.size());
    Objects.checkFromIndexSize(offset, names.size(), scores.length);
    return new Classification(names.get(predicted),
        new DenseScores(names, Arrays.copyOfRange(scores, offset, offset + names.size()), 0));
  }

  /**
   * Builds the classifications of a batch from its dense score matrix, without boxing or hashing: the
   * cheapest way for a predictor that reads a {@code [rows, labels]} score tensor. Each prediction is the
   * one {@link #classification(ScoreNames, double[], int, int)} builds for its row; the matrix is copied
   * once for the whole batch and the predictions share that copy (a prediction kept alive keeps the
   * batch's copy alive: about {@code 8 × rows × labels} bytes).
   *
   * <p>Thread safety: the factory has no shared state; the matrix is copied before this method returns,
   * so the caller may reuse it afterwards (but must not write to it concurrently with this call).
   *
   * @param names the labels, in the matrix's column order; at least one
   * @param scores the score matrix, row-major: row {@code i} is at {@code i × names.size()}
   * @param predicted for each row, the position of its predicted label in {@code names}
   * @return one prediction per row, in order; unmodifiable
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code predicted.length} rows of
   *     {@code names.size()} scores, or there are no names
   * @throws IndexOutOfBoundsException if a predicted position is not a label's
   */
  static List<Classification> classifications(ScoreNames names, double[] scores, int[] predicted) {
    int width = requireMatrix(names, scores, predicted.length);
    double[] copy = scores.clone();
    Classification[] out = new Classification[predicted.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Classification(names.get(Objects.checkIndex(predicted[i], width)),
          new DenseScores(names, copy, i * width));
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  /**
   * Builds the regressions of a batch from its dense output matrix, without boxing or hashing (see {@link
   * #classifications(ScoreNames, double[], int[])}: the matrix is copied once and shared by the batch).
   *
   * <p>Thread safety: as for {@link #classifications(ScoreNames, double[], int[])}.
   *
   * @param names the output dimensions, in the matrix's column order; at least one
   * @param values the output matrix, row-major: row {@code i} is at {@code i × names.size()}
   * @param rows the number of rows
   * @return one prediction per row, in order; unmodifiable
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code rows} rows of {@code names.size()}
   *     values, or there are no names
   */
  static List<Regression> regressions(ScoreNames names, double[] values, int rows) {
    int width = requireMatrix(names, values, rows);
    double[] copy = values.clone();
    Regression[] out = new Regression[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = new Regression(new DenseScores(names, copy, i * width));
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  private static int requireMatrix(ScoreNames names, double[] matrix, int rows) {
    Objects.requireNonNull(names, "names");
    int width = names.size();
    if (width == 0 || rows < 0 || matrix.length != (long) rows * width) {
      throw new IllegalArgumentException("expected " + rows + " rows of " + width + " values " + names + ", got "
          + matrix.length + " values");
    }
    return width;
  }

  /**
   * Builds a regression from one row of dense outputs, without boxing or hashing (see {@link
   * #classification(ScoreNames, double[], int, int)}). Its {@link Regression#values()} iterate in the
   * names' order.
   *
   * <p>Thread safety: as for {@link #classification(ScoreNames, double[], int, int)}; the row is copied.
   *
   * @param names the output dimensions, in the values' column order; at least one
   * @param values a flat array holding the row
   * @param offset where the row starts in {@code values}; the row is {@code names.size()} values long
   * @return the prediction
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if there are no names
   * @throws IndexOutOfBoundsException if the row is outside the array
   */
  static Regression regression(ScoreNames names, double[] values, int offset) {
    Objects.requireNonNull(names, "names");
    Objects.checkFromIndexSize(offset, names.size(), values.length);
    return new Regression(new DenseScores(names, Arrays.copyOfRange(values, offset, offset + names.size()), 0));
  }

  /**
   * A predicted label with a score for every label the model knows.
   *
   * @param label the predicted label
   * @param scores label to score (probabilities when the model produces them); may be empty for
   *     models that produce no scores
   */
  record Classification(String label, Map<String, Double> scores) implements Prediction {
    /**
     * Copies the scores into an unmodifiable map (scores built by {@link
     * Prediction#classification(ScoreNames, double[], int, int)} are already immutable and are kept).
     *
     * @param label the label
     * @param scores the scores
     */
    public Classification {
      Objects.requireNonNull(label, "label");
      scores = scores instanceof DenseScores ? scores : Map.copyOf(scores);
    }

    /**
     * Returns the score of a label, or 0 when the model gave it none.
     *
     * @param name the label
     * @return its score
     */
    public double score(String name) {
      if (scores instanceof DenseScores d) {
        int i = d.names().indexOf(name);
        return i < 0 ? 0.0 : d.at(i);
      }
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
     * Copies the values into an unmodifiable map (values built by {@link
     * Prediction#regression(ScoreNames, double[], int)} are already immutable and are kept).
     *
     * @param values the values
     */
    public Regression {
      values = values instanceof DenseScores ? values : Map.copyOf(values);
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
