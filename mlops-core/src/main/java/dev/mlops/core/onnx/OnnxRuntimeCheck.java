package dev.mlops.core.onnx;

import dev.mlops.core.InvalidInputException;

/** Tells, without touching it, whether ONNX Runtime is on the class path. Stateless and thread-safe. */
final class OnnxRuntimeCheck {
  static final String COORDINATES = "com.microsoft.onnxruntime:onnxruntime";

  private OnnxRuntimeCheck() {}

  static void require(String subject) {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, OnnxRuntimeCheck.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new InvalidInputException("format", subject + " is an ONNX model and ONNX Runtime is not on the class path: add "
          + COORDINATES + " (the CPU build; the version mlops-parent names) to the application's dependencies.");
    }
  }
}
