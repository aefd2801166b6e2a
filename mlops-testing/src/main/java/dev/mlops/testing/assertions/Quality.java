package dev.mlops.testing.assertions;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.performance.Averaging;
import dev.mlops.monitoring.performance.ClassificationMetrics;
import dev.mlops.monitoring.performance.MetricEstimate;
import dev.mlops.monitoring.performance.MetricIntervals;
import dev.mlops.monitoring.performance.RegressionMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Encodes an {@link Evaluation} for the metric library of {@code dev.mlops.monitoring.performance}
 * (classes as indices, the positive class as 1, probabilities as rows) and computes metrics with
 * intervals on all rows or a subset, and paired differences against a second model. Immutable and
 * thread-safe.
 */
final class Quality {
  final Evaluation eval;
  final MetricIntervals intervals;
  final String positive;
  /** Class names, index = class code; for classification only. */
  final List<String> classes;

  Quality(Evaluation eval, MetricIntervals intervals, String positive) {
    this.eval = eval;
    this.intervals = intervals;
    this.positive = positive;
    if (eval.kind == OutputKind.REGRESSION) {
      classes = List.of();
    } else {
      TreeSet<String> all = new TreeSet<>(eval.model.signature().output().names());
      if (eval.labels != null) {
        all.addAll(List.of(eval.labels));
      }
      for (Prediction p : eval.predictions) {
        Prediction.Classification c = Evaluation.classification(p);
        all.add(c.label());
        all.addAll(c.scores().keySet());
      }
      if (positive != null && !all.contains(positive)) {
        throw new InvalidInputException("positiveClass", "Positive class '" + positive
            + "' is neither a label of the data nor of the model; the classes are " + all + ".");
      }
      classes = List.copyOf(all);
    }
  }

  void requireLabels() {
    if (!eval.hasLabels()) {
      throw new IllegalStateException("Quality metrics need the true labels: use on(frame, labelColumn).");
    }
  }

  void requireKind(Metric metric) {
    boolean regression = eval.kind == OutputKind.REGRESSION;
    if (metric.classification() == regression) {
      throw new IllegalStateException(metric.label() + " is a " + (metric.classification() ? "classification" : "regression")
          + " metric, but the model is a " + (regression ? "regression model" : "classifier") + ".");
    }
  }

  /** The metric on the given rows (all rows when null). */
  MetricEstimate estimate(Metric metric, int[] rows) {
    requireLabels();
    requireKind(metric);
    if (!metric.classification()) {
      double[] actual = subset(eval.targets, rows);
      double[] predicted = subset(values(eval.predictions), rows);
      return switch (metric) {
        case MAE -> intervals.mae(actual, predicted);
        case RMSE -> intervals.rmse(actual, predicted);
        default -> intervals.r2(actual, predicted);
      };
    }
    int[] truth = subset(truth(), rows);
    int[] predicted = subset(predicted(eval.predictions), rows);
    boolean binary = positive != null;
    return switch (metric) {
      case ACCURACY -> intervals.accuracy(truth, predicted);
      case PRECISION -> binary ? intervals.precision(truth, predicted) : intervals.precision(truth, predicted, Averaging.MACRO);
      case RECALL -> binary ? intervals.recall(truth, predicted) : intervals.recall(truth, predicted, Averaging.MACRO);
      case F1 -> binary ? intervals.f1(truth, predicted) : intervals.f1(truth, predicted, Averaging.MACRO);
      case AUC -> binary ? intervals.rocAuc(truth, subset(positiveScores(eval.predictions), rows))
          : intervals.rocAuc(truth, subset(probabilities(eval.predictions), rows));
      case LOG_LOSS -> binary ? intervals.logLoss(truth, subset(positiveScores(eval.predictions), rows))
          : intervals.logLoss(truth, subset(probabilities(eval.predictions), rows));
      default -> binary ? intervals.expectedCalibrationError(truth, subset(positiveScores(eval.predictions), rows))
          : intervals.expectedCalibrationError(truth, subset(probabilities(eval.predictions), rows));
    };
  }

  /** The paired bootstrap interval of {@code metric(challenger) - metric(champion)} on the same rows. */
  MetricEstimate pairedDifference(Metric metric, List<Prediction> champion) {
    requireLabels();
    requireKind(metric);
    List<Prediction> challenger = eval.predictions;
    if (!metric.classification()) {
      double[] actual = eval.targets;
      return switch (metric) {
        case MAE -> intervals.pairedBootstrap(RegressionMetrics::mae, actual, values(challenger), values(champion));
        case RMSE -> intervals.pairedBootstrap(RegressionMetrics::rmse, actual, values(challenger), values(champion));
        default -> intervals.pairedBootstrap(RegressionMetrics::r2, actual, values(challenger), values(champion));
      };
    }
    int[] truth = truth();
    int[] a = predicted(challenger);
    int[] b = predicted(champion);
    boolean binary = positive != null;
    return switch (metric) {
      case ACCURACY -> intervals.pairedBootstrap(ClassificationMetrics::accuracy, truth, a, b);
      case PRECISION -> intervals.pairedBootstrap(binary ? ClassificationMetrics::precision
          : (l, p) -> ClassificationMetrics.precision(l, p, Averaging.MACRO), truth, a, b);
      case RECALL -> intervals.pairedBootstrap(binary ? ClassificationMetrics::recall
          : (l, p) -> ClassificationMetrics.recall(l, p, Averaging.MACRO), truth, a, b);
      case F1 -> intervals.pairedBootstrap(binary ? ClassificationMetrics::f1
          : (l, p) -> ClassificationMetrics.f1(l, p, Averaging.MACRO), truth, a, b);
      case AUC -> binary
          ? intervals.pairedBootstrap(ClassificationMetrics::rocAuc, truth, positiveScores(challenger), positiveScores(champion))
          : intervals.pairedBootstrap(ClassificationMetrics::rocAuc, truth, probabilities(challenger), probabilities(champion));
      case LOG_LOSS -> binary
          ? intervals.pairedBootstrap(ClassificationMetrics::logLoss, truth, positiveScores(challenger), positiveScores(champion))
          : intervals.pairedBootstrap(ClassificationMetrics::logLoss, truth, probabilities(challenger), probabilities(champion));
      default -> binary
          ? intervals.pairedBootstrap(ClassificationMetrics::expectedCalibrationError, truth, positiveScores(challenger),
              positiveScores(champion))
          : intervals.pairedBootstrap(ClassificationMetrics::expectedCalibrationError, truth, probabilities(challenger),
              probabilities(champion));
    };
  }

