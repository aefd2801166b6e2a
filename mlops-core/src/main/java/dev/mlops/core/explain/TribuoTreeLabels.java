package dev.mlops.core.explain;

import java.util.List;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;

/** Leaf values of classification trees; loaded only for classifiers. Stateless and thread-safe. */
final class TribuoTreeLabels {
  private TribuoTreeLabels() {}

  @SuppressWarnings("unchecked")
  static double[] values(LeafNode<?> leaf, List<String> labels, TribuoTrees.Combination combination, double weight) {
    LeafNode<Label> l = (LeafNode<Label>) leaf;
    double[] v = new double[labels.size()];
    if (combination == TribuoTrees.Combination.VOTE) {
      int i = labels.indexOf(l.getOutput().getLabel());
      if (i >= 0) {
        v[i] = weight;
      }
      return v;
    }
    Map<String, Label> dist = l.getDistribution();
    double sum = 0;
    for (Label s : dist.values()) {
      sum += s.getScore();
    }
    for (int i = 0; i < v.length; i++) {
      Label s = dist.get(labels.get(i));
      double score = s == null ? 0 : s.getScore();
      v[i] = combination == TribuoTrees.Combination.DISTRIBUTION ? weight * score / sum : weight * score;
    }
    return v;
  }
}
