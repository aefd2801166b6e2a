package dev.mlops.core.explain;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tribuo.Model;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

/**
 * Reads Tribuo CART trees and weighted ensembles of them (bagging, random forests) into a
 * {@link TreeEnsemble}, with each leaf's values scaled so that the sum over trees is what the Tribuo
 * model predicts. Output-specific code lives in {@link TribuoTreeLabels} and
 * {@link TribuoTreeRegressors} so that only the module in use is loaded. Stateless and thread-safe.
 */
final class TribuoTrees {
  static final String INDEPENDENT_REGRESSION = "org.tribuo.regression.rtree.IndependentRegressionTreeModel";
  static final String VOTING = "org.tribuo.classification.ensemble.VotingCombiner";
  static final String FULLY_WEIGHTED_VOTING = "org.tribuo.classification.ensemble.FullyWeightedVotingCombiner";
  static final String AVERAGING = "org.tribuo.regression.ensemble.AveragingCombiner";

  /** How a leaf's Tribuo output becomes one value per output of the ensemble. */
  enum Combination {
    /** A single tree: its own scores or values. */
    SINGLE,
    /** FullyWeightedVotingCombiner: the leaf's score distribution, normalised. */
    DISTRIBUTION,
    /** VotingCombiner: one vote for the leaf's label. */
    VOTE,
    /** AveragingCombiner: the leaf's values. */
    AVERAGE
  }

  private TribuoTrees() {}

  static TreeEnsemble read(Model<?> model, Schema schema, OutputSpec spec) {
    List<String> outputs = spec.names();
    boolean classification = spec.kind() == OutputKind.CLASSIFICATION;
    List<TreeEnsemble.Tree> trees = new ArrayList<>();
    if (model instanceof WeightedEnsembleModel<?> ensemble) {
      WeightedEnsembleModelProto proto;
      try {
        proto = ((ModelProto) ensemble.serialize()).getSerializedData().unpack(WeightedEnsembleModelProto.class);
      } catch (InvalidProtocolBufferException | ClassCastException e) {
        throw new InvalidInputException("model", "Cannot read the ensemble's weights and combiner (" + e.getClass().getSimpleName()
            + "); TreeSHAP supports Tribuo's WeightedEnsembleModel.");
      }
      String combiner = proto.getCombiner().getClassName();
      Combination combination;
      switch (combiner) {
        case VOTING:
          combination = Combination.VOTE;
          break;
        case FULLY_WEIGHTED_VOTING:
          combination = Combination.DISTRIBUTION;
          break;
        case AVERAGING:
          combination = Combination.AVERAGE;
          break;
        default:
          throw new InvalidInputException("model", "TreeSHAP does not know the ensemble combiner " + combiner
              + "; it supports VotingCombiner, FullyWeightedVotingCombiner and AveragingCombiner. Use KernelShap for this model.");
      }
      List<? extends Model<?>> members = ensemble.getModels();
      double total = 0;
      for (int i = 0; i < members.size(); i++) {
        total += proto.getWeights(i);
      }
      for (int i = 0; i < members.size(); i++) {
        addTrees(members.get(i), schema, outputs, classification, combination, proto.getWeights(i) / total, trees);
      }
    } else {
      addTrees(model, schema, outputs, classification, Combination.SINGLE, 1.0, trees);
    }
    return new TreeEnsemble(schema.size(), outputs, trees);
  }

  private static void addTrees(Model<?> model, Schema schema, List<String> outputs, boolean classification,
      Combination combination, double weight, List<TreeEnsemble.Tree> out) {
    int[] featureIndex = new int[model.getFeatureIDMap().size()];
    for (int id = 0; id < featureIndex.length; id++) {
      featureIndex[id] = schema.indexOf(model.getFeatureIDMap().get(id).getName());
    }
    if (model.getClass().getName().equals(INDEPENDENT_REGRESSION)) {
      for (var e : TribuoTreeRegressors.roots(model).entrySet()) {
        int dim = outputs.indexOf(e.getKey());
        out.add(flatten(e.getValue(), featureIndex, leaf -> {
          double[] v = new double[outputs.size()];
          v[dim] = weight * TribuoTreeRegressors.value(leaf, e.getKey());
          return v;
        }));
      }
      return;
    }
    if (!(model instanceof TreeModel<?> tree)) {
      throw new InvalidInputException("model", "TreeSHAP explains Tribuo CART trees and ensembles of them, not "
          + model.getClass().getSimpleName() + "; use KernelShap for this model.");
    }
    Function<LeafNode<?>, double[]> reader = classification
        ? leaf -> TribuoTreeLabels.values(leaf, outputs, combination, weight)
        : leaf -> TribuoTreeRegressors.values(leaf, outputs, weight);
    out.add(flatten(tree.getRoot(), featureIndex, reader));
  }

  private static TreeEnsemble.Tree flatten(Node<?> root, int[] featureIndex, Function<LeafNode<?>, double[]> reader) {
    List<Node<?>> nodes = new ArrayList<>();
    List<int[]> children = new ArrayList<>();
    nodes.add(root);
    children.add(null);
    for (int i = 0; i < nodes.size(); i++) {
      Node<?> n = nodes.get(i);
      if (!n.isLeaf()) {
        SplitNode<?> s = (SplitNode<?>) n;
        int l = nodes.size();
        nodes.add(s.getLessThanOrEqual());
        children.add(null);
        int r = nodes.size();
        nodes.add(s.getGreaterThan());
        children.add(null);
        children.set(i, new int[] {l, r});
      }
    }
    int size = nodes.size();
    int[] feature = new int[size];
    double[] threshold = new double[size];
    int[] left = new int[size];
    int[] right = new int[size];
    double[][] value = new double[size][];
    for (int i = 0; i < size; i++) {
      Node<?> n = nodes.get(i);
      if (n.isLeaf()) {
        left[i] = -1;
        right[i] = -1;
        feature[i] = -1;
        value[i] = reader.apply((LeafNode<?>) n);
      } else {
        SplitNode<?> s = (SplitNode<?>) n;
        feature[i] = featureIndex[s.getFeatureID()];
        threshold[i] = s.splitValue();
        left[i] = children.get(i)[0];
        right[i] = children.get(i)[1];
      }
    }
    return new TreeEnsemble.Tree(feature, threshold, left, right, value, null);
  }
}
