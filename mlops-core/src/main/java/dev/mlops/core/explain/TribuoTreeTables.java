package dev.mlops.core.explain;

import dev.mlops.core.model.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tribuo.Model;

/**
 * The trees of a Tribuo CART model or of a weighted ensemble of them (bagging, random forests) as
 * flat tables, the form exporters (such as the ONNX export in {@code dev.mlops.core.onnx}) write out.
 * These are the tables {@link TreeShap} explains: summing, over the trees, the values of the leaf a
 * row reaches gives what the Tribuo model predicts (class scores in the signature's label order, or
 * regression values in its dimension order).
 *
 * <p>Stateless and thread-safe; the tables returned are immutable values.
 */
public final class TribuoTreeTables {
  private TribuoTreeTables() {}

  /**
   * One tree. Node 0 is the root; a split node {@code n} sends a row with
   * {@code row[feature[n]] > threshold[n]} to {@code right[n]} and the rest to {@code left[n]}; a leaf
   * has {@code left[n] == -1} and one value per output in {@code leafValues[n]}, already scaled by the
   * tree's weight in the ensemble. The arrays are copies owned by the record: do not modify them.
   *
   * @param feature the feature index (in signature order) a split node tests; -1 for leaves
   * @param threshold the split threshold; unused for leaves
   * @param left the child for values at or below the threshold; -1 for leaves
   * @param right the child for values above the threshold; -1 for leaves
   * @param leafValues per node, the leaf's value for each output; {@code null} for split nodes
   */
  public record Table(int[] feature, double[] threshold, int[] left, int[] right, double[][] leafValues) {
    /**
     * Validates the arrays' lengths.
     *
     * @param feature the feature indexes
     * @param threshold the thresholds
     * @param left the left children
     * @param right the right children
     * @param leafValues the leaf values
     */
    public Table {
      int n = feature.length;
      if (threshold.length != n || left.length != n || right.length != n || leafValues.length != n) {
        throw new IllegalArgumentException("every array of a tree table has one entry per node");
      }
    }

    /**
     * Returns the number of nodes.
     *
     * @return the node count
     */
    public int size() {
      return feature.length;
    }

    /**
     * Tells whether a node is a leaf.
     *
     * @param node the node index
     * @return whether it has no children
     */
    public boolean isLeaf(int node) {
      return left[node] < 0;
    }
  }

  /**
   * Reads a Tribuo tree model or a weighted ensemble of trees into tables.
   *
   * @param model a Tribuo CART model, an independent regression tree model, or a
   *     {@code WeightedEnsembleModel} of them with a voting, fully weighted voting or averaging combiner
   * @param signature the model's signature: features in row order, labels or dimensions in output order
   * @return one table per tree
   * @throws dev.mlops.core.InvalidInputException if the model is not made of Tribuo trees or its
   *     combiner is not one of those
   */
  public static List<Table> read(Model<?> model, ModelSignature signature) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(signature, "signature");
    TreeEnsemble e = TribuoTrees.read(model, signature.inputs(), signature.output());
    List<Table> out = new ArrayList<>(e.trees.length);
    for (TreeEnsemble.Tree t : e.trees) {
      out.add(new Table(t.feature.clone(), t.threshold.clone(), t.left.clone(), t.right.clone(), t.value.clone()));
    }
    return List.copyOf(out);
  }
}
