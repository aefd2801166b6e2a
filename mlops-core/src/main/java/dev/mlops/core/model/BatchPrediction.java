package dev.mlops.core.model;

import dev.mlops.core.internal.BatchAccess;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The predictions of a batch in columns: one predicted label index per row and one primitive score (or
 * regression value) matrix, instead of one {@link Prediction} object per row. Made by {@link
 * TabularPredictor#predictBatch(List)}; read it with {@link #labelIndex(int)}, {@link #label(int)},
 * {@link #score(int, int)} and {@link #value(int, int)}, or take the per-row objects with {@link
 * #prediction(int)} / {@link #asList()}, built lazily when asked for.
 *
 * <p>Storage: the matrix is row-major ({@code rows × names().size()}), held as {@code float[]} when the
 * model computed in float (ONNX Runtime's usual output, kept without widening) and as {@code double[]}
 * otherwise; the accessors return {@code double} either way (a float widened exactly).
 *
 * <pre>{@code
 * BatchPrediction batch = predictor.predictBatch(rows);
 * for (int i = 0; i < batch.size(); i++) {
 *   String label = batch.label(i);
 *   double pYes = batch.score(i, batch.names().indexOf("yes"));
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe: the factories copy the arrays they are given. (Predictors
 * of this library that allocate a fresh matrix per batch hand it over without a copy, through a bridge
 * that is not API and never shares the array.)
 */
public final class BatchPrediction {
  static {
    BatchAccess.install(new BatchAccess.Adopter() {
      @Override
      public BatchPrediction classifications(ScoreNames names, float[] scores, int[] predicted) {
        requireMatrix(names, scores.length, predicted.length);
        for (int p : predicted) {
          Objects.checkIndex(p, names.size());
        }
        return new BatchPrediction(OutputKind.CLASSIFICATION, names, predicted.length, predicted, scores, null, null);
      }

      @Override
      public BatchPrediction regressions(ScoreNames names, float[] values, int rows) {
        requireMatrix(names, values.length, rows);
        return new BatchPrediction(OutputKind.REGRESSION, names, rows, null, values, null, null);
      }
    });
  }

  private final OutputKind kind;
  private final ScoreNames names;
  private final int rows;
  private final int width;
  /** Predicted label positions, or null for a regression. */
  private final int[] labels;
  /** Exactly one of these is non-null. */
  private final float[] floats;
  private final double[] doubles;
  /** The per-row objects this batch was built from, if any (kept so {@link #prediction(int)} returns them). */
  private final List<? extends Prediction> objects;

  private BatchPrediction(OutputKind kind, ScoreNames names, int rows, int[] labels, float[] floats, double[] doubles,
      List<? extends Prediction> objects) {
    this.kind = kind;
    this.names = names;
    this.rows = rows;
    this.width = names.size();
    this.labels = labels;
    this.floats = floats;
    this.doubles = doubles;
    this.objects = objects;
  }

  /**
   * Builds a classification batch from a float score matrix (as ONNX Runtime returns it).
   *
   * @param names the labels, in the matrix's column order; at least one
   * @param scores the score matrix, row-major: row {@code i} is at {@code i × names.size()}; copied
   * @param predicted for each row, the position of its predicted label in {@code names}; copied
   * @return the batch
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code predicted.length} rows of
   *     {@code names.size()} scores, or there are no names
   * @throws IndexOutOfBoundsException if a predicted position is not a label's
   */
  public static BatchPrediction classifications(ScoreNames names, float[] scores, int[] predicted) {
    requireMatrix(names, scores.length, predicted.length);
    return new BatchPrediction(OutputKind.CLASSIFICATION, names, predicted.length, checkLabels(names, predicted),
        scores.clone(), null, null);
  }

  /**
   * Builds a classification batch from a double score matrix.
   *
   * @param names the labels, in the matrix's column order; at least one
   * @param scores the score matrix, row-major: row {@code i} is at {@code i × names.size()}; copied
   * @param predicted for each row, the position of its predicted label in {@code names}; copied
   * @return the batch
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code predicted.length} rows of
   *     {@code names.size()} scores, or there are no names
   * @throws IndexOutOfBoundsException if a predicted position is not a label's
   */
  public static BatchPrediction classifications(ScoreNames names, double[] scores, int[] predicted) {
    requireMatrix(names, scores.length, predicted.length);
    return new BatchPrediction(OutputKind.CLASSIFICATION, names, predicted.length, checkLabels(names, predicted),
        null, scores.clone(), null);
  }

  /**
   * Builds a regression batch from a float value matrix (as ONNX Runtime returns it).
   *
   * @param names the output dimensions, in the matrix's column order; at least one
   * @param values the value matrix, row-major: row {@code i} is at {@code i × names.size()}; copied
   * @param rows the number of rows
   * @return the batch
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code rows} rows of {@code names.size()}
   *     values, or there are no names
   */
  public static BatchPrediction regressions(ScoreNames names, float[] values, int rows) {
    requireMatrix(names, values.length, rows);
    return new BatchPrediction(OutputKind.REGRESSION, names, rows, null, values.clone(), null, null);
  }

  /**
   * Builds a regression batch from a double value matrix.
   *
   * @param names the output dimensions, in the matrix's column order; at least one
   * @param values the value matrix, row-major: row {@code i} is at {@code i × names.size()}; copied
   * @param rows the number of rows
   * @return the batch
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the matrix does not hold {@code rows} rows of {@code names.size()}
   *     values, or there are no names
   */
  public static BatchPrediction regressions(ScoreNames names, double[] values, int rows) {
    requireMatrix(names, values.length, rows);
    return new BatchPrediction(OutputKind.REGRESSION, names, rows, null, null, values.clone(), null);
  }

  /**
   * Builds a batch from per-row predictions (what {@link TabularPredictor#predictBatch(List)} does by
   * default). A classification's missing score reads as 0, as in {@link
   * Prediction.Classification#score(String)}; {@link #prediction(int)} returns the given objects
   * themselves.
   *
   * @param output the model's output: its kind (classification or regression) and names in column order
   * @param predictions one prediction per row, in order; copied
   * @return the batch
   * @throws NullPointerException if an argument or a prediction is null
   * @throws IllegalArgumentException if the output kind is neither classification nor regression, or has
   *     no names
   * @throws IllegalStateException if a prediction is not of the output's kind, predicts a label the output
   *     does not list, or (regression) lacks one of its dimensions
   */
  public static BatchPrediction of(OutputSpec output, List<? extends Prediction> predictions) {
    Objects.requireNonNull(output, "output");
    List<? extends Prediction> preds = List.copyOf(predictions);
    ScoreNames names = ScoreNames.of(output.names());
    int n = preds.size();
    int w = names.size();
    requireMatrix(names, (long) n * w, n);
    double[] matrix = new double[n * w];
    if (output.kind() == OutputKind.CLASSIFICATION) {
      int[] predicted = new int[n];
      for (int i = 0; i < n; i++) {
        if (!(preds.get(i) instanceof Prediction.Classification c)) {
          throw new IllegalStateException("row " + i + " is " + preds.get(i) + ", not a classification as "
              + output + " says");
        }
        predicted[i] = names.indexOf(c.label());
        if (predicted[i] < 0) {
          throw new IllegalStateException("row " + i + " predicts '" + c.label() + "', which " + names
              + " does not list");
        }
        for (int k = 0; k < w; k++) {
          matrix[i * w + k] = c.score(names.get(k));
        }
      }
      return new BatchPrediction(OutputKind.CLASSIFICATION, names, n, predicted, null, matrix, preds);
    }
    if (output.kind() != OutputKind.REGRESSION) {
      throw new IllegalArgumentException("a batch holds classifications or regressions, not " + output.kind().id());
    }
    for (int i = 0; i < n; i++) {
      if (!(preds.get(i) instanceof Prediction.Regression r)) {
        throw new IllegalStateException("row " + i + " is " + preds.get(i) + ", not a regression as " + output + " says");
      }
      for (int k = 0; k < w; k++) {
        Double v = r.values().get(names.get(k));
        if (v == null) {
          throw new IllegalStateException("row " + i + " has no value for '" + names.get(k) + "': " + r);
        }
        matrix[i * w + k] = v;
      }
    }
    return new BatchPrediction(OutputKind.REGRESSION, names, n, null, null, matrix, preds);
  }

  private static void requireMatrix(ScoreNames names, long length, int rows) {
    Objects.requireNonNull(names, "names");
    if (names.size() == 0 || rows < 0 || length != (long) rows * names.size()) {
      throw new IllegalArgumentException("expected " + rows + " rows of " + names.size() + " values " + names
          + ", got " + length + " values");
    }
  }

  private static int[] checkLabels(ScoreNames names, int[] predicted) {
    int[] copy = predicted.clone();
    for (int p : copy) {
      Objects.checkIndex(p, names.size());
    }
    return copy;
  }

  /**
   * Returns the number of rows.
   *
   * @return the number of rows
   */
  public int size() {
    return rows;
  }

  /**
   * Returns what this batch holds.
   *
   * @return {@link OutputKind#CLASSIFICATION} or {@link OutputKind#REGRESSION}
   */
  public OutputKind kind() {
    return kind;
  }

  /**
   * Returns the labels (classification) or output dimensions (regression), in column order.
   *
   * @return the names
   */
  public ScoreNames names() {
    return names;
  }

  /**
   * Tells whether the matrix is held in float (the model computed in float).
   *
   * @return whether scores and values are stored as {@code float}
   */
  public boolean isFloat() {
    return floats != null;
  }

  /**
   * Returns the position in {@link #names()} of a row's predicted label.
   *
   * @param row the row, from 0
   * @return the label's position
   * @throws IllegalStateException if this is a regression batch
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public int labelIndex(int row) {
    if (labels == null) {
      throw new IllegalStateException("a regression batch has no labels; read value(row, dimension)");
    }
    return labels[Objects.checkIndex(row, rows)];
  }

  /**
   * Returns a row's predicted label.
   *
   * @param row the row, from 0
   * @return the label
   * @throws IllegalStateException if this is a regression batch
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public String label(int row) {
    return names.get(labelIndex(row));
  }

  /**
   * Returns a row's score for a label.
   *
   * @param row the row, from 0
   * @param labelIndex the label's position in {@link #names()}
   * @return the score (0 when a per-row prediction this batch was built from gave none)
   * @throws IllegalStateException if this is a regression batch
   * @throws IndexOutOfBoundsException if there is no such row or label
   */
  public double score(int row, int labelIndex) {
    if (labels == null) {
      throw new IllegalStateException("a regression batch has no scores; read value(row, dimension)");
    }
    return at(row, labelIndex);
  }

  /**
   * Returns a row's regression value for a dimension.
   *
   * @param row the row, from 0
   * @param dimension the dimension's position in {@link #names()}
   * @return the value
   * @throws IllegalStateException if this is a classification batch
   * @throws IndexOutOfBoundsException if there is no such row or dimension
   */
  public double value(int row, int dimension) {
    if (labels != null) {
      throw new IllegalStateException("a classification batch has scores, not values; read score(row, label)");
    }
    return at(row, dimension);
  }

  private double at(int row, int column) {
    int i = Objects.checkIndex(row, rows) * width + Objects.checkIndex(column, width);
    return floats != null ? floats[i] : doubles[i];
  }

  /**
   * Returns a row as a {@link Prediction}, built on each call (or the object this batch was built from).
   * Equal to what {@link TabularPredictor#predictRows(List)} gives for the row.
   *
   * @param row the row, from 0
   * @return the prediction
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public Prediction prediction(int row) {
    Objects.checkIndex(row, rows);
    if (objects != null) {
      return objects.get(row);
    }
    double[] r = new double[width];
    for (int k = 0; k < width; k++) {
      r[k] = floats != null ? floats[row * width + k] : doubles[row * width + k];
    }
    return labels != null ? Prediction.classification(names, r, 0, labels[row]) : Prediction.regression(names, r, 0);
  }

  /**
   * Returns the rows as an unmodifiable list of {@link Prediction}s whose elements are built by {@link
   * #prediction(int)} when read.
   *
   * @return the per-row view
   */
  public List<Prediction> asList() {
    return new View();
  }

  private final class View extends AbstractList<Prediction> implements RandomAccess {
    @Override
    public Prediction get(int index) {
      return prediction(index);
    }

    @Override
    public int size() {
      return rows;
    }
  }

  @Override
  public String toString() {
    return "BatchPrediction[" + kind.id() + ", " + rows + " rows, " + names + (isFloat() ? ", float" : ", double") + "]";
  }
}
