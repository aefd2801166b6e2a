package dev.mlops.monitoring.performance;

/** Per-class true positive, false positive and false negative counts for precision, recall and F1. */
final class Confusion {
  final long[] tp;
  final long[] fp;
  final long[] fn;
  /** Classes present among the labels or predictions (for BINARY: class 1 only). */
  final boolean[] present;

  private Confusion(int k) {
    tp = new long[k];
    fp = new long[k];
    fn = new long[k];
    present = new boolean[k];
  }

  static Confusion of(int[] labels, int[] predicted, Averaging averaging) {
    java.util.Objects.requireNonNull(averaging, "averaging");
    ClassificationMetrics.checkLabels(labels, predicted);
    if (averaging == Averaging.BINARY) {
      Inputs.binary("labels", labels);
      Inputs.binary("predicted", predicted);
    }
    int k = Math.max(Inputs.classes("labels", labels), Inputs.classes("predicted", predicted)) + 1;
    Confusion c = new Confusion(k);
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      int p = predicted[i];
      c.present[y] = true;
      c.present[p] = true;
      if (y == p) {
        c.tp[y]++;
      } else {
        c.fp[p]++;
        c.fn[y]++;
      }
    }
    return c;
  }

  static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }

  long support(int c) {
    return tp[c] + fn[c];
  }

  double precision(Averaging a) {
    return average(a, 0);
  }

  double recall(Averaging a) {
    return average(a, 1);
  }

  double f1(Averaging a) {
    return average(a, 2);
  }

  /** kind 0 precision, 1 recall, 2 F1. */
  private double perClass(int c, int kind) {
    switch (kind) {
      case 0:
        return ratio(tp[c], tp[c] + fp[c]);
      case 1:
        return ratio(tp[c], tp[c] + fn[c]);
      default:
        return ratio(2 * tp[c], 2 * tp[c] + fp[c] + fn[c]);
    }
  }

  private double average(Averaging a, int kind) {
    switch (a) {
      case BINARY:
        return tp.length > 1 ? perClass(1, kind) : 0;
      case MICRO: {
        long t = 0;
        long f = 0;
        long n = 0;
        for (int c = 0; c < tp.length; c++) {
          t += tp[c];
          f += fp[c];
          n += fn[c];
        }
        return kind == 0 ? ratio(t, t + f) : kind == 1 ? ratio(t, t + n) : ratio(2 * t, 2 * t + f + n);
      }
      case MACRO: {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < tp.length; c++) {
          if (present[c]) {
            sum += perClass(c, kind);
            classes++;
          }
        }
        return sum / classes;
      }
      case WEIGHTED: {
        double sum = 0;
        long total = 0;
        for (int c = 0; c < tp.length; c++) {
          sum += support(c) * perClass(c, kind);
          total += support(c);
        }
        return sum / total;
      }
      default:
        throw new AssertionError(a);
    }
  }
}
