package dev.mlops.monitoring.drift;

import java.util.Arrays;

/** Helpers over ascending samples and sketch views. Stateless. */
final class SortedSamples {
  private SortedSamples() {}

  /** Number of values {@code <= x} in an ascending array. */
  static int countAtMost(double[] sorted, double x) {
    return count(sorted, x, true);
  }

  /** Number of values {@code < x} in an ascending array. */
  static int countBelow(double[] sorted, double x) {
    return count(sorted, x, false);
  }

  private static int count(double[] sorted, double x, boolean inclusive) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x || (inclusive && sorted[mid] == x)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Distinct values of an ascending array, stopping once more than {@code cap} are found. */
  static int distinct(double[] sorted, int cap) {
    int d = 0;
    for (int i = 0; i < sorted.length && d <= cap; ) {
      double v = sorted[i];
      d++;
      i = countAtMost(sorted, v);
    }
    return d;
  }

  /** Distinct values over two ascending arrays, stopping once more than {@code cap} are found. */
  static int distinctUnion(double[] a, double[] b, int cap) {
    int d = 0;
    int i = 0;
    int j = 0;
    while ((i < a.length || j < b.length) && d <= cap) {
      double v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      d++;
      i = countAtMost(a, v);
      j = countAtMost(b, v);
    }
    return d;
  }

  /** The distinct values and their counts of an ascending array. */
  static ValueCounts valueCounts(double[] sorted) {
    double[] v = new double[16];
    long[] c = new long[16];
    int d = 0;
    for (int i = 0; i < sorted.length; ) {
      int next = countAtMost(sorted, sorted[i]);
      if (d == v.length) {
        v = Arrays.copyOf(v, d * 2);
        c = Arrays.copyOf(c, d * 2);
      }
      v[d] = sorted[i];
      c[d++] = next - i;
      i = next;
    }
    return new ValueCounts(Arrays.copyOf(v, d), Arrays.copyOf(c, d));
  }

  /** Distinct ascending values with counts. */
  record ValueCounts(double[] values, long[] counts) {}

  /** Weight of a sketch view strictly below x. */
  static long weightBelow(double[] values, long[] cumulative, double x) {
    int k = countBelow(values, x);
    return k == 0 ? 0 : cumulative[k - 1];
  }

  /** Weight of a sketch view at or below x. */
  static long weightAtMost(double[] values, long[] cumulative, double x) {
    int k = countAtMost(values, x);
    return k == 0 ? 0 : cumulative[k - 1];
  }

  /** Approximate counts of a sketch view per bin, as np.histogram. */
  static long[] histogram(double[] values, long[] cumulative, double[] edges) {
    long[] out = new long[edges.length - 1];
    for (int i = 0; i < out.length; i++) {
      long lo = weightBelow(values, cumulative, edges[i]);
      long hi = i == out.length - 1 ? weightAtMost(values, cumulative, edges[i + 1])
          : weightBelow(values, cumulative, edges[i + 1]);
      out[i] = hi - lo;
    }
    return out;
  }

  /** sup |F_ref - F_cur| with F_ref from a weighted sample. */
  static double ksStatistic(double[] rv, long[] rc, double[] cur) {
    double nr = rc[rc.length - 1];
    double nc = cur.length;
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < rv.length || j < cur.length) {
      double x = j >= cur.length || (i < rv.length && rv[i] <= cur[j]) ? rv[i] : cur[j];
      while (i < rv.length && rv[i] <= x) {
        i++;
      }
      j = countAtMost(cur, x);
      double fr = i == 0 ? 0 : rc[i - 1] / nr;
      double fc = j / nc;
      d = Math.max(d, Math.abs(fr - fc));
    }
    return d;
  }

  /** Integral of |F_ref - F_cur| with F_ref from a weighted sample (Wasserstein-1). */
  static double wasserstein(double[] rv, long[] rc, double[] cur) {
    double nr = rc[rc.length - 1];
    double nc = cur.length;
    int i = 0;
    int j = 0;
    double sum = 0;
    double prev = Double.NaN;
    double diff = 0;
    while (i < rv.length || j < cur.length) {
      double x = j >= cur.length || (i < rv.length && rv[i] <= cur[j]) ? rv[i] : cur[j];
      if (!Double.isNaN(prev)) {
        sum += diff * (x - prev);
      }
      while (i < rv.length && rv[i] <= x) {
        i++;
      }
      while (j < cur.length && cur[j] <= x) {
        j++;
      }
      double fr = i == 0 ? 0 : rc[i - 1] / nr;
      diff = Math.abs(fr - j / nc);
      prev = x;
    }
    return sum;
  }
}
