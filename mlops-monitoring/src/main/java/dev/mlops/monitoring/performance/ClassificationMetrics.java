package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/**
 * Point values of classification metrics, each checked against scikit-learn 1.2 (see the test
 * resource {@code performance/metrics_reference.json} and the script that wrote it).
 *
 * <pre>{@code
 * double acc = ClassificationMetrics.accuracy(labels, predicted);
 * double f1 = ClassificationMetrics.f1(labels, predicted, Averaging.MACRO);
 * double auc = ClassificationMetrics.rocAuc(labels, probabilityOfClass1);
 * }</pre>
 *
 * <p>Classes are indices {@code 0, 1, 2, ...}; binary metrics take classes 0 and 1 with 1 positive.
 * Conventions where a metric is undefined (never NaN): a precision, recall or F1 with a zero
 * denominator is 0 (scikit-learn's {@code zero_division=0}); ROC AUC with a single class among the labels
 * is an {@link InvalidInputException}. Log-loss clips probabilities to {@code [eps, 1 - eps]} with
 * {@code eps = Math.ulp(1.0)} (scikit-learn's {@code eps="auto"} for float64), so it is always finite.
 *
 * <p>Stateless and thread-safe; inputs are read, never modified.
 */
public final class ClassificationMetrics {
  /** The number of equal-width bins of {@link #expectedCalibrationError(int[], double[])}. */
  public static final int DEFAULT_CALIBRATION_BINS = 10;

  private static final double EPS = Math.ulp(1.0);

  private ClassificationMetrics() {}

  /**
   * Returns the share of rows whose predicted class equals the label.
   *
   * @param labels the true classes
   * @param predicted the predicted classes, one per label
   * @return the accuracy in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class
   * @throws NullPointerException if an array is null
   */
  public static double accuracy(int[] labels, int[] predicted) {
    checkLabels(labels, predicted);
    return (double) correct(labels, predicted) / labels.length;
  }

