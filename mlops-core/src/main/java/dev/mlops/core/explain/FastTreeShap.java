package dev.mlops.core.explain;

/**
 * Path-dependent TreeSHAP with per-leaf precomputation in the style of Fast TreeSHAP v2 (Yang, 2021).
 *
 * <p>For a leaf L with value v, unique path features U (d of them) and, for each j in U, R_j the
 * product of the cover fractions of the edges on L's path that split on j, the leaf's game is
 * {@code v_L(S) = v · Π_{j∈U} (j∈S ? b_j : R_j)} where b_j says whether x satisfies every condition
 * on j along the path. Writing P for the set of satisfied features, its Shapley values are
 * <pre>
 *   φ_i = −v · A(P)                        for i ∉ P
 *   φ_i = v · (1−R_i)/R_i · A(P \ {i})     for i ∈ P
 *   A(Q) = Π_{j∈U\Q} R_j · Σ_{S⊆Q} |S|!(d−|S|−1)!/d! · Π_{j∈Q\S} R_j
 * </pre>
 * A(Q) does not depend on x, so it is tabulated for all 2<sup>d</sup> subsets once per leaf; a row
 * then costs one pass over the tree's nodes plus O(d) per leaf: O(T·L·D) instead of O(T·L·D²).
 * Leaves deeper than {@link #MAX_TABLE_DEPTH} unique features, or with some R_j = 0 (no cover row
 * reaches them), are computed at explain time by dividing the coverage polynomial by (R_i + z)
 * (O(d²), no division by R_i).
 *
 * <p>Immutable after construction and thread-safe.
 */
final class FastTreeShap {
  static final int MAX_TABLE_DEPTH = 12;

  /** Patterns are int bit sets: paths with more unique features go to {@link LundbergTreeShap}. */
  static final int MAX_UNIQUE_FEATURES = 30;

  private final TreeEnsemble ensemble;
  private final TreeTables[] tables;

  private FastTreeShap(TreeEnsemble ensemble, TreeTables[] tables) {
    this.ensemble = ensemble;
    this.tables = tables;
  }

  /** Precomputes the tables, or returns null when a path has more than 30 unique features. */
  static FastTreeShap tryCreate(TreeEnsemble ensemble) {
    TreeTables[] tables = new TreeTables[ensemble.trees.length];
    for (int t = 0; t < tables.length; t++) {
      tables[t] = new TreeTables(ensemble.trees[t]);
      if (tables[t].maxUnique > MAX_UNIQUE_FEATURES) {
        return null;
      }
    }
    return new FastTreeShap(ensemble, tables);
  }

  /** Number of table entries (doubles) held. */
  long tableSize() {
    long s = 0;
    for (TreeTables t : tables) {
      for (double[] a : t.table) {
        if (a != null) {
          s += a.length;
        }
      }
    }
    return s;
  }

  double[] shap(double[] x, int k) {
    double[] phi = new double[ensemble.numFeatures];
    int[] stackNode = new int[64];
    int[] stackPattern = new int[64];
    for (int t = 0; t < tables.length; t++) {
      TreeEnsemble.Tree tree = ensemble.trees[t];
      TreeTables tt = tables[t];
      int sp = 0;
      stackNode[sp] = 0;
      stackPattern[sp++] = -1;
      while (sp > 0) {
        int n = stackNode[--sp];
        int pattern = stackPattern[sp];
        if (tree.isLeaf(n)) {
          int li = tt.leafIndex[n];
          double v = tree.value[n][k];
          if (v != 0) {
            tt.leaf(li, pattern, v, phi);
          }
          continue;
        }
        int hot = tree.next(n, x);
        int cold = hot == tree.left[n] ? tree.right[n] : tree.left[n];
        if (sp + 2 > stackNode.length) {
          stackNode = java.util.Arrays.copyOf(stackNode, stackNode.length * 2);
          stackPattern = java.util.Arrays.copyOf(stackPattern, stackPattern.length * 2);
        }
        int slot = tt.slot[n];
        stackNode[sp] = cold;
        stackPattern[sp++] = slot < 32 ? pattern & ~(1 << slot) : pattern;
        stackNode[sp] = hot;
        stackPattern[sp++] = pattern;
      }
    }
    return phi;
  }

  /** Per-tree precomputation. */
  private static final class TreeTables {
    /** slot[n]: position of node n's split feature among the unique features of its path. */
    final int[] slot;
    final int[] leafIndex;
    /** Per leaf: features by slot, R by slot, (1−R)/R by slot, the A table (null: compute at run time). */
    final int[][] features;
    final double[][] r;
    final double[][] ratio;
    final double[][] table;
    int maxUnique;

