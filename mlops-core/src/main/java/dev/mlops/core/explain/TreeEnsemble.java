package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trees flattened to arrays, the form every TreeSHAP algorithm here works on: a node splits on
 * {@code feature[n]} and sends {@code x[feature] > threshold[n]} to {@code right[n]}, the rest to
 * {@code left[n]} (Tribuo's rule); a leaf ({@code left[n] < 0}) holds one value per output, already
 * scaled by the tree's weight in the ensemble, so the ensemble's output is the sum over trees.
 *
 * <p>Covers (how many rows of a data set reach each node) are recomputed by passing rows through the
 * trees; the fraction of a node's cover that reaches a child defines the path-dependent expectation.
 * A node no row reaches gives each child half. Immutable after {@link #withCovers}; thread-safe.
 */
final class TreeEnsemble {
  final int numFeatures;
  final List<String> outputs;
  final Tree[] trees;

  TreeEnsemble(int numFeatures, List<String> outputs, List<Tree> trees) {
    this.numFeatures = numFeatures;
    this.outputs = List.copyOf(outputs);
    this.trees = trees.toArray(new Tree[0]);
  }

  static final class Tree {
    final int[] feature;
    final double[] threshold;
    final int[] left;
    final int[] right;
    /** value[node][output] for leaves; null for splits. */
    final double[][] value;
    /** Fraction of a node's cover that goes to its left / right child. */
    final double[] fracLeft;
    final double[] fracRight;
    final double[] cover;

    Tree(int[] feature, double[] threshold, int[] left, int[] right, double[][] value, double[] cover) {
      this.feature = feature;
      this.threshold = threshold;
      this.left = left;
      this.right = right;
      this.value = value;
      this.cover = cover;
      int n = feature.length;
      this.fracLeft = new double[n];
      this.fracRight = new double[n];
      if (cover != null) {
        for (int i = 0; i < n; i++) {
          if (left[i] >= 0) {
            if (cover[i] > 0) {
              fracLeft[i] = cover[left[i]] / cover[i];
              fracRight[i] = cover[right[i]] / cover[i];
            } else {
              fracLeft[i] = 0.5;
              fracRight[i] = 0.5;
            }
          }
        }
      }
    }

    int size() {
      return feature.length;
    }

    boolean isLeaf(int n) {
      return left[n] < 0;
    }

    int next(int n, double[] x) {
      return x[feature[n]] > threshold[n] ? right[n] : left[n];
    }

    int leaf(double[] x) {
      int n = 0;
      while (left[n] >= 0) {
        n = next(n, x);
      }
      return n;
    }

    double fraction(int parent, int child) {
      return child == left[parent] ? fracLeft[parent] : fracRight[parent];
    }

    Tree withCovers(double[] newCover) {
      return new Tree(feature, threshold, left, right, value, newCover);
    }

    int depth() {
      return depth(0);
    }

    private int depth(int n) {
      return left[n] < 0 ? 0 : 1 + Math.max(depth(left[n]), depth(right[n]));
    }

    int leaves() {
      int c = 0;
      for (int l : left) {
        if (l < 0) {
          c++;
        }
      }
      return c;
    }
  }

  /** Recomputes every node's cover from rows (weights 1). */
  TreeEnsemble withCovers(List<double[]> rows) {
    if (rows.isEmpty()) {
      throw new InvalidInputException("rows", "Covers need at least one row: pass the training rows (or a background sample).");
    }
    List<Tree> out = new ArrayList<>(trees.length);
    for (Tree t : trees) {
      double[] cover = new double[t.size()];
      for (double[] x : rows) {
        if (x.length != numFeatures) {
          throw new InvalidInputException("rows", "A cover row has " + x.length + " values but the model has " + numFeatures
              + " features; give rows in the model's schema order.");
        }
        int n = 0;
        cover[0]++;
        while (!t.isLeaf(n)) {
          n = t.next(n, x);
          cover[n]++;
        }
      }
      out.add(t.withCovers(cover));
    }
    return new TreeEnsemble(numFeatures, outputs, out);
  }

  double predict(double[] x, int k) {
    double s = 0;
    for (Tree t : trees) {
      s += t.value[t.leaf(x)][k];
    }
    return s;
  }

  /** The path-dependent expectation E[f(x) | x_S] of output k, S given by inS (Lundberg's Algorithm 1). */
  double expectation(double[] x, boolean[] inS, int k) {
    double s = 0;
    for (Tree t : trees) {
      s += expectation(t, 0, x, inS, k);
    }
    return s;
  }

  private static double expectation(Tree t, int n, double[] x, boolean[] inS, int k) {
    if (t.isLeaf(n)) {
      return t.value[n][k];
    }
    if (inS[t.feature[n]]) {
      return expectation(t, t.next(n, x), x, inS, k);
    }
    return t.fracLeft[n] * expectation(t, t.left[n], x, inS, k) + t.fracRight[n] * expectation(t, t.right[n], x, inS, k);
  }

  int maxDepth() {
    int d = 0;
    for (Tree t : trees) {
      d = Math.max(d, t.depth());
    }
    return d;
  }

  double meanLeaves() {
    double s = 0;
    for (Tree t : trees) {
      s += t.leaves();
    }
    return s / trees.length;
  }
}
