package dev.mlops.testing.assertions;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model's predictions on the rows of a frame, with the true labels when the frame has a label
 * column: computed once, shared by every assertion made on the same {@link ModelOnData}. Immutable
 * after construction and thread-safe.
 */
final class Evaluation {
  final TabularPredictor model;
  final Frame frame;
  final List<String> features;
  final List<double[]> rows;
  final List<Prediction> predictions;
  final OutputKind kind;
  /** True labels (classification), or null. */
  final String[] labels;
  /** True values (regression), or null. */
  final double[] targets;
  final String labelColumn;

  Evaluation(TabularPredictor model, Frame frame, String labelColumn) {
    this.model = Objects.requireNonNull(model, "model");
    this.frame = Objects.requireNonNull(frame, "frame");
    this.labelColumn = labelColumn;
    this.features = model.schema().names();
    this.kind = model.signature().output().kind();
    this.rows = rowsOf(model, frame);
    this.predictions = predict(model, rows);
    if (labelColumn == null) {
      labels = null;
      targets = null;
    } else {
      Column c = frame.column(labelColumn).orElseThrow(() -> new InvalidInputException(labelColumn,
          "The data has no label column '" + labelColumn + "'; its columns are " + names(frame)
              + ". Name the label column in on(frame, label)."));
      if (kind == OutputKind.REGRESSION) {
        if (!(c instanceof NumericColumn n)) {
          throw new InvalidInputException(labelColumn, "The label column '" + labelColumn
              + "' holds text but the model is a regression; read it as a number.");
        }
        targets = new double[n.size()];
        for (int r = 0; r < targets.length; r++) {
          targets[r] = n.value(r);
          if (!Double.isFinite(targets[r])) {
            throw missingLabel(labelColumn, r);
          }
        }
        labels = null;
      } else {
        labels = new String[c.size()];
        for (int r = 0; r < labels.length; r++) {
          labels[r] = labelText(c, r);
          if (labels[r] == null) {
            throw missingLabel(labelColumn, r);
          }
        }
        targets = null;
      }
    }
  }

  /** The same rows predicted by another model (for paired comparisons). */
  List<Prediction> predictionsOf(TabularPredictor other) {
    if (!other.schema().names().containsAll(features) || other.schema().size() != features.size()) {
      return predict(other, rowsOf(other, frame));
    }
    List<double[]> reordered = new ArrayList<>(rows.size());
    List<String> names = other.schema().names();
    for (double[] row : rows) {
      double[] r = new double[row.length];
      for (int j = 0; j < names.size(); j++) {
        r[j] = row[features.indexOf(names.get(j))];
      }
      reordered.add(r);
    }
    return predict(other, reordered);
  }

  int size() {
    return rows.size();
  }

  boolean hasLabels() {
    return labels != null || targets != null;
  }

  static String labelText(Column c, int r) {
    if (c instanceof CategoricalColumn k) {
      return k.value(r);
    }
    double v = ((NumericColumn) c).value(r);
    if (!Double.isFinite(v)) {
      return null;
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static InvalidInputException missingLabel(String column, int r) {
    return new InvalidInputException(column, "Row " + r + " has no label in column '" + column
        + "'; drop unlabelled rows before asserting on quality.");
  }

  private static List<double[]> rowsOf(TabularPredictor model, Frame frame) {
    List<String> names = model.schema().names();
    NumericColumn[] cols = new NumericColumn[names.size()];
    for (int j = 0; j < cols.length; j++) {
      String name = names.get(j);
      Column c = frame.column(name).orElseThrow(() -> new InvalidInputException(name,
          "The data has no column '" + name + "', which the model's signature requires; its columns are "
              + names(frame) + "."));
      if (!(c instanceof NumericColumn n)) {
        throw new InvalidInputException(name, "Column '" + name + "' holds text but the model's feature '" + name
            + "' is numeric; read it as a number.");
      }
      cols[j] = n;
    }
    List<double[]> rows = new ArrayList<>(frame.rowCount());
    for (int r = 0; r < frame.rowCount(); r++) {
      double[] row = new double[cols.length];
      for (int j = 0; j < cols.length; j++) {
        row[j] = cols[j].value(r);
        if (!Double.isFinite(row[j])) {
          throw new InvalidInputException(names.get(j), "Row " + r + " has no finite value in column '"
              + names.get(j) + "'; the model accepts finite numbers only: fill or drop such rows first.");
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<Prediction> predict(TabularPredictor model, List<double[]> rows) {
    return model.predictRows(rows);
  }

  static List<String> names(Frame frame) {
    return frame.schema().stream().map(s -> s.name()).toList();
  }

  /** The predicted label of a classification, or an error naming the model's output kind. */
  static Prediction.Classification classification(Prediction p) {
    if (p instanceof Prediction.Classification c) {
      return c;
    }
    throw new IllegalStateException("This assertion needs a classifier, but the model predicts a regression.");
  }

  static double value(Prediction p) {
    if (p instanceof Prediction.Regression r) {
      return r.value();
    }
    throw new IllegalStateException("This assertion needs a regression model, but the model is a classifier.");
  }

  /** A prediction in a few words, for failure messages. */
  static String describe(Prediction p, String scoreOf) {
    if (p instanceof Prediction.Classification c) {
      String label = scoreOf == null ? c.label() : scoreOf;
      return c.label() + (c.scores().isEmpty() ? "" : String.format(Locale.ROOT, " (score[%s]=%.3f)", label, c.score(label)));
    }
    return String.format(Locale.ROOT, "%.4g", value(p));
  }
}
