package dev.mlops.core.onnx;

import ai.onnx.proto.OnnxMl;

/** Small builders for ONNX protobuf values shared by the exporters. Stateless and thread-safe. */
final class OnnxGraphs {
  static final String ROWS = "rows";

  private OnnxGraphs() {}

  /** A {@code [rows, width]} tensor of the given element type. */
  static OnnxMl.ValueInfoProto tensorValue(String name, OnnxMl.TensorProto.DataType type, int width) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(ROWS))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    return value(name, type, shape);
  }

  /** A {@code [rows]} tensor of the given element type. */
  static OnnxMl.ValueInfoProto vectorValue(String name, OnnxMl.TensorProto.DataType type) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(ROWS))
        .build();
    return value(name, type, shape);
  }

  private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type, OnnxMl.TensorShapeProto shape) {
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
            OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  /** A model around a graph, importing the default opset 13 and ONNX-ML opset 1. */
  static OnnxMl.ModelProto model(OnnxMl.GraphProto graph, String producer) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName(producer)
        .setDomain("dev.mlops")
        .setModelVersion(1)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(OnnxTreeExport.ML_DOMAIN).setVersion(1))
        .setGraph(graph)
        .build();
  }
}
