package dev.mlops.core.explain;

import java.util.Arrays;
import java.util.List;

/**
 * Path-dependent TreeSHAP computed per leaf from precomputed path summaries, in the style of Fast
 * TreeSHAP (Yang, 2021).
 *
 * <p>For a leaf L with value v, unique path features U (d of them) and, for each j in U, R_j the
 * product of the cover fractions of the edges on L's path that split on j, the leaf's game is
 * {@code v_L(S) = v · Π_{j∈U} (j∈S ? b_j : R_j)} where b_j says whether x satisfies every condition
 * on j along the path. With P the set of satisfied features, its Shapley values are
 * <pre>
 *   φ_i = −v · A(P)                                  for i ∉ P
 *   φ_i = v · (1−R_i) · Π_{j∈U\P} R_j · H(P \ {i})  for i ∈ P
 *   H(Q) = Σ_{S⊆Q} |S|!(d−|S|−1)!/d! · Π_{j∈Q\S} R_j,   A(Q) = Π_{j∈U\Q} R_j · H(Q)
 * </pre>
 * The summaries (U, R, the Shapley weights) are computed once per leaf; a row costs one pass over each
 * tree's nodes to find every leaf's P, then per leaf:
 * <ul>
 *   <li>one row ({@link #shap}): H from the coverage polynomial Π_{j∈P}(R_j + z), divided by
 *       (R_i + z) for each i ∈ P (no division by R_i) — O(d²) plain arithmetic per leaf, no recursion
 *       and no path copies;</li>
 *   <li>many rows ({@link #shapAll}, Fast TreeSHAP v2): A(Q) tabulated for all 2<sup>d</sup> subsets
 *       of each leaf once, then O(d) table reads per leaf and row, with φ_i = v·(1−R_i)/R_i·A(P\{i})
 *       for i ∈ P. The tables are built on the first batch; leaves with d &gt; {@link #MAX_TABLE_DEPTH}
 *       or some R_j = 0 use the one-row method.</li>
 * </ul>
 *
 * <p>Immutable (the tables are built once, safely published) and thread-safe.
 */
final class FastTreeShap {
  static final int MAX_TABLE_DEPTH = 12;
  /** Patterns are int bit sets: paths with more unique features go to {@link LundbergTreeShap}. */
  static final int MAX_UNIQUE_FEATURES = 30;

  private final TreeEnsemble ensemble;
  private final TreeTables[] tables;
  private final double[][] weights;
  private volatile boolean tabulated;

  private FastTreeShap(TreeEnsemble ensemble, TreeTables[] tables, int maxUnique) {
    this.ensemble = ensemble;
    this.tables = tables;
    this.weights = new double[maxUnique + 1][];
    for (int d = 0; d <= maxUnique; d++) {
      weights[d] = ExactShapley.weights(d);
    }
  }

  /** Summarises every leaf, or returns null when a path has more than 30 unique features. */
  static FastTreeShap tryCreate(TreeEnsemble ensemble) {
    TreeTables[] tables = new TreeTables[ensemble.trees.length];
    int maxUnique = 0;
    for (int t = 0; t < tables.length; t++) {
      tables[t] = new TreeTables(ensemble.trees[t]);
      if (tables[t].maxUnique > MAX_UNIQUE_FEATURES) {
        return null;
      }
      maxUnique = Math.max(maxUnique, tables[t].maxUnique);
    }
    return new FastTreeShap(ensemble, tables, maxUnique);
  }

  /** Number of table entries (doubles) held, 0 before the first batch. */
  long tableSize() {
    long s = 0;
    for (TreeTables t : tables) {
      if (t.table != null) {
        for (double[] a : t.table) {
          if (a != null) {
            s += a.length;
          }
        }
      }
    }
    return s;
  }

  /** One row. */
  double[] shap(double[] x, int k) {
    double[] phi = new double[ensemble.numFeatures];
    int maxD = weights.length;
    double[] c = new double[maxD + 1];
    double[] q = new double[maxD + 1];
    int[] pattern = new int[0];
    for (int t = 0; t < tables.length; t++) {
      TreeEnsemble.Tree tree = ensemble.trees[t];
      TreeTables tt = tables[t];
      if (pattern.length < tt.leaves) {
        pattern = new int[tt.leaves];
      }
      tt.patterns(tree, x, pattern);
      for (int li = 0; li < tt.leaves; li++) {
        double v = tree.value[tt.leafNode[li]][k];
        if (v != 0) {
          direct(tt, li, pattern[li], v, phi, c, q);
        }
      }
    }
    return phi;
  }

