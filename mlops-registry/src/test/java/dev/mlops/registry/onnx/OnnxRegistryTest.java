package dev.mlops.registry.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.explain.Background;
import dev.mlops.core.explain.ExplainedOutput;
import dev.mlops.core.explain.Explanation;
import dev.mlops.core.explain.GlobalImportance;
import dev.mlops.core.explain.ImportanceMetric;
import dev.mlops.core.explain.KernelShap;
import dev.mlops.core.explain.PermutationImportance;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.onnx.OnnxPredictor;
import dev.mlops.core.routing.Routed;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.routing.ModelRouter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** ONNX versions in a registry: Tribuo exports against their originals, a graph built here, bad input, and the SDK's other parts on ONNX versions. */
class OnnxRegistryTest {
  @TempDir Path tmp;
  private ModelRegistry registry;

  @BeforeEach
  void open() {
    registry = ModelRegistry.open(URI.create("mem:onnx-" + UUID.randomUUID()));
  }

  @AfterEach
  void close() {
    registry.close();
  }

  static Stream<Arguments> tribuoModels() {
    return Stream.of(
        Arguments.of("cancer-lr", OnnxTestData.CANCER, OnnxTestData.CANCER.logisticRegression()),
        Arguments.of("cancer-forest", OnnxTestData.CANCER, OnnxTestData.CANCER.forest()),
        Arguments.of("iris-lr", OnnxTestData.IRIS, OnnxTestData.IRIS.logisticRegression()),
        Arguments.of("iris-forest", OnnxTestData.IRIS, OnnxTestData.IRIS.forest()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tribuoModels")
  void tribuoModel_exportedRegisteredAndLoaded_agreesWithTheOriginalOnTheWholeTestSet(String name, OnnxTestData data,
      Model<Label> model) {
    ModelSignature signature = TribuoModels.signatureOf(model);
    List<double[]> test = data.inOrder(signature.inputs().names(), data.testRows);
    ModelVersion v = registry.register(OnnxRegistration.tribuo(name, model, test).build());

    assertThat(v.manifest().format()).isEqualTo(ArtifactFormat.ONNX);
    assertThat(v.manifest().files()).extracting(ArtifactFile::path).containsExactly("model.onnx", "model.tribuo.pb");
    assertThat(v.manifest().metadata()).containsEntry("onnx.agreement.rows", Integer.toString(test.size()))
        .containsEntry("onnx.exportedFrom", "tribuo");

    List<Prediction> original = TribuoPredictor.of(model).predictRows(test);
    try (TabularPredictor onnx = registry.load(name + "/1");
        TabularPredictor tribuo = registry.load(name + "/1", ArtifactFormat.TRIBUO_PROTOBUF)) {
      assertThat(onnx).isInstanceOf(OnnxPredictor.class);
      assertThat(tribuo).isInstanceOf(TribuoPredictor.class);
      assertThat(onnx.signature()).isEqualTo(signature);
      List<Prediction> served = onnx.predictRows(test);
      List<Prediction> one = test.stream().map(onnx::predictRow).toList();
      assertThat(tribuo.predictRows(test)).isEqualTo(original);
      for (int i = 0; i < test.size(); i++) {
        Prediction.Classification e = (Prediction.Classification) original.get(i);
        Prediction.Classification a = (Prediction.Classification) served.get(i);
        assertThat(a.label()).as("label of test row %d", i).isEqualTo(e.label());
        assertThat(a.scores().keySet()).isEqualTo(e.scores().keySet());
        for (String label : signature.output().names()) {
          assertThat(a.score(label)).as("score of %s, test row %d", label, i).isCloseTo(e.score(label), within(1e-5));
        }
        // One row at a time: the same, up to float summation order (ONNX Runtime splits batches across threads).
        Prediction.Classification single = (Prediction.Classification) one.get(i);
        assertThat(single.label()).isEqualTo(a.label());
        for (String label : signature.output().names()) {
          assertThat(single.score(label)).isCloseTo(a.score(label), within(1e-6));
        }
      }
    }
    assertThat(registry.verify().isClean()).isTrue();
  }

  /**
   * A logistic model written here: p = sigmoid(1.5 x0 - 2 x1 + 0.25), scores [1 - p, p] for labels
   * ["no", "yes"], as one [rows, 2] output.
   */
  static byte[] logisticGraph() {
    OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("logistic")
        .addInput(tensor("X", 2))
        .addInitializer(floats("W", new long[] {2, 1}, 1.5f, -2f))
        .addInitializer(floats("B", new long[] {1}, 0.25f))
        .addInitializer(floats("One", new long[] {1}, 1f))
        .addNode(node("MatMul", "z0", "X", "W"))
        .addNode(node("Add", "z", "z0", "B"))
        .addNode(node("Sigmoid", "p", "z"))
        .addNode(node("Sub", "q", "One", "p"))
        .addNode(OnnxMl.NodeProto.newBuilder(node("Concat", "scores", "q", "p")).addAttribute(
            OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
        .addOutput(tensor("scores", 2))
        .build();
    return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(g).build().toByteArray();
  }

  private static OnnxMl.ValueInfoProto tensor(String name, int width) {
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setShape(OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))))).build();
  }

  private static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
    Arrays.stream(dims).forEach(t::addDims);
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  private static OnnxMl.NodeProto node(String op, String out, String... in) {
    return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(List.of(in)).addOutput(out).build();
  }

  static final ModelSignature LOGISTIC = new ModelSignature(Schema.numeric(List.of("x0", "x1")),
      OutputSpec.classification(List.of("no", "yes")));

  @Test
  void graphBuiltHere_registeredAsAFile_servesItsClosedForm() throws Exception {
    Path file = tmp.resolve("logistic.onnx");
    Files.write(file, logisticGraph());
    ModelVersion v = registry.register(OnnxRegistration.file("logistic", file, LOGISTIC).build());
    assertThat(v.manifest().files()).extracting(ArtifactFile::path).containsExactly("logistic.onnx");
    try (TabularPredictor p = registry.load("logistic/1")) {
      for (double x0 = -2; x0 <= 2; x0 += 0.5) {
        for (double x1 = -2; x1 <= 2; x1 += 0.5) {
          double yes = 1 / (1 + Math.exp(-(1.5 * x0 - 2 * x1 + 0.25)));
          Prediction.Classification c = (Prediction.Classification) p.predict(Map.of("x0", x0, "x1", x1));
          assertThat(c.score("yes")).isCloseTo(yes, within(1e-6));
          assertThat(c.score("no")).isCloseTo(1 - yes, within(1e-6));
          assertThat(c.label()).isEqualTo(yes > 0.5 ? "yes" : "no");
        }
      }
    }
  }

  @Test
  void badInput_isATypedError_andLeavesTheRegistryIntact() throws Exception {
    Path good = tmp.resolve("good.onnx");
    Files.write(good, logisticGraph());
    registry.register(OnnxRegistration.file("m", good, LOGISTIC).build());
    List<ModelVersion> versions = registry.versions("m");
    List<AuditEvent> audit = registry.auditLog("m");

    Path corrupt = tmp.resolve("corrupt.onnx");
    byte[] bytes = logisticGraph();
    Files.write(corrupt, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> registry.register(OnnxRegistration.file("m", corrupt, LOGISTIC).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an ONNX model");

    ModelSignature threeFeatures = new ModelSignature(Schema.numeric(List.of("x0", "x1", "x2")), LOGISTIC.output());
    assertThatThrownBy(() -> registry.register(OnnxRegistration.file("m", good, threeFeatures).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not match its signature")
        .hasMessageContaining("[rows, 3]");
    ModelSignature threeLabels = new ModelSignature(LOGISTIC.inputs(), OutputSpec.classification(List.of("a", "b", "c")));
    assertThatThrownBy(() -> registry.register(Registration.file("m", good, ArtifactFormat.ONNX).signature(threeLabels).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("3 labels");
    assertThatThrownBy(() -> registry.register(Registration.file("m", good, ArtifactFormat.ONNX).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("signature");

    try (TabularPredictor p = registry.load("m/1")) {
      assertThatThrownBy(() -> p.predict(Map.of("x0", 1.0)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("Missing feature 'x1'")
          .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("x1");
      assertThatThrownBy(() -> p.predict(Map.of("x0", 1.0, "x1", 2.0, "x9", 3.0)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown feature 'x9'");
    }
    assertThat(registry.versions("m")).isEqualTo(versions);
    assertThat(registry.auditLog("m")).isEqualTo(audit);
    assertThat(registry.verify().isClean()).isTrue();
  }

  @Test
  void onnxVersions_areRoutedAndExplained_likeTribuoOnes() {
    OnnxTestData data = OnnxTestData.CANCER;
    Model<Label> model = data.logisticRegression();
    List<String> order = TribuoModels.signatureOf(model).inputs().names();
    List<double[]> test = data.inOrder(order, data.testRows);
    registry.register(OnnxRegistration.tribuo("cancer", model, test).build());
    registry.register(Registration.model("cancer", model).build());
    registry.setAlias("cancer", "onnx", 1);
    registry.setAlias("cancer", "champion", 2);

    // Routing: a share of traffic to the ONNX version, with the Tribuo champion as shadow.
    try (ModelRouter router = ModelRouter.builder(registry, "onnx-test")
        .variant("cancer@champion", 50).variant("cancer@onnx", 50).shadow("cancer/2").build()) {
      int onnx = 0;
      for (int i = 0; i < data.testRows.size(); i++) {
        Routed<Prediction> r = router.route("unit-" + i, data.testFeatures(i));
        Prediction.Classification expected = (Prediction.Classification) TribuoPredictor.of(model).predict(data.testFeatures(i));
        assertThat(((Prediction.Classification) r.output()).label()).isEqualTo(expected.label());
        if (r.decision().variant().equals("cancer@onnx")) {
          onnx++;
        }
      }
      assertThat(onnx).isBetween(40, data.testRows.size() - 40);
      assertThat(router.servedVersions()).containsEntry("cancer@onnx", registry.get("cancer/1").id());
    }

    // KernelSHAP and permutation importance on the ONNX version equal those on the Tribuo original.
    try (TabularPredictor onnx = registry.load("cancer@onnx"); TabularPredictor tribuo = registry.load("cancer@champion")) {
      Background background = Background.kmeans(data.inOrder(order, data.trainRows), 10, 1L);
      String label = TribuoModels.signatureOf(model).output().names().get(1);
      Explanation eo = KernelShap.builder(onnx, ExplainedOutput.score(label)).background(background).samples(2048).seed(5L).build()
          .explain(test.get(3));
      Explanation et = KernelShap.builder(tribuo, ExplainedOutput.score(label)).background(background).samples(2048).seed(5L).build()
          .explain(test.get(3));
      assertThat(eo.additivityError()).isLessThan(1e-6);
      double[] co = eo.contributionArray();
      double[] ct = et.contributionArray();
      for (int j = 0; j < co.length; j++) {
        assertThat(co[j]).as("contribution of %s", order.get(j)).isCloseTo(ct[j], within(1e-4));
      }
      GlobalImportance io = PermutationImportance.builder(onnx, ImportanceMetric.accuracy()).repeats(3).seed(2L).build()
          .compute(test, data.testLabels);
      GlobalImportance it = PermutationImportance.builder(tribuo, ImportanceMetric.accuracy()).repeats(3).seed(2L).build()
          .compute(test, data.testLabels);
      assertThat(io.baseline()).isEqualTo(it.baseline());
      assertThat(io.importances()).isEqualTo(it.importances());
      assertThat(io.ranking()).isEqualTo(it.ranking());
    }
  }
}
