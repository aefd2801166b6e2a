package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Background data: the rows (with weights summing to 1) over which interventional explanations take
 * expectations of "the feature is absent". Summarise a large data set by sampling rows or by
 * k-means centres weighted by their cluster sizes; every summary is seeded and repeatable.
 *
 * <pre>{@code
 * Background bg = Background.kmeans(trainingRows, 20, 42L);   // or Background.sample(rows, 100, 42L)
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Background {
  private final double[][] rows;
  private final double[] weights;

  private Background(double[][] rows, double[] weights) {
    this.rows = rows;
    this.weights = weights;
  }

  /**
   * Uses every row, with equal weights.
   *
   * @param rows the rows, all of one length, finite values
   * @return the background
   * @throws InvalidInputException if there are no rows, lengths differ or a value is not finite
   */
  public static Background of(List<double[]> rows) {
    double[][] r = check(rows);
    double[] w = new double[r.length];
    Arrays.fill(w, 1.0 / r.length);
    return new Background(r, w);
  }

  /**
   * Uses rows with given weights (normalised to sum to 1).
   *
   * @param rows the rows
   * @param weights one positive finite weight per row
   * @return the background
   * @throws InvalidInputException if sizes differ or a weight is not positive and finite
   */
  public static Background weighted(List<double[]> rows, double[] weights) {
    double[][] r = check(rows);
    if (weights.length != r.length) {
      throw new InvalidInputException("weights", weights.length + " weights for " + r.length + " rows; give one weight per row.");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w > 0) || !Double.isFinite(w)) {
        throw new InvalidInputException("weights", "Background weights must be positive and finite.");
      }
      sum += w;
    }
    double[] w = new double[r.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i] / sum;
    }
    return new Background(r, w);
  }

  /**
   * Samples {@code n} rows without replacement (all rows when there are fewer).
   *
   * @param rows the rows
   * @param n how many to keep, at least 1
   * @param seed the seed
   * @return the background
   * @throws InvalidInputException if there are no rows or a row is invalid
   */
  public static Background sample(List<double[]> rows, int n, long seed) {
    double[][] r = check(rows);
    if (n < 1) {
      throw new InvalidInputException("n", "Sample at least one background row.");
    }
    if (n >= r.length) {
      return of(rows);
    }
    int[] idx = new int[r.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int j = i + rnd.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      out.add(r[idx[i]]);
    }
    return of(out);
  }

  /**
   * Summarises rows by {@code k} k-means centres (k-means++ start, Lloyd iterations), each weighted by
   * the share of rows in its cluster. Columns are standardised for the distance only; centres are in
   * the original units.
   *
   * @param rows the rows
   * @param k the number of centres, at least 1 (all rows when there are no more than k)
   * @param seed the seed
   * @return the background
   * @throws InvalidInputException if there are no rows or a row is invalid
   */
  public static Background kmeans(List<double[]> rows, int k, long seed) {
    double[][] r = check(rows);
    if (k < 1) {
      throw new InvalidInputException("k", "Use at least one k-means centre.");
    }
    if (k >= r.length) {
      return of(rows);
    }
    int n = r.length;
    int m = r[0].length;
    double[] scale = new double[m];
    for (int j = 0; j < m; j++) {
      double mean = 0;
      for (double[] row : r) {
        mean += row[j] / n;
      }
      double var = 0;
      for (double[] row : r) {
        var += (row[j] - mean) * (row[j] - mean) / n;
      }
      scale[j] = var > 0 ? 1 / Math.sqrt(var) : 1;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] centres = new double[k][];
    centres[0] = r[rnd.nextInt(n)].clone();
    double[] d2 = new double[n];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        d2[i] = Math.min(d2[i], dist(r[i], centres[c - 1], scale));
        total += d2[i];
      }
      int pick = 0;
      if (total > 0) {
        double u = rnd.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += d2[i];
          if (acc >= u) {
            pick = i;
            break;
          }
        }
      } else {
        pick = rnd.nextInt(n);
      }
      centres[c] = r[pick].clone();
    }
    int[] assign = new int[n];
    for (int iter = 0; iter < 100; iter++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double d = dist(r[i], centres[c], scale);
          if (d < bd) {
            bd = d;
            best = c;
          }
        }
        if (iter == 0 || assign[i] != best) {
          changed = true;
          assign[i] = best;
        }
      }
      double[][] sums = new double[k][m];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[assign[i]]++;
        for (int j = 0; j < m; j++) {
          sums[assign[i]][j] += r[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) {
          for (int j = 0; j < m; j++) {
            centres[c][j] = sums[c][j] / counts[c];
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    int[] counts = new int[k];
    for (int a : assign) {
      counts[a]++;
    }
    List<double[]> out = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        out.add(centres[c]);
        w.add((double) counts[c]);
      }
    }
    double[] wa = new double[w.size()];
    for (int i = 0; i < wa.length; i++) {
      wa[i] = w.get(i);
    }
    return weighted(out, wa);
  }

  private static double dist(double[] a, double[] b, double[] scale) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double d = (a[j] - b[j]) * scale[j];
      s += d * d;
    }
    return s;
  }

  private static double[][] check(List<double[]> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty()) {
      throw new InvalidInputException("background", "Background data has no rows; pass at least one row (e.g. training rows).");
    }
    int m = rows.get(0).length;
    double[][] r = new double[rows.size()][];
    for (int i = 0; i < r.length; i++) {
      double[] row = rows.get(i);
      if (row.length != m) {
        throw new InvalidInputException("background", "Background row " + i + " has " + row.length + " values, row 0 has " + m
            + "; all rows are in one schema's order.");
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new InvalidInputException("background", "Background row " + i + " has a NaN or infinite value; clean or drop it.");
        }
      }
      r[i] = row.clone();
    }
    return r;
  }

  /**
   * Returns the number of rows.
   *
   * @return the size
   */
  public int size() {
    return rows.length;
  }

  /**
   * Returns the number of values per row.
   *
   * @return the width
   */
  public int width() {
    return rows[0].length;
  }

  /**
   * Returns a copy of one row.
   *
   * @param i the index
   * @return the row
   */
  public double[] row(int i) {
    return rows[i].clone();
  }

  /**
   * Returns the weight of one row.
   *
   * @param i the index
   * @return its weight; the weights sum to 1
   */
  public double weight(int i) {
    return weights[i];
  }

  /**
   * Returns copies of the rows.
   *
   * @return a new list
   */
  public List<double[]> rows() {
    List<double[]> l = new ArrayList<>(rows.length);
    for (double[] r : rows) {
      l.add(r.clone());
    }
    return l;
  }

  double[][] rawRows() {
    return rows;
  }

  double[] rawWeights() {
    return weights;
  }
}
