package dev.mlops.monitoring.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Maximum mean discrepancy between two samples with a Gaussian kernel and a seeded permutation
 * test. Stateless.
 *
 * <p>Definition: the pooled sample z (after subsampling each side to at most {@value
 * #MAX_PER_SIDE} values, seeded, without replacement, since the kernel matrix is quadratic);
 * bandwidth s = the median of |z_i - z_j| over pairs i &lt; j (the median heuristic; 1 when that
 * median is 0); kernel k(a, b) = exp(-(a - b)^2 / (2 s^2)); statistic = the biased squared MMD
 * {@code mean(Kxx) + mean(Kyy) - 2 mean(Kxy)}. The p-value is {@code (1 + #{permuted >=
 * observed}) / (1 + permutations)} over random relabellings drawn from a {@link
 * SplittableRandom} seeded with the given seed, so it is never 0 and the same inputs and seed
 * give the same p-value.
 */
final class MaximumMeanDiscrepancy {

  /** Samples larger than this are subsampled (seeded) before the quadratic kernel matrix. */
  static final int MAX_PER_SIDE = 500;

  private MaximumMeanDiscrepancy() {}

  static double[] test(double[] x, double[] y, int permutations, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] a = subsample(x, random);
    double[] b = subsample(y, random);
    int n1 = a.length;
    int n2 = b.length;
    int n = n1 + n2;
    double[] z = new double[n];
    System.arraycopy(a, 0, z, 0, n1);
    System.arraycopy(b, 0, z, n1, n2);
    double s = medianPairwiseDistance(z);
    if (s == 0.0) {
      s = 1.0;
    }
    double[][] k = new double[n][n];
    double[] rowSum = new double[n];
    double total = 0.0;
    double scale = 1.0 / (2 * s * s);
    for (int i = 0; i < n; i++) {
      k[i][i] = 1.0;
      for (int j = 0; j < i; j++) {
        double d = z[i] - z[j];
        double v = Math.exp(-d * d * scale);
        k[i][j] = v;
        k[j][i] = v;
      }
    }
    for (int i = 0; i < n; i++) {
      double r = 0.0;
      for (int j = 0; j < n; j++) {
        r += k[i][j];
      }
      rowSum[i] = r;
      total += r;
    }
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    double observed = statistic(k, rowSum, total, index, n1, n2);
    int atLeast = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = index[i];
        index[i] = index[j];
        index[j] = t;
      }
      if (statistic(k, rowSum, total, index, n1, n2) >= observed) {
        atLeast++;
      }
    }
    double pValue = (1.0 + atLeast) / (1.0 + permutations);
    return new double[] {Math.max(0.0, observed), pValue};
  }

  /** Biased squared MMD with the first n1 entries of {@code index} as the first sample. */
  private static double statistic(
      double[][] k, double[] rowSum, double total, int[] index, int n1, int n2) {
    double sxx = 0.0;
    double sx = 0.0;
    for (int i = 0; i < n1; i++) {
      double[] row = k[index[i]];
      sx += rowSum[index[i]];
      for (int j = 0; j < n1; j++) {
        sxx += row[index[j]];
      }
    }
    double sxy = sx - sxx;
    double syy = total - 2 * sx + sxx;
    return sxx / ((double) n1 * n1) + syy / ((double) n2 * n2) - 2 * sxy / ((double) n1 * n2);
  }

  private static double[] subsample(double[] x, SplittableRandom random) {
    if (x.length <= MAX_PER_SIDE) {
      return x;
    }
    double[] copy = x.clone();
    for (int i = 0; i < MAX_PER_SIDE; i++) {
      int j = i + random.nextInt(copy.length - i);
      double t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    double[] out = Arrays.copyOf(copy, MAX_PER_SIDE);
    Arrays.sort(out);
    return out;
  }

  /** numpy.median of |z_i - z_j| over i < j (0 when there is a single value). */
  static double medianPairwiseDistance(double[] z) {
    int n = z.length;
    long pairs = (long) n * (n - 1) / 2;
    if (pairs == 0) {
      return 0.0;
    }
    double[] d = new double[(int) pairs];
    int q = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        d[q++] = Math.abs(z[i] - z[j]);
      }
    }
    Arrays.sort(d);
    int mid = d.length / 2;
    return d.length % 2 == 1 ? d[mid] : (d[mid - 1] + d[mid]) / 2.0;
  }
}
