package dev.mlops.registry.onnx;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import java.net.URI;

/**
 * Run by {@link OnnxOptionalDependencyTest} in a child JVM whose class path lacks ONNX Runtime: the
 * ONNX loader is discovered but touches no ONNX Runtime class, Tribuo models register and load, and
 * registering an ONNX model fails with an InvalidInputException naming the dependency, leaving the
 * registry intact. Prints one line per check; exits non-zero on the first surprise.
 */
public final class WithoutOnnxRuntimeChild {
  private WithoutOnnxRuntimeChild() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment");
      System.out.println("ORT-PRESENT");
      System.exit(2);
    } catch (ClassNotFoundException expected) {
      System.out.println("ORT-ABSENT");
    }
    try (ModelRegistry r = ModelRegistry.open(URI.create("mem:no-ort"))) {
      OnnxTestData data = OnnxTestData.IRIS;
      r.register(Registration.model("iris", data.logisticRegression()).build());
      try (TabularPredictor p = r.load("iris/1")) {
        Prediction out = p.predict(data.testFeatures(0));
        System.out.println("TRIBUO " + p.getClass().getSimpleName() + " " + ((Prediction.Classification) out).label());
      }
      try {
        r.register(Registration.bytes("onnx", "model.onnx", OnnxRegistryTest.logisticGraph(), ArtifactFormat.ONNX)
            .signature(OnnxRegistryTest.LOGISTIC).build());
        System.out.println("ONNX-REGISTERED");
        System.exit(3);
      } catch (InvalidInputException e) {
        System.out.println("ONNX-ERROR " + e.getClass().getSimpleName() + " field=" + e.field() + " message=" + e.getMessage());
      }
      System.out.println("REGISTRY " + r.names() + " " + r.verify().isClean());
    }
  }
}
