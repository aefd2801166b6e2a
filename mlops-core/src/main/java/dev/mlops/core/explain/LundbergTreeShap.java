package dev.mlops.core.explain;

/**
 * Path-dependent TreeSHAP exactly as Lundberg, Erion and Lee give it (Algorithm 2 of "Consistent
 * Individualized Feature Attribution for Tree Ensembles", 2018): one recursion per tree carrying the
 * path of unique features with EXTEND, UNWIND and the unwound sum. O(T·L·D²) per row. Kept
 * straightforward on purpose: it is the second opinion for {@link FastTreeShap}. Stateless and
 * thread-safe.
 */
final class LundbergTreeShap {
  private LundbergTreeShap() {}

  static double[] shap(TreeEnsemble ensemble, double[] x, int k) {
    double[] phi = new double[ensemble.numFeatures];
    int maxD = ensemble.maxDepth() + 2;
    for (TreeEnsemble.Tree t : ensemble.trees) {
      PathElement[] path = new PathElement[(maxD + 1) * (maxD + 2) / 2 + maxD + 2];
      for (int i = 0; i < path.length; i++) {
        path[i] = new PathElement();
      }
      recurse(t, 0, x, k, phi, path, 0, 0, 1, 1, -1);
    }
    return phi;
  }

  private static final class PathElement {
    int feature;
    double zero;
    double one;
    double weight;

    void set(PathElement o) {
      feature = o.feature;
      zero = o.zero;
      one = o.one;
      weight = o.weight;
    }
  }

  /** The path lives at path[offset .. offset+depth]; children get a copy after it. */
  private static void recurse(TreeEnsemble.Tree t, int node, double[] x, int k, double[] phi, PathElement[] path,
      int offset, int depth, double zero, double one, int feature) {
    // copy the parent's path so that siblings do not see each other's changes
    int start = offset;
    if (depth > 0) {
      start = offset + depth;
      for (int i = 0; i < depth; i++) {
        path[start + i].set(path[offset + i]);
      }
    }
    extend(path, start, depth, zero, one, feature);
    if (t.isLeaf(node)) {
      double v = t.value[node][k];
      for (int i = 1; i <= depth; i++) {
        double w = unwoundSum(path, start, depth, i);
        PathElement e = path[start + i];
        phi[e.feature] += w * (e.one - e.zero) * v;
      }
      return;
    }
    int hot = t.next(node, x);
    int cold = hot == t.left[node] ? t.right[node] : t.left[node];
    double incomingZero = 1;
    double incomingOne = 1;
    int d = depth;
    int f = t.feature[node];
    int found = -1;
    for (int i = 1; i <= d; i++) {
      if (path[start + i].feature == f) {
        found = i;
        break;
      }
    }
    if (found >= 0) {
      incomingZero = path[start + found].zero;
      incomingOne = path[start + found].one;
      unwind(path, start, d, found);
      d -= 1;
    }
    double hotZero = t.fraction(node, hot) * incomingZero;
    double coldZero = t.fraction(node, cold) * incomingZero;
    if (hotZero != 0 || incomingOne != 0) {
      recurse(t, hot, x, k, phi, path, start, d + 1, hotZero, incomingOne, f);
    }
    if (coldZero != 0) {
      recurse(t, cold, x, k, phi, path, start, d + 1, coldZero, 0, f);
    }
  }

  private static void extend(PathElement[] m, int s, int l, double pz, double po, int pi) {
    m[s + l].feature = pi;
    m[s + l].zero = pz;
    m[s + l].one = po;
    m[s + l].weight = l == 0 ? 1 : 0;
    for (int i = l - 1; i >= 0; i--) {
      m[s + i + 1].weight += po * m[s + i].weight * (i + 1) / (double) (l + 1);
      m[s + i].weight = pz * m[s + i].weight * (l - i) / (double) (l + 1);
    }
  }

  private static void unwind(PathElement[] m, int s, int l, int i) {
    double one = m[s + i].one;
    double zero = m[s + i].zero;
    double n = m[s + l].weight;
    for (int j = l - 1; j >= 0; j--) {
      if (one != 0) {
        double tmp = m[s + j].weight;
        m[s + j].weight = n * (l + 1) / ((j + 1) * one);
        n = tmp - m[s + j].weight * zero * (l - j) / (double) (l + 1);
      } else {
        m[s + j].weight = m[s + j].weight * (l + 1) / (zero * (l - j));
      }
    }
    for (int j = i; j < l; j++) {
      m[s + j].feature = m[s + j + 1].feature;
      m[s + j].zero = m[s + j + 1].zero;
      m[s + j].one = m[s + j + 1].one;
    }
  }

  private static double unwoundSum(PathElement[] m, int s, int l, int i) {
    double one = m[s + i].one;
    double zero = m[s + i].zero;
    double n = m[s + l].weight;
    double total = 0;
    for (int j = l - 1; j >= 0; j--) {
      if (one != 0) {
        double tmp = n * (l + 1) / ((j + 1) * one);
        total += tmp;
        n = m[s + j].weight - tmp * zero * (l - j) / (double) (l + 1);
      } else {
        total += (m[s + j].weight / zero) / ((l - j) / (double) (l + 1));
      }
    }
    return total;
  }
}
