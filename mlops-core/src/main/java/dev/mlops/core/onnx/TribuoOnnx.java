package dev.mlops.core.onnx;

import ai.onnx.proto.OnnxMl;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.explain.TribuoTreeTables;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.tribuo.TribuoModels;
import java.util.List;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * Exports Tribuo models to ONNX, in the form {@link OnnxPredictor} serves with the model's own
 * signature ({@link TribuoModels#signatureOf(Model)}): one input {@code [rows, features]} in the
 * signature's feature order, and outputs whose columns follow the signature's label (or dimension)
 * order.
 *
 * <ul>
 *   <li>Models Tribuo exports itself ({@link ONNXExportable}: linear SGD models such as logistic
 *       regression, LibLinear, factorization machines, ensembles of those) go through Tribuo's
 *       exporter; their score columns, in Tribuo's output id order, are reordered into the signature's
 *       order with a {@code Gather} node when the two differ.
 *   <li>Tribuo CART trees and weighted ensembles of them (bagging, random forests), which Tribuo 4.3
 *       does not export, are written as one ONNX-ML {@code TreeEnsembleClassifier} or
 *       {@code TreeEnsembleRegressor} from the same tree tables TreeSHAP explains
 *       ({@link TribuoTreeTables}). The tree modules ({@code tribuo-common-tree} and the
 *       classification or regression one) are needed, as they are to train such a model.
 * </ul>
 *
 * <p>ONNX computes in float: check the export against the original on data before serving it, as
 * {@code OnnxRegistration.tribuo} in {@code mlops-registry} does. Exporting needs no ONNX Runtime;
 * running the result does. Stateless and thread-safe.
 */
public final class TribuoOnnx {
  /** The domain written into exported models. */
  public static final String DOMAIN = "dev.mlops";

  private TribuoOnnx() {}

  /**
   * Exports a Tribuo model to ONNX.
   *
   * @param model the model
   * @return the ONNX model's bytes (a serialized {@code ModelProto})
   * @throws InvalidInputException if the model is neither exportable by Tribuo nor made of Tribuo
   *     trees, or its output is neither classification nor regression
   */
  public static byte[] export(Model<?> model) {
    Objects.requireNonNull(model, "model");
    return export(model, TribuoModels.signatureOf(model)).toByteArray();
  }

  static OnnxMl.ModelProto export(Model<?> model, ModelSignature signature) {
    if (isTrees(model)) {
      List<TribuoTreeTables.Table> tables = TribuoTreeTables.read(model, signature);
      return OnnxGraphs.model(OnnxTreeExport.graph(tables, signature), "dev.mlops tribuo-trees " + model.getClass().getSimpleName());
    }
    if (model instanceof ONNXExportable exportable) {
      OnnxMl.ModelProto proto = exportable.exportONNXModel(DOMAIN, 1L);
      return reorderColumns(proto, model, signature);
    }
    throw new InvalidInputException("model", "Tribuo cannot export " + model.getClass().getSimpleName()
        + " to ONNX, and it is not a Tribuo tree model: export linear SGD, LibLinear, factorization-machine or tree models, "
        + "or register this model in Tribuo's own format.");
  }

  private static boolean isTrees(Model<?> model) {
    try {
      if (model instanceof WeightedEnsembleModel<?> e) {
        return e.getModels().stream().allMatch(TribuoOnnx::isTrees);
      }
      return model instanceof TreeModel<?>;
    } catch (NoClassDefFoundError e) {
      return false; // no tree module on the class path: not a tree model
    }
  }

  /** Puts the scores' columns in the signature's order: Tribuo writes them in its output id order. */
  private static OnnxMl.ModelProto reorderColumns(OnnxMl.ModelProto proto, Model<?> model, ModelSignature signature) {
    List<String> names = signature.output().names();
    int c = names.size();
    var ids = model.getOutputIDInfo();
    if (ids.size() != c || proto.getGraph().getOutputCount() != 1) {
      return proto;
    }
    long[] order = new long[c];
    boolean identity = true;
    for (int j = 0; j < c; j++) {
      int id = -1;
      for (int i = 0; i < c; i++) {
        if (name(ids.getOutput(i), signature.output().kind()).equals(names.get(j))) {
          id = i;
        }
      }
      if (id < 0) {
        throw new InvalidInputException("model", "Output '" + names.get(j) + "' of the signature is not in the model's output domain.");
      }
      order[j] = id;
      identity &= id == j;
    }
    if (identity) {
      return proto;
    }
    OnnxMl.GraphProto graph = proto.getGraph();
    OnnxMl.ValueInfoProto out = graph.getOutput(0);
    String raw = out.getName() + "_tribuo_order";
    String index = "mlops_column_order";
    OnnxMl.GraphProto.Builder g = graph.toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      OnnxMl.NodeProto.Builder n = g.getNodeBuilder(i);
      for (int k = 0; k < n.getOutputCount(); k++) {
        if (n.getOutput(k).equals(out.getName())) {
          n.setOutput(k, raw);
        }
      }
    }
    OnnxMl.TensorProto.Builder indices = OnnxMl.TensorProto.newBuilder().setName(index)
        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(c);
    for (long o : order) {
      indices.addInt64Data(o);
    }
    g.addInitializer(indices);
    g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gather").setName("mlops_reorder")
        .addInput(raw).addInput(index).addOutput(out.getName())
        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
    return proto.toBuilder().setGraph(g).build();
  }

  private static String name(org.tribuo.Output<?> output, OutputKind kind) {
    String form = output.getSerializableForm(false);
    if (kind == OutputKind.REGRESSION) {
      int eq = form.indexOf('=');
      return eq < 0 ? form : form.substring(0, eq);
    }
    return form;
  }
}
