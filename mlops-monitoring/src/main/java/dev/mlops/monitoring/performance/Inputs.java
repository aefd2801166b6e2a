package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/** Input checks shared by the metrics; every failure is an {@link InvalidInputException} saying what to do. */
final class Inputs {
  /** Tolerance on a probability row's sum. */
  static final double SUM_TOLERANCE = 1e-6;

  private Inputs() {}

  static void nonEmpty(String field, int length) {
    if (length == 0) {
      throw new InvalidInputException(field, "No rows: give at least one row to compute a metric.");
    }
  }

  static void sameLength(String field, int expected, int actual) {
    if (expected != actual) {
      throw new InvalidInputException(field, "Give one " + field + " value per label: expected " + expected
          + " rows, got " + actual + ".");
    }
  }

  /** Checks class indices are not negative; returns the largest. */
  static int classes(String field, int[] values) {
    Objects.requireNonNull(values, field);
    int max = -1;
    for (int v : values) {
      if (v < 0) {
        throw new InvalidInputException(field, "Classes are indices 0, 1, 2, ...; got a negative class " + v
            + ". Map class names to indices first.");
      }
      if (v > max) {
        max = v;
      }
    }
    return max;
  }

  static void binary(String field, int[] values) {
    Objects.requireNonNull(values, field);
    for (int v : values) {
      if (v != 0 && v != 1) {
        throw new InvalidInputException(field, "Binary metrics take classes 0 and 1 (1 is positive); got " + v
            + ". Use Averaging.MACRO/MICRO/WEIGHTED for more classes.");
      }
    }
  }

  static void finite(String field, double[] values) {
    Objects.requireNonNull(values, field);
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new InvalidInputException(field, "Values must be finite (no NaN or infinity): drop or impute such rows first.");
      }
    }
  }

  static void probabilities(String field, double[] values) {
    Objects.requireNonNull(values, field);
    for (double v : values) {
      if (!(v >= 0 && v <= 1)) {
        throw new InvalidInputException(field, "Probabilities are in [0, 1] (no NaN); got " + v
            + ". Pass the model's probability of class 1, not a raw score.");
      }
    }
  }

  /** Checks a probability matrix: rows of equal length k >= 2 in [0, 1] summing to 1; returns k. */
  static int probabilityMatrix(String field, double[][] p) {
    Objects.requireNonNull(p, field);
    int k = -1;
    for (double[] row : p) {
      if (row == null) {
        throw new InvalidInputException(field, "A probability row is null: give one row of class probabilities per label.");
      }
      if (k < 0) {
        k = row.length;
        if (k < 2) {
          throw new InvalidInputException(field, "Give at least two class probabilities per row; got " + k + ".");
        }
      } else if (row.length != k) {
        throw new InvalidInputException(field, "Every row has the same number of class probabilities: " + k
            + " then " + row.length + ".");
      }
      double sum = 0;
      for (double v : row) {
        if (!(v >= 0 && v <= 1)) {
          throw new InvalidInputException(field, "Probabilities are in [0, 1] (no NaN); got " + v + ".");
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        throw new InvalidInputException(field, "Each row of class probabilities sums to 1 (within " + SUM_TOLERANCE
            + "); got " + sum + ". Normalise the rows (softmax) first.");
      }
    }
    return k;
  }

  static void labelsBelow(int[] labels, int k) {
    for (int v : labels) {
      if (v >= k) {
        throw new InvalidInputException("labels", "A label " + v + " has no probability column: the model gives "
            + k + " classes (0.." + (k - 1) + ").");
      }
    }
  }

  static double level(double level) {
    if (!(level > 0 && level < 1)) {
      throw new InvalidInputException("level", "A confidence level is in (0, 1), e.g. 0.95; got " + level + ".");
    }
    return level;
  }
}