  /** Many rows (Fast TreeSHAP v2): per tree, all rows' patterns, then per leaf its table over the rows. */
  double[][] shapAll(List<double[]> rows, int k) {
    tabulate();
    int n = rows.size();
    double[][] phi = new double[n][ensemble.numFeatures];
    int maxD = weights.length;
    double[] c = new double[maxD + 1];
    double[] q = new double[maxD + 1];
    int[][] patterns = new int[n][];
    for (int t = 0; t < tables.length; t++) {
      TreeEnsemble.Tree tree = ensemble.trees[t];
      TreeTables tt = tables[t];
      for (int r = 0; r < n; r++) {
        if (patterns[r] == null || patterns[r].length < tt.leaves) {
          patterns[r] = new int[Math.max(tt.leaves, 16)];
        }
        tt.patterns(tree, rows.get(r), patterns[r]);
      }
      for (int li = 0; li < tt.leaves; li++) {
        double v = tree.value[tt.leafNode[li]][k];
        if (v == 0 || tt.d[li] == 0) {
          continue;
        }
        double[] a = tt.table[li];
        if (a == null) {
          for (int r = 0; r < n; r++) {
            direct(tt, li, patterns[r][li], v, phi[r], c, q);
          }
          continue;
        }
        int d = tt.d[li];
        int off = tt.off[li];
        int mask = (1 << d) - 1;
        for (int r = 0; r < n; r++) {
          int p = patterns[r][li] & mask;
          double ap = a[p] * v;
          double[] out = phi[r];
          for (int s = 0; s < d; s++) {
            int bit = 1 << s;
            if ((p & bit) != 0) {
              out[tt.feature[off + s]] += tt.ratio[off + s] * a[p ^ bit] * v;
            } else {
              out[tt.feature[off + s]] -= ap;
            }
          }
        }
      }
    }
    return phi;
  }

  private void tabulate() {
    if (tabulated) {
      return;
    }
    synchronized (this) {
      if (!tabulated) {
        for (TreeTables tt : tables) {
          tt.tabulate();
        }
        tabulated = true;
      }
    }
  }

  /** The leaf's Shapley values from its coverage polynomial: O(d²), valid for R_j = 0 too. */
  private void direct(TreeTables tt, int li, int pattern, double v, double[] phi, double[] c, double[] q) {
    int d = tt.d[li];
    if (d == 0) {
      return;
    }
    int off = tt.off[li];
    int p = pattern & ((1 << d) - 1);
    double[] w = weights[d];
    int m = 0;
    c[0] = 1;
    double rest = v;
    for (int s = 0; s < d; s++) {
      double r = tt.r[off + s];
      if ((p & (1 << s)) != 0) {
        // c ← (r + z) · c
        c[m + 1] = c[m];
        for (int i = m; i >= 1; i--) {
          c[i] = c[i - 1] + r * c[i];
        }
        c[0] = r * c[0];
        m++;
      } else {
        rest *= r;
      }
    }
    if (m < d) {
      double h = 0;
      for (int i = 0; i <= m; i++) {
        h += w[i] * c[i];
      }
      double neg = rest * h;
      for (int s = 0; s < d; s++) {
        if ((p & (1 << s)) == 0) {
          phi[tt.feature[off + s]] -= neg;
        }
      }
    }
    if (m == 0) {
      return;
    }
    for (int s = 0; s < d; s++) {
      if ((p & (1 << s)) != 0) {
        double r = tt.r[off + s];
        // q = c / (r + z): q[m−1] = c[m], q[i−1] = c[i] − r q[i]
        q[m - 1] = c[m];
        double hs = w[m - 1] * q[m - 1];
        for (int i = m - 1; i >= 1; i--) {
          q[i - 1] = c[i] - r * q[i];
          hs += w[i - 1] * q[i - 1];
        }
        phi[tt.feature[off + s]] += (1 - r) * rest * hs;
      }
    }
  }

  /** Per-tree leaf summaries, flattened. */
  private static final class TreeTables {
    /** slot[n]: position of node n's split feature among the unique features of its path. */
    final int[] slot;
    final int leaves;
    final int[] leafIndex;
    final int[] leafNode;
    final int[] d;
    final int[] off;
    int[] feature;
    double[] r;
    double[] ratio;
    double[][] table;
    int maxUnique;
    private int used;

    TreeTables(TreeEnsemble.Tree tree) {
      int n = tree.size();
      slot = new int[n];
      leafIndex = new int[n];
      leaves = tree.leaves();
      leafNode = new int[leaves];
      d = new int[leaves];
      off = new int[leaves];
      feature = new int[leaves * 4];
      r = new double[leaves * 4];
      walk(tree, 0, new int[n + 1], new double[n + 1], 0, new int[] {0});
      feature = Arrays.copyOf(feature, used);
      r = Arrays.copyOf(r, used);
      ratio = new double[used];
      for (int i = 0; i < used; i++) {
        ratio[i] = r[i] > 0 ? (1 - r[i]) / r[i] : 0;
      }
    }

