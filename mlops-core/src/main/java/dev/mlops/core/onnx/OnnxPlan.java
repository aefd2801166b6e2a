package dev.mlops.core.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a signature maps onto an ONNX graph's inputs and outputs, decided once when a session is
 * created. Inputs: either one matrix {@code [rows, features]} whose columns are the signature's
 * features in order, or one input per feature named like it ({@code [rows]} or {@code [rows, 1]}).
 * Classification outputs: a scores tensor {@code [rows, labels]} whose columns are the signature's
 * labels in order, or a sequence of maps label to score (scikit-learn's ZipMap), and/or a label
 * tensor (strings or integers); without a label output the label is the highest score. Regression: a
 * tensor {@code [rows]} or {@code [rows, dimensions]}. Immutable and thread-safe.
 */
final class OnnxPlan {
  enum Scores { NONE, FLOAT, DOUBLE, MAPS }

  enum Labels { NONE, STRING, INT64 }

  /** A mismatch between the graph and the signature, described for the user. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Mismatch(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  final boolean matrix;
  /** The matrix input's name, or one input name per feature (signature order). */
  final String[] inputNames;
  final OnnxJavaType[] inputTypes;
  final boolean[] inputRank2;
  final OutputKind kind;
  final String scoresName;
  final Scores scores;
  final String labelName;
  final Labels labels;
  final Set<String> requested;
  final int width;

  private OnnxPlan(boolean matrix, String[] inputNames, OnnxJavaType[] inputTypes, boolean[] inputRank2, OutputKind kind,
      String scoresName, Scores scores, String labelName, Labels labels, int width) {
    this.matrix = matrix;
    this.inputNames = inputNames;
    this.inputTypes = inputTypes;
    this.inputRank2 = inputRank2;
    this.kind = kind;
    this.scoresName = scoresName;
    this.scores = scores;
    this.labelName = labelName;
    this.labels = labels;
    this.width = width;
    Set<String> r = new LinkedHashSet<>();
    if (scoresName != null) {
      r.add(scoresName);
    }
    if (labelName != null) {
      r.add(labelName);
    }
    this.requested = Set.copyOf(r);
  }

  static OnnxPlan of(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, ModelSignature signature) throws Mismatch {
    List<FeatureSpec> features = signature.inputs().features();
    for (FeatureSpec f : features) {
      if (f.type() == FeatureType.STRING) {
        throw new Mismatch(f.name(), "Feature '" + f.name() + "' is a string; ONNX models are served with numeric features "
            + "only for now. Encode it as numbers before the graph, or in the graph from a numeric input.");
      }
    }
    int n = features.size();
    boolean matrix;
    String[] names;
    OnnxJavaType[] types;
    boolean[] rank2;
    Set<String> featureNames = new TreeSet<>(signature.inputs().names());
    if (inputs.size() == 1 && !(n == 1 && featureNames.equals(inputs.keySet()))) {
      Map.Entry<String, NodeInfo> only = inputs.entrySet().iterator().next();
      TensorInfo t = tensor(only.getValue(), "input");
      long[] shape = t.getShape();
      if (shape.length != 2 || (shape[1] >= 0 && shape[1] != n)) {
        throw new Mismatch("signature", "The graph's only input '" + only.getKey() + "' has shape " + Arrays.toString(shape)
            + " but the signature has " + n + " features: the graph must take [rows, " + n + "] (columns in signature order), "
            + "or one input per feature named like it. " + describe(inputs, signature));
      }
      matrix = true;
      names = new String[] {only.getKey()};
      types = new OnnxJavaType[] {numeric(t, only.getKey())};
      rank2 = new boolean[] {true};
    } else {
      if (!featureNames.equals(inputs.keySet())) {
        Set<String> missing = new TreeSet<>(featureNames);
        missing.removeAll(inputs.keySet());
        Set<String> extra = new TreeSet<>(inputs.keySet());
        extra.removeAll(featureNames);
        throw new Mismatch("signature", "The graph's inputs do not match the signature's features: the graph lacks "
            + missing + " and has inputs the signature does not name " + extra + ". " + describe(inputs, signature));
      }
      matrix = false;
      names = new String[n];
      types = new OnnxJavaType[n];
      rank2 = new boolean[n];
      for (int i = 0; i < n; i++) {
        String name = features.get(i).name();
        TensorInfo t = tensor(inputs.get(name), name);
        long[] shape = t.getShape();
        boolean ok = shape.length == 1 || shape.length == 2 && (shape[1] == 1 || shape[1] < 0);
        if (!ok) {
          throw new Mismatch(name, "The graph's input '" + name + "' has shape " + Arrays.toString(shape)
              + "; a per-feature input takes [rows] or [rows, 1].");
        }
        names[i] = name;
        types[i] = numeric(t, name);
        rank2[i] = shape.length == 2;
      }
    }
    OutputKind kind = signature.output().kind();
    List<String> outNames = signature.output().names();
    if (kind == OutputKind.CLASSIFICATION) {
      if (outNames.isEmpty()) {
        throw new Mismatch("signature", "A classification signature lists its labels, in the order of the graph's score columns.");
      }
      String scoresName = null;
      Scores scores = Scores.NONE;
      String labelName = null;
      Labels labels = Labels.NONE;
      for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
        ValueInfo info = e.getValue().getInfo();
        if (info instanceof TensorInfo t) {
          long[] shape = t.getShape();
          boolean column = shape.length == 1 || shape.length == 2 && shape[1] == 1;
          if (labels == Labels.NONE && column && (t.type == OnnxJavaType.STRING || t.type == OnnxJavaType.INT64)) {
            labelName = e.getKey();
            labels = t.type == OnnxJavaType.STRING ? Labels.STRING : Labels.INT64;
          } else if (scores == Scores.NONE && shape.length == 2 && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)) {
            if (shape[1] >= 0 && shape[1] != outNames.size()) {
              throw new Mismatch("signature", "The graph's scores output '" + e.getKey() + "' has " + shape[1]
                  + " columns but the signature lists " + outNames.size() + " labels " + outNames + ".");
            }
            scoresName = e.getKey();
            scores = t.type == OnnxJavaType.FLOAT ? Scores.FLOAT : Scores.DOUBLE;
          }
        } else if (info instanceof SequenceInfo s && s.sequenceOfMaps && scores == Scores.NONE) {
          MapInfo m = s.mapInfo;
          if (m.keyType == OnnxJavaType.STRING || m.keyType == OnnxJavaType.INT64) {
            scoresName = e.getKey();
            scores = Scores.MAPS;
          }
        }
      }
      if (scores == Scores.NONE && labels == Labels.NONE) {
        throw new Mismatch("signature", "The signature is a classification but the graph has neither a scores output "
            + "([rows, labels] floats, or a sequence of maps) nor a label output (strings or integers). Outputs: "
            + describeOutputs(outputs));
      }
      return new OnnxPlan(matrix, names, types, rank2, kind, scoresName, scores, labelName, labels, outNames.size());
    }
    if (kind == OutputKind.REGRESSION) {
      if (outNames.isEmpty()) {
        throw new Mismatch("signature", "A regression signature names its output dimensions, in the order of the graph's columns.");
      }
      for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
        if (e.getValue().getInfo() instanceof TensorInfo t && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)) {
          long[] shape = t.getShape();
          long width = shape.length == 1 ? 1 : shape.length == 2 ? shape[1] : -2;
          if (width == -2 || width >= 0 && width != outNames.size()) {
            throw new Mismatch("signature", "The graph's output '" + e.getKey() + "' has shape " + Arrays.toString(shape)
                + " but the signature names " + outNames.size() + " dimensions " + outNames + ".");
          }
          return new OnnxPlan(matrix, names, types, rank2, kind, e.getKey(),
              t.type == OnnxJavaType.FLOAT ? Scores.FLOAT : Scores.DOUBLE, null, Labels.NONE, outNames.size());
        }
      }
      throw new Mismatch("signature", "The signature is a regression but the graph has no floating-point tensor output. Outputs: "
          + describeOutputs(outputs));
    }
    throw new Mismatch("signature", "ONNX models are served as classification or regression; the signature's output is " + kind.id() + ".");
  }

  private static TensorInfo tensor(NodeInfo node, String name) throws Mismatch {
    if (node.getInfo() instanceof TensorInfo t) {
      return t;
    }
    throw new Mismatch(name, "The graph's input '" + node.getName() + "' is not a tensor (" + node.getInfo() + ").");
  }

  private static OnnxJavaType numeric(TensorInfo t, String name) throws Mismatch {
    switch (t.type) {
      case FLOAT:
      case DOUBLE:
      case INT64:
      case INT32:
        return t.type;
      default:
        throw new Mismatch(name, "The graph's input '" + name + "' holds " + t.type
            + "; numeric features are fed as float, double, int64 or int32 tensors.");
    }
  }

  private static String describe(Map<String, NodeInfo> inputs, ModelSignature signature) {
    List<String> in = new ArrayList<>();
    inputs.forEach((k, v) -> in.add(k + ":" + v.getInfo()));
    List<String> sig = signature.inputs().names();
    String shown = sig.size() > 20 ? sig.subList(0, 20) + "... (" + sig.size() + ")" : sig.toString();
    return "Graph inputs " + in + "; signature features " + shown + ".";
  }

  private static String describeOutputs(Map<String, NodeInfo> outputs) {
    List<String> out = new ArrayList<>();
    outputs.forEach((k, v) -> out.add(k + ":" + v.getInfo()));
    return out.toString();
  }

  /** The distinct label names, for checking that a label output can only name known labels. */
  static Set<String> labelSet(ModelSignature signature) {
    return new HashSet<>(signature.output().names());
  }
}
