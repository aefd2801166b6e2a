package dev.mlops.core.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mlops.core.explain.TribuoTreeTables;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tree tables as one ONNX-ML {@code TreeEnsembleClassifier} or {@code TreeEnsembleRegressor}
 * node summing the trees' leaf values ({@code post_transform NONE}), which is how the Tribuo ensembles
 * read by {@link TribuoTreeTables} combine them. Tribuo sends {@code x > t} right; ONNX's
 * {@code BRANCH_LEQ} sends {@code x <= t} to the true branch, so true is Tribuo's left child.
 * Thresholds are stored as floats, as the operator requires. The graph's only output is the scores
 * {@code [rows, outputs]}. Stateless and thread-safe.
 */
final class OnnxTreeExport {
  static final String INPUT = "input";
  static final String LABEL = "label";
  static final String SCORES = "scores";
  static final String ML_DOMAIN = "ai.onnx.ml";

  private OnnxTreeExport() {}

  static OnnxMl.GraphProto graph(List<TribuoTreeTables.Table> trees, ModelSignature signature) {
    boolean classification = signature.output().kind() == OutputKind.CLASSIFICATION;
    List<String> outputs = signature.output().names();
    List<Long> treeIds = new ArrayList<>();
    List<Long> nodeIds = new ArrayList<>();
    List<Long> featureIds = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    List<ByteString> modes = new ArrayList<>();
    List<Long> trueIds = new ArrayList<>();
    List<Long> falseIds = new ArrayList<>();
    List<Long> leafTree = new ArrayList<>();
    List<Long> leafNode = new ArrayList<>();
    List<Long> leafTarget = new ArrayList<>();
    List<Float> leafWeight = new ArrayList<>();
    ByteString leq = ByteString.copyFromUtf8("BRANCH_LEQ");
    ByteString leaf = ByteString.copyFromUtf8("LEAF");
    for (int t = 0; t < trees.size(); t++) {
      TribuoTreeTables.Table tree = trees.get(t);
      for (int n = 0; n < tree.size(); n++) {
        treeIds.add((long) t);
        nodeIds.add((long) n);
        if (tree.isLeaf(n)) {
          featureIds.add(0L);
          values.add(0f);
          modes.add(leaf);
          trueIds.add(0L);
          falseIds.add(0L);
          double[] v = tree.leafValues()[n];
          // Every output of every leaf, zeros included: ONNX Runtime treats a two-class ensemble whose
          // leaves name one class only as a binary model and derives the other score from it.
          for (int k = 0; k < v.length; k++) {
            leafTree.add((long) t);
            leafNode.add((long) n);
            leafTarget.add((long) k);
            leafWeight.add((float) v[k]);
          }
        } else {
          featureIds.add((long) tree.feature()[n]);
          values.add((float) tree.threshold()[n]);
          modes.add(leq);
          trueIds.add((long) tree.left()[n]);
          falseIds.add((long) tree.right()[n]);
        }
      }
    }
    OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
        .setDomain(ML_DOMAIN)
        .addInput(INPUT)
        .addAttribute(ints("nodes_treeids", treeIds))
        .addAttribute(ints("nodes_nodeids", nodeIds))
        .addAttribute(ints("nodes_featureids", featureIds))
        .addAttribute(floats("nodes_values", values))
        .addAttribute(strings("nodes_modes", modes))
        .addAttribute(ints("nodes_truenodeids", trueIds))
        .addAttribute(ints("nodes_falsenodeids", falseIds))
        .addAttribute(string("post_transform", "NONE"));
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
        .setName("tribuo-trees")
        .addInput(OnnxGraphs.tensorValue(INPUT, OnnxMl.TensorProto.DataType.FLOAT, signature.inputs().size()));
    if (classification) {
      List<ByteString> labels = outputs.stream().map(ByteString::copyFromUtf8).toList();
      node.setOpType("TreeEnsembleClassifier").setName("trees")
          .addOutput(LABEL).addOutput(SCORES)
          .addAttribute(strings("classlabels_strings", labels))
          .addAttribute(ints("class_treeids", leafTree))
          .addAttribute(ints("class_nodeids", leafNode))
          .addAttribute(ints("class_ids", leafTarget))
          .addAttribute(floats("class_weights", leafWeight));
      // Only the scores leave the graph: for two classes ONNX Runtime's label output is not the highest
      // score (it reports the second class whenever its score is positive), so the label is taken as
      // the highest score, as Tribuo does.
      g.addOutput(OnnxGraphs.tensorValue(SCORES, OnnxMl.TensorProto.DataType.FLOAT, outputs.size()));
    } else {
      node.setOpType("TreeEnsembleRegressor").setName("trees")
          .addOutput(SCORES)
          .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("n_targets").setType(OnnxMl.AttributeProto.AttributeType.INT)
              .setI(outputs.size()))
          .addAttribute(ints("target_treeids", leafTree))
          .addAttribute(ints("target_nodeids", leafNode))
          .addAttribute(ints("target_ids", leafTarget))
          .addAttribute(floats("target_weights", leafWeight))
          .addAttribute(string("aggregate_function", "SUM"));
      g.addOutput(OnnxGraphs.tensorValue(SCORES, OnnxMl.TensorProto.DataType.FLOAT, outputs.size()));
    }
    return g.addNode(node).build();
  }

  private static OnnxMl.AttributeProto ints(String name, List<Long> v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS).addAllInts(v).build();
  }

  private static OnnxMl.AttributeProto floats(String name, List<Float> v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOATS).addAllFloats(v).build();
  }

  private static OnnxMl.AttributeProto strings(String name, List<ByteString> v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRINGS).addAllStrings(v).build();
  }

  private static OnnxMl.AttributeProto string(String name, String v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }
}
