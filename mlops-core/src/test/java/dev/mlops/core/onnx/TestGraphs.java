package dev.mlops.core.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.util.List;

/** ONNX graphs built in tests with the ONNX protobuf classes Tribuo brings; their outputs are known in closed form. */
final class TestGraphs {
  private TestGraphs() {}

  static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  static OnnxMl.NodeProto node(String op, List<String> in, List<String> out, OnnxMl.AttributeProto... attrs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op + "_" + out.get(0));
    in.forEach(n::addInput);
    out.forEach(n::addOutput);
    for (OnnxMl.AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    return n.build();
  }

  static OnnxMl.AttributeProto intAttr(String name, long v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build();
  }

  static OnnxMl.AttributeProto stringsAttr(String name, String... v) {
    OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
    for (String s : v) {
      a.addStrings(ByteString.copyFromUtf8(s));
    }
    return a.build();
  }

  static byte[] model(OnnxMl.GraphProto graph) {
    return OnnxGraphs.model(graph, "test").toByteArray();
  }

  /** y = 2 x0 - 3 x1 + 0.5 x2 + 1: input "X" float [rows, 3], output "y" float [rows, 1]. */
  static byte[] linearRegression() {
    return model(OnnxMl.GraphProto.newBuilder().setName("linear")
        .addInput(OnnxGraphs.tensorValue("X", OnnxMl.TensorProto.DataType.FLOAT, 3))
        .addInitializer(floats("W", new long[] {3, 1}, 2f, -3f, 0.5f))
        .addInitializer(floats("B", new long[] {1}, 1f))
        .addNode(node("MatMul", List.of("X", "W"), List.of("xw")))
        .addNode(node("Add", List.of("xw", "B"), List.of("y")))
        .addOutput(OnnxGraphs.tensorValue("y", OnnxMl.TensorProto.DataType.FLOAT, 1))
        .build());
  }

  /**
   * Two-class softmax of z = X W, W = [[1, -1], [0.5, 2]]: p(pos) = sigmoid((-1 - 1) x0 + (2 - 0.5) x1).
   * Outputs: "probabilities" float [rows, 2] (neg, pos) and, with {@code argmax}, "label" int64 [rows]
   * (0 or 1); with {@code zipMap}, the probabilities as a sequence of maps instead.
   */
  static byte[] softmaxClassifier(boolean argmax, boolean zipMap) {
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("softmax")
        .addInput(OnnxGraphs.tensorValue("X", OnnxMl.TensorProto.DataType.FLOAT, 2))
        .addInitializer(floats("W", new long[] {2, 2}, 1f, -1f, 0.5f, 2f))
        .addNode(node("MatMul", List.of("X", "W"), List.of("z")))
        .addNode(node("Softmax", List.of("z"), List.of("p"), intAttr("axis", 1)));
    if (zipMap) {
      g.addNode(OnnxMl.NodeProto.newBuilder(node("ZipMap", List.of("p"), List.of("probabilities"), stringsAttr("classlabels_strings", "neg", "pos")))
          .setDomain(OnnxTreeExport.ML_DOMAIN).build());
      g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("probabilities").setType(OnnxMl.TypeProto.newBuilder()
          .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(OnnxMl.TypeProto.newBuilder()
              .setMapType(OnnxMl.TypeProto.Map.newBuilder().setKeyType(OnnxMl.TensorProto.DataType.STRING.getNumber())
                  .setValueType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                      .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))))))));
    } else {
      g.addNode(node("Identity", List.of("p"), List.of("probabilities")));
      g.addOutput(OnnxGraphs.tensorValue("probabilities", OnnxMl.TensorProto.DataType.FLOAT, 2));
    }
    if (argmax) {
      g.addNode(node("ArgMax", List.of("p"), List.of("label"), intAttr("axis", 1), intAttr("keepdims", 0)));
      g.addOutput(OnnxGraphs.vectorValue("label", OnnxMl.TensorProto.DataType.INT64));
    }
    return model(g.build());
  }

  /**
   * The layout skl2onnx gives a classifier trained on integer classes: input "float_input" [rows, 2],
   * "output_label" int64 [rows] and "output_probability" a sequence of maps int64 to float (ZipMap),
   * over the same softmax as {@link #softmaxClassifier}; classes 0 and 1.
   */
  static byte[] sklearnLayout() {
    OnnxMl.AttributeProto.Builder ids = OnnxMl.AttributeProto.newBuilder().setName("classlabels_int64s")
        .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(0).addInts(1);
    return model(OnnxMl.GraphProto.newBuilder().setName("sklearn")
        .addInput(OnnxGraphs.tensorValue("float_input", OnnxMl.TensorProto.DataType.FLOAT, 2))
        .addInitializer(floats("W", new long[] {2, 2}, 1f, -1f, 0.5f, 2f))
        .addNode(node("MatMul", List.of("float_input", "W"), List.of("z")))
        .addNode(node("Softmax", List.of("z"), List.of("p"), intAttr("axis", 1)))
        .addNode(node("ArgMax", List.of("p"), List.of("output_label"), intAttr("axis", 1), intAttr("keepdims", 0)))
        .addNode(OnnxMl.NodeProto.newBuilder(node("ZipMap", List.of("p"), List.of("output_probability"), ids.build()))
            .setDomain(OnnxTreeExport.ML_DOMAIN).build())
        .addOutput(OnnxGraphs.vectorValue("output_label", OnnxMl.TensorProto.DataType.INT64))
        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("output_probability").setType(OnnxMl.TypeProto.newBuilder()
            .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(OnnxMl.TypeProto.newBuilder()
                .setMapType(OnnxMl.TypeProto.Map.newBuilder().setKeyType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                    .setValueType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))))))))
        .build());
  }

  /** y = a * b + a over two per-feature double inputs "a" and "b" [rows, 1]; output "y" double [rows, 1]. */
  static byte[] perFeatureProduct() {
    return model(OnnxMl.GraphProto.newBuilder().setName("product")
        .addInput(OnnxGraphs.tensorValue("a", OnnxMl.TensorProto.DataType.DOUBLE, 1))
        .addInput(OnnxGraphs.tensorValue("b", OnnxMl.TensorProto.DataType.DOUBLE, 1))
        .addNode(node("Mul", List.of("a", "b"), List.of("ab")))
        .addNode(node("Add", List.of("ab", "a"), List.of("y")))
        .addOutput(OnnxGraphs.tensorValue("y", OnnxMl.TensorProto.DataType.DOUBLE, 1))
        .build());
  }
}