  /** True class codes: 1 = positive, 0 = other in binary mode; else the class index. */
  int[] truth() {
    int[] out = new int[eval.labels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = code(eval.labels[i]);
    }
    return out;
  }

  int[] predicted(List<Prediction> predictions) {
    int[] out = new int[predictions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = code(Evaluation.classification(predictions.get(i)).label());
    }
    return out;
  }

  private int code(String label) {
    if (positive != null) {
      return label.equals(positive) ? 1 : 0;
    }
    int i = classes.indexOf(label);
    if (i < 0) {
      throw new InvalidInputException("label", "Label '" + label + "' is not among the classes " + classes + ".");
    }
    return i;
  }

  double[] positiveScores(List<Prediction> predictions) {
    double[] out = new double[predictions.size()];
    for (int i = 0; i < out.length; i++) {
      Prediction.Classification c = Evaluation.classification(predictions.get(i));
      requireScores(c);
      out[i] = c.score(positive);
    }
    return out;
  }

  double[][] probabilities(List<Prediction> predictions) {
    double[][] out = new double[predictions.size()][];
    for (int i = 0; i < out.length; i++) {
      Prediction.Classification c = Evaluation.classification(predictions.get(i));
      requireScores(c);
      double[] row = new double[classes.size()];
      for (int k = 0; k < row.length; k++) {
        row[k] = c.score(classes.get(k));
      }
      out[i] = row;
    }
    return out;
  }

  private static void requireScores(Prediction.Classification c) {
    if (c.scores().isEmpty()) {
      throw new IllegalStateException("This metric needs class probabilities, but the model gives no scores.");
    }
  }

  static double[] values(List<Prediction> predictions) {
    double[] out = new double[predictions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Evaluation.value(predictions.get(i));
    }
    return out;
  }

  /** Rows worth showing when a metric fails: misclassified rows, most confident first; or largest errors. */
  List<String> worstRows(int[] rows, int limit) {
    int[] idx = rows == null ? java.util.stream.IntStream.range(0, eval.size()).toArray() : rows;
    List<String> out = new ArrayList<>();
    if (eval.kind == OutputKind.REGRESSION) {
      Integer[] order = java.util.Arrays.stream(idx).boxed().toArray(Integer[]::new);
      java.util.Arrays.sort(order, (x, y) -> Double.compare(
          Math.abs(Evaluation.value(eval.predictions.get(y)) - eval.targets[y]),
          Math.abs(Evaluation.value(eval.predictions.get(x)) - eval.targets[x])));
      for (int k = 0; k < Math.min(limit, order.length); k++) {
        int r = order[k];
        double p = Evaluation.value(eval.predictions.get(r));
        out.add(String.format(Locale.ROOT, "row %d: actual %.4g, predicted %.4g (error %+.4g)", r, eval.targets[r], p,
            p - eval.targets[r]));
      }
      return out;
    }
    List<Integer> wrong = new ArrayList<>();
    for (int r : idx) {
      if (!Evaluation.classification(eval.predictions.get(r)).label().equals(eval.labels[r])) {
        wrong.add(r);
      }
    }
    wrong.sort((x, y) -> Double.compare(confidence(y), confidence(x)));
    for (int k = 0; k < Math.min(limit, wrong.size()); k++) {
      int r = wrong.get(k);
      out.add(String.format(Locale.ROOT, "row %d: true %s, predicted %s", r, eval.labels[r],
          Evaluation.describe(eval.predictions.get(r), null)));
    }
    return out;
  }

  /** How many rows are wrong (classification) or all rows (regression), among the given rows. */
  int wrongCount(int[] rows) {
    int[] idx = rows == null ? java.util.stream.IntStream.range(0, eval.size()).toArray() : rows;
    if (eval.kind == OutputKind.REGRESSION) {
      return idx.length;
    }
    int n = 0;
    for (int r : idx) {
      if (!Evaluation.classification(eval.predictions.get(r)).label().equals(eval.labels[r])) {
        n++;
      }
    }
    return n;
  }

  private double confidence(int r) {
    Prediction.Classification c = Evaluation.classification(eval.predictions.get(r));
    return c.score(c.label());
  }

  private static int[] subset(int[] a, int[] rows) {
    if (rows == null) {
      return a;
    }
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }

  private static double[] subset(double[] a, int[] rows) {
    if (rows == null) {
      return a;
    }
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }

  private static double[][] subset(double[][] a, int[] rows) {
    if (rows == null) {
      return a;
    }
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }
}