  /**
   * Returns the binary precision of class 1: {@code TP / (TP + FP)}, 0 when nothing is predicted positive.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the precision in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a class other than 0/1
   * @throws NullPointerException if an array is null
   */
  public static double precision(int[] labels, int[] predicted) {
    return precision(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the precision averaged over classes as {@code averaging} says.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the precision in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class (or a
   *     class other than 0/1 for {@link Averaging#BINARY})
   * @throws NullPointerException if an argument is null
   */
  public static double precision(int[] labels, int[] predicted, Averaging averaging) {
    return Confusion.of(labels, predicted, averaging).precision(averaging);
  }

  /**
   * Returns the binary recall of class 1: {@code TP / (TP + FN)}, 0 when no label is positive.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the recall in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a class other than 0/1
   * @throws NullPointerException if an array is null
   */
  public static double recall(int[] labels, int[] predicted) {
    return recall(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the recall averaged over classes as {@code averaging} says.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the recall in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class (or a
   *     class other than 0/1 for {@link Averaging#BINARY})
   * @throws NullPointerException if an argument is null
   */
  public static double recall(int[] labels, int[] predicted, Averaging averaging) {
    return Confusion.of(labels, predicted, averaging).recall(averaging);
  }

  /**
   * Returns the binary F1 of class 1: {@code 2 TP / (2 TP + FP + FN)}, 0 when that denominator is 0.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the F1 score in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a class other than 0/1
   * @throws NullPointerException if an array is null
   */
  public static double f1(int[] labels, int[] predicted) {
    return f1(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the F1 score averaged over classes as {@code averaging} says (macro: the mean of per-class F1,
   * as scikit-learn, not the F1 of the mean precision and recall).
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the F1 score in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class (or a
   *     class other than 0/1 for {@link Averaging#BINARY})
   * @throws NullPointerException if an argument is null
   */
  public static double f1(int[] labels, int[] predicted, Averaging averaging) {
    return Confusion.of(labels, predicted, averaging).f1(averaging);
  }

  /**
   * Returns the binary ROC AUC: the probability that a random positive row scores above a random negative
   * one, ties counting one half (the Mann&ndash;Whitney statistic; scikit-learn's {@code roc_auc_score}).
   *
   * @param labels the true classes, 0 or 1, both present
   * @param scores any finite score increasing with class 1 (a probability, a logit)
   * @return the AUC in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length, a label is not 0/1, a score is
   *     not finite, or the labels hold a single class
   * @throws NullPointerException if an array is null
   */
  public static double rocAuc(int[] labels, double[] scores) {
    checkScores(labels, scores, false);
    return RocAuc.compute(labels, scores, false).auc();
  }

  /**
   * Returns the one-vs-rest ROC AUC of a multiclass model, macro averaged over classes (scikit-learn's
   * {@code roc_auc_score(multi_class="ovr", average="macro")}).
   *
   * @param labels the true classes, each of the {@code k} classes present
   * @param probabilities for each row, the {@code k} class probabilities (summing to 1)
   * @return the AUC in [0, 1]
   * @throws InvalidInputException if the input is empty or inconsistent, or a class has no row
   * @throws NullPointerException if an array is null
   */
  public static double rocAuc(int[] labels, double[][] probabilities) {
    int k = checkProbabilities(labels, probabilities);
    boolean[] seen = new boolean[k];
    for (int y : labels) {
      seen[y] = true;
    }
    for (int c = 0; c < k; c++) {
      if (!seen[c]) {
        throw new InvalidInputException("labels", "One-vs-rest ROC AUC needs rows of every class; class " + c
            + " has none among " + labels.length + " rows. Collect more labelled rows (or a larger window).");
      }
    }
    double sum = 0;
    int[] oneVsRest = new int[labels.length];
    double[] column = new double[labels.length];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < labels.length; i++) {
        oneVsRest[i] = labels[i] == c ? 1 : 0;
        column[i] = probabilities[i][c];
      }
      sum += RocAuc.compute(oneVsRest, column, false).auc();
    }
    return sum / k;
  }

  /**
   * Returns the binary log-loss (cross-entropy) {@code -mean(y log p + (1 - y) log(1 - p))}, probabilities
   * clipped to {@code [eps, 1 - eps]}.
   *
   * @param labels the true classes, 0 or 1
   * @param probabilities the probability of class 1 of each row, in [0, 1]
   * @return the log-loss, finite and not negative
   * @throws InvalidInputException if the arrays are empty, differ in length, a label is not 0/1 or a
   *     probability is outside [0, 1] or NaN
   * @throws NullPointerException if an array is null
   */
  public static double logLoss(int[] labels, double[] probabilities) {
    checkScores(labels, probabilities, true);
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = clip(probabilities[i]);
      sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / labels.length;
  }

  /**
   * Returns the multiclass log-loss {@code -mean(log p[label])}, probabilities clipped to
   * {@code [eps, 1 - eps]} and each row renormalised (as scikit-learn).
   *
   * @param labels the true classes, in {@code [0, k)}
   * @param probabilities for each row, the {@code k} class probabilities (summing to 1 within 1e-6)
   * @return the log-loss, finite and not negative
   * @throws InvalidInputException if the input is empty or inconsistent
   * @throws NullPointerException if an array is null
   */
  public static double logLoss(int[] labels, double[][] probabilities) {
    checkProbabilities(labels, probabilities);
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] row = probabilities[i];
      double rowSum = 0;
      for (double p : row) {
        rowSum += clip(p);
      }
      sum -= Math.log(clip(row[labels[i]]) / rowSum);
    }
    return sum / labels.length;
  }

  /**
   * Returns the binary expected calibration error with {@value #DEFAULT_CALIBRATION_BINS} bins.
   *
   * @param labels the true classes, 0 or 1
   * @param probabilities the probability of class 1 of each row
   * @return the ECE in [0, 1]
   * @throws InvalidInputException as {@link #expectedCalibrationError(int[], double[], int)}
   * @throws NullPointerException if an array is null
   */
  public static double expectedCalibrationError(int[] labels, double[] probabilities) {
    return expectedCalibrationError(labels, probabilities, DEFAULT_CALIBRATION_BINS);
  }

  /**
   * Returns the binary expected calibration error of the probability of class 1: rows fall into
   * {@code bins} equal-width bins of [0, 1] ({@code [j/B, (j+1)/B)}, the last bin closed), and
   * {@code ECE = sum over bins of (rows in bin / n) * |mean label - mean probability|} (the reliability
   * diagram of scikit-learn's {@code calibration_curve(strategy="uniform")}, weighted by bin size; as
   * torchmetrics' {@code BinaryCalibrationError(norm="l1")}).
   *
   * @param labels the true classes, 0 or 1
   * @param probabilities the probability of class 1 of each row, in [0, 1]
   * @param bins the number of equal-width bins, at least 1
   * @return the ECE in [0, 1]
   * @throws InvalidInputException if the arrays are empty, differ in length, a label is not 0/1, a
   *     probability is outside [0, 1] or NaN, or {@code bins < 1}
   * @throws NullPointerException if an array is null
   */
  public static double expectedCalibrationError(int[] labels, double[] probabilities, int bins) {
    checkScores(labels, probabilities, true);
    checkBins(bins);
    double[] conf = new double[bins];
    double[] hit = new double[bins];
    for (int i = 0; i < labels.length; i++) {
      int b = bin(probabilities[i], bins);
      conf[b] += probabilities[i];
      hit[b] += labels[i];
    }
    return ece(conf, hit, labels.length);
  }

  /**
   * Returns the multiclass (top-label) expected calibration error of Guo et al. (2017) with
   * {@value #DEFAULT_CALIBRATION_BINS} bins.
   *
   * @param labels the true classes
   * @param probabilities for each row, the class probabilities
   * @return the ECE in [0, 1]
   * @throws InvalidInputException as {@link #expectedCalibrationError(int[], double[][], int)}
   * @throws NullPointerException if an array is null
   */
  public static double expectedCalibrationError(int[] labels, double[][] probabilities) {
    return expectedCalibrationError(labels, probabilities, DEFAULT_CALIBRATION_BINS);
  }

  /**
   * Returns the multiclass (top-label) expected calibration error of Guo et al. (2017): each row's
   * confidence is its largest class probability and it is correct when that class (the first on ties) is
   * the label; rows fall into {@code bins} equal-width bins of the confidence ({@code [j/B, (j+1)/B)}, the
   * last closed), and {@code ECE = sum over bins of (rows in bin / n) * |accuracy - mean confidence|}
   * (torchmetrics' {@code MulticlassCalibrationError(norm="l1")}).
   *
   * @param labels the true classes, in {@code [0, k)}
   * @param probabilities for each row, the {@code k} class probabilities (summing to 1)
   * @param bins the number of equal-width bins, at least 1
   * @return the ECE in [0, 1]
   * @throws InvalidInputException if the input is empty or inconsistent, or {@code bins < 1}
   * @throws NullPointerException if an array is null
   */
  public static double expectedCalibrationError(int[] labels, double[][] probabilities, int bins) {
    checkProbabilities(labels, probabilities);
    checkBins(bins);
    double[] conf = new double[bins];
    double[] hit = new double[bins];
    for (int i = 0; i < labels.length; i++) {
      double[] row = probabilities[i];
      int top = argmax(row);
      int b = bin(row[top], bins);
      conf[b] += row[top];
      hit[b] += top == labels[i] ? 1 : 0;
    }
    return ece(conf, hit, labels.length);
  }

  /**
   * Returns the index of the largest value, the first on ties (numpy's {@code argmax}): the predicted
   * class of a row of class probabilities.
   *
   * @param probabilities one row of class probabilities
   * @return the index of its largest value
   * @throws InvalidInputException if the row is empty
   * @throws NullPointerException if the row is null
   */
  public static int argmax(double[] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    if (probabilities.length == 0) {
      throw new InvalidInputException("probabilities", "An empty row of class probabilities has no predicted class.");
    }
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return best;
  }

  static int bin(double p, int bins) {
    return Math.min((int) (p * bins), bins - 1);
  }

  private static double ece(double[] conf, double[] hit, int n) {
    double sum = 0;
    for (int b = 0; b < conf.length; b++) {
      sum += Math.abs(hit[b] - conf[b]);
    }
    return sum / n;
  }

  private static void checkBins(int bins) {
    if (bins < 1) {
      throw new InvalidInputException("bins", "Use at least one calibration bin (10 is usual); got " + bins + ".");
    }
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  static long correct(int[] labels, int[] predicted) {
    long c = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == predicted[i]) {
        c++;
      }
    }
    return c;
  }

  static void checkLabels(int[] labels, int[] predicted) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predicted, "predicted");
    Inputs.nonEmpty("labels", labels.length);
    Inputs.sameLength("predicted", labels.length, predicted.length);
    Inputs.classes("labels", labels);
    Inputs.classes("predicted", predicted);
  }

  static void checkScores(int[] labels, double[] scores, boolean probabilities) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(scores, probabilities ? "probabilities" : "scores");
    Inputs.nonEmpty("labels", labels.length);
    Inputs.sameLength(probabilities ? "probabilities" : "scores", labels.length, scores.length);
    Inputs.binary("labels", labels);
    if (probabilities) {
      Inputs.probabilities("probabilities", scores);
    } else {
      Inputs.finite("scores", scores);
    }
  }

  static int checkProbabilities(int[] labels, double[][] probabilities) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(probabilities, "probabilities");
    Inputs.nonEmpty("labels", labels.length);
    Inputs.sameLength("probabilities", labels.length, probabilities.length);
    Inputs.classes("labels", labels);
    int k = Inputs.probabilityMatrix("probabilities", probabilities);
    Inputs.labelsBelow(labels, k);
    return k;
  }
}
