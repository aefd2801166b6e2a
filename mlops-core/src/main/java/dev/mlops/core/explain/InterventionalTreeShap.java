package dev.mlops.core.explain;

/**
 * Interventional TreeSHAP: exact Shapley values of {@code v(S) = Σ_b w_b f(x_S, b_rest)} for a tree
 * ensemble, one traversal per tree and background row (Lundberg et al. 2020, "From local explanations
 * to global understanding with explainable AI for trees", the independent / interventional variant).
 * Where x and the background row b go the same way the path continues; where they part, the x branch
 * puts the feature in S and the b branch leaves it out, and a feature keeps its side on the rest of the
 * path. A leaf reached with a features from x and c from b adds v·(a−1)!c!/(a+c)! to each x feature and
 * subtracts v·a!(c−1)!/(a+c)! from each b feature. Stateless and thread-safe.
 */
final class InterventionalTreeShap {
  private InterventionalTreeShap() {}

  static double[] shap(TreeEnsemble ensemble, double[] x, Background background, int k) {
    int m = ensemble.numFeatures;
    double[] phi = new double[m];
    int maxD = ensemble.maxDepth() + 1;
    double[] fact = new double[maxD + 2];
    fact[0] = 1;
    for (int i = 1; i < fact.length; i++) {
      fact[i] = fact[i - 1] * i;
    }
    byte[] state = new byte[m];
    int[] xs = new int[maxD];
    int[] zs = new int[maxD];
    double[][] rows = background.rawRows();
    double[] weights = background.rawWeights();
    for (TreeEnsemble.Tree t : ensemble.trees) {
      for (int b = 0; b < rows.length; b++) {
        recurse(t, 0, x, rows[b], k, weights[b], phi, state, xs, 0, zs, 0, fact);
      }
    }
    return phi;
  }

  private static void recurse(TreeEnsemble.Tree t, int n, double[] x, double[] z, int k, double w, double[] phi,
      byte[] state, int[] xs, int a, int[] zs, int c, double[] fact) {
    while (!t.isLeaf(n)) {
      int f = t.feature[n];
      int xn = t.next(n, x);
      int zn = t.next(n, z);
      if (state[f] == 1) {
        n = xn;
      } else if (state[f] == 2) {
        n = zn;
      } else if (xn == zn) {
        n = xn;
      } else {
        state[f] = 1;
        xs[a] = f;
        recurse(t, xn, x, z, k, w, phi, state, xs, a + 1, zs, c, fact);
        state[f] = 2;
        zs[c] = f;
        recurse(t, zn, x, z, k, w, phi, state, xs, a, zs, c + 1, fact);
        state[f] = 0;
        return;
      }
    }
    double v = t.value[n][k] * w;
    if (v == 0) {
      return;
    }
    if (a > 0) {
      double pos = v * fact[a - 1] * fact[c] / fact[a + c];
      for (int i = 0; i < a; i++) {
        phi[xs[i]] += pos;
      }
    }
    if (c > 0) {
      double neg = v * fact[a] * fact[c - 1] / fact[a + c];
      for (int i = 0; i < c; i++) {
        phi[zs[i]] -= neg;
      }
    }
  }
}