    TreeTables(TreeEnsemble.Tree tree) {
      int n = tree.size();
      slot = new int[n];
      leafIndex = new int[n];
      int leaves = tree.leaves();
      features = new int[leaves][];
      r = new double[leaves][];
      ratio = new double[leaves][];
      table = new double[leaves][];
      int[] pathFeatures = new int[n + 1];
      double[] pathR = new double[n + 1];
      walk(tree, 0, pathFeatures, pathR, 0, new int[] {0});
    }

    private void walk(TreeEnsemble.Tree tree, int node, int[] pf, double[] pr, int d, int[] nextLeaf) {
      if (tree.isLeaf(node)) {
        int li = nextLeaf[0]++;
        leafIndex[node] = li;
        maxUnique = Math.max(maxUnique, d);
        if (d > MAX_UNIQUE_FEATURES) {
          return;
        }
        features[li] = java.util.Arrays.copyOf(pf, d);
        r[li] = java.util.Arrays.copyOf(pr, d);
        boolean positive = true;
        ratio[li] = new double[d];
        for (int s = 0; s < d; s++) {
          positive &= r[li][s] > 0;
          ratio[li][s] = r[li][s] > 0 ? (1 - r[li][s]) / r[li][s] : 0;
        }
        if (positive && d <= MAX_TABLE_DEPTH) {
          table[li] = tabulate(r[li]);
        }
        return;
      }
      int f = tree.feature[node];
      int s = -1;
      for (int i = 0; i < d; i++) {
        if (pf[i] == f) {
          s = i;
          break;
        }
      }
      int dd = d;
      if (s < 0) {
        s = d;
        pf[d] = f;
        pr[d] = 1;
        dd = d + 1;
      }
      slot[node] = s;
      double saved = pr[s];
      pr[s] = saved * tree.fracLeft[node];
      walk(tree, tree.left[node], pf, pr, dd, nextLeaf);
      pr[s] = saved * tree.fracRight[node];
      walk(tree, tree.right[node], pf, pr, dd, nextLeaf);
      pr[s] = saved;
    }

    void leaf(int li, int pattern, double v, double[] phi) {
      int[] f = features[li];
      int d = f.length;
      if (d == 0) {
        return;
      }
      int p = pattern & ((1 << d) - 1);
      double[] a = table[li];
      if (a != null) {
        double ap = a[p] * v;
        double[] q = ratio[li];
        for (int s = 0; s < d; s++) {
          int bit = 1 << s;
          if ((p & bit) != 0) {
            phi[f[s]] += q[s] * a[p ^ bit] * v;
          } else {
            phi[f[s]] -= ap;
          }
        }
      } else {
        direct(f, r[li], p, v, phi);
      }
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
      poly[q] = timesRootPlusZ(prev, r[top]);
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

  /** (R + z) · c, coefficients by ascending power of z. */
  private static double[] timesRootPlusZ(double[] c, double root) {
    double[] out = new double[c.length + 1];
    for (int i = 0; i < c.length; i++) {
      out[i] += root * c[i];
      out[i + 1] += c[i];
    }
    return out;
  }

  /** The leaf's Shapley values without the table: O(d²), valid for R_j = 0 too. */
  static void direct(int[] f, double[] r, int p, double v, double[] phi) {
    int d = f.length;
    double[] w = ExactShapley.weights(d);
    double[] c = {1};
    double rest = 1;
    for (int s = 0; s < d; s++) {
      if ((p & (1 << s)) != 0) {
        c = timesRootPlusZ(c, r[s]);
      } else {
        rest *= r[s];
      }
    }
    double h = 0;
    for (int i = 0; i < c.length && i < d; i++) {
      h += w[i] * c[i];
    }
    int m = c.length - 1;
    for (int s = 0; s < d; s++) {
      if ((p & (1 << s)) == 0) {
        phi[f[s]] -= v * rest * h;
      } else {
        // divide c by (R_s + z): q[m−1] = c[m], q[i−1] = c[i] − R_s q[i]
        double[] q = new double[m];
        q[m - 1] = c[m];
        for (int i = m - 1; i >= 1; i--) {
          q[i - 1] = c[i] - r[s] * q[i];
        }
        double hs = 0;
        for (int i = 0; i < m; i++) {
          hs += w[i] * q[i];
        }
        phi[f[s]] += v * (1 - r[s]) * rest * hs;
      }
    }
  }
}