    private void walk(TreeEnsemble.Tree tree, int node, int[] pf, double[] pr, int depth, int[] nextLeaf) {
      if (tree.isLeaf(node)) {
        int li = nextLeaf[0]++;
        leafIndex[node] = li;
        leafNode[li] = node;
        maxUnique = Math.max(maxUnique, depth);
        if (depth > MAX_UNIQUE_FEATURES) {
          return;
        }
        d[li] = depth;
        off[li] = used;
        if (used + depth > feature.length) {
          feature = Arrays.copyOf(feature, Math.max(feature.length * 2, used + depth));
          r = Arrays.copyOf(r, feature.length);
        }
        System.arraycopy(pf, 0, feature, used, depth);
        System.arraycopy(pr, 0, r, used, depth);
        used += depth;
        return;
      }
      int f = tree.feature[node];
      int s = -1;
      for (int i = 0; i < depth; i++) {
        if (pf[i] == f) {
          s = i;
          break;
        }
      }
      int dd = depth;
      if (s < 0) {
        s = depth;
        pf[depth] = f;
        pr[depth] = 1;
        dd = depth + 1;
      }
      slot[node] = s;
      double saved = pr[s];
      pr[s] = saved * tree.fracLeft[node];
      walk(tree, tree.left[node], pf, pr, dd, nextLeaf);
      pr[s] = saved * tree.fracRight[node];
      walk(tree, tree.right[node], pf, pr, dd, nextLeaf);
      pr[s] = saved;
    }

    /** Every leaf's pattern for one row: bit s set when x satisfies all conditions on slot s. */
    void patterns(TreeEnsemble.Tree tree, double[] x, int[] out) {
      int[] stackNode = new int[64];
      int[] stackPattern = new int[64];
      int sp = 0;
      stackNode[sp] = 0;
      stackPattern[sp++] = -1;
      while (sp > 0) {
        int n = stackNode[--sp];
        int pattern = stackPattern[sp];
        if (tree.left[n] < 0) {
          out[leafIndex[n]] = pattern;
          continue;
        }
        int hot = x[tree.feature[n]] > tree.threshold[n] ? tree.right[n] : tree.left[n];
        int cold = hot == tree.left[n] ? tree.right[n] : tree.left[n];
        if (sp + 2 > stackNode.length) {
          stackNode = Arrays.copyOf(stackNode, stackNode.length * 2);
          stackPattern = Arrays.copyOf(stackPattern, stackPattern.length * 2);
        }
        int s = slot[n];
        stackNode[sp] = cold;
        stackPattern[sp++] = s < 32 ? pattern & ~(1 << s) : pattern;
        stackNode[sp] = hot;
        stackPattern[sp++] = pattern;
      }
    }

    void tabulate() {
      double[][] t = new double[leaves][];
      for (int li = 0; li < leaves; li++) {
        int dl = d[li];
        if (dl == 0 || dl > MAX_TABLE_DEPTH) {
          continue;
        }
        boolean positive = true;
        for (int s = 0; s < dl; s++) {
          positive &= r[off[li] + s] > 0;
        }
        if (positive) {
          t[li] = FastTreeShap.tabulate(Arrays.copyOfRange(r, off[li], off[li] + dl));
        }
      }
      table = t;
    }
  }

  /** A(Q) for every subset Q of the d slots. */
  static double[] tabulate(double[] r) {
    int d = r.length;
    double[] w = ExactShapley.weights(d);
    int size = 1 << d;
    double[] a = new double[size];
    double[][] poly = new double[size][];
    poly[0] = new double[] {1};
    for (int q = 1; q < size; q++) {
      int top = 31 - Integer.numberOfLeadingZeros(q);
      double[] prev = poly[q ^ (1 << top)];
      double[] next = new double[prev.length + 1];
      for (int i = 0; i < prev.length; i++) {
        next[i] += r[top] * prev[i];
        next[i + 1] += prev[i];
      }
      poly[q] = next;
    }
    for (int q = 0; q < size; q++) {
      double h = 0;
      double[] c = poly[q];
      for (int i = 0; i < c.length && i < d; i++) {
        h += w[i] * c[i];
      }
      double rest = 1;
      for (int s = 0; s < d; s++) {
        if ((q & (1 << s)) == 0) {
          rest *= r[s];
        }
      }
      a[q] = rest * h;
    }
    return a;
  }
}
