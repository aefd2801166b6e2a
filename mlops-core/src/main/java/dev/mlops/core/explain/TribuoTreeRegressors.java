package dev.mlops.core.explain;

import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/** Leaf values of regression trees; loaded only for regressors. Stateless and thread-safe. */
final class TribuoTreeRegressors {
  private TribuoTreeRegressors() {}

  static Map<String, Node<Regressor>> roots(Model<?> model) {
    return ((IndependentRegressionTreeModel) model).getRoots();
  }

  @SuppressWarnings("unchecked")
  static double value(LeafNode<?> leaf, String dimension) {
    Regressor r = ((LeafNode<Regressor>) leaf).getOutput();
    return r.getDimension(dimension).map(Regressor.DimensionTuple::getValue)
        .orElseThrow(() -> new dev.mlops.core.InvalidInputException("model", "A regression leaf has no dimension '" + dimension + "'."));
  }

  @SuppressWarnings("unchecked")
  static double[] values(LeafNode<?> leaf, List<String> dims, double weight) {
    Regressor r = ((LeafNode<Regressor>) leaf).getOutput();
    double[] v = new double[dims.size()];
    String[] names = r.getNames();
    double[] values = r.getValues();
    for (int i = 0; i < names.length; i++) {
      int k = dims.indexOf(names[i]);
      if (k >= 0) {
        v[k] = weight * values[i];
      }
    }
    return v;
  }
}
