package dev.mlops.testing.kit;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.onnx.OnnxPredictor;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.onnx.OnnxRegistration;
import dev.mlops.testing.assertions.ModelOnData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's "everything else works unchanged on ONNX versions" for the two capabilities that live
 * above the registry: model assertions and production monitoring. The breast-cancer logistic
 * regression is exported to ONNX, registered, loaded back from the registry (served by ONNX Runtime),
 * and measured beside the Tribuo original on the same held-out rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxVersionsTest {
  private static final String NAME = "cancer";

  private ModelRegistry registry;
  private TabularPredictor onnx;
  private CancerData data;

  @BeforeAll
  void registerOnnxExport(@TempDir Path root) {
    data = CancerData.get();
    List<String> order = TribuoModels.signatureOf(data.goodModel()).inputs().names();
    List<double[]> rows = rows(data.train(), order);
    registry = ModelRegistry.open(root);
    ModelVersion v = registry.register(OnnxRegistration.tribuo(NAME, data.goodModel(), rows).build());
    registry.setAlias(NAME, "champion", v.version());
    onnx = registry.load(NAME + "@champion");
  }

  @AfterAll
  void close() {
    onnx.close();
    registry.close();
  }

  @Test
  void theLoadedVersion_isServedByOnnxRuntime() {
    assertThat(onnx).isInstanceOf(OnnxPredictor.class);
  }

  @Test
  void modelAssertions_measureTheOnnxVersion_likeItsTribuoOriginal() {
    ModelOnData onOnnx = assertThatModel(onnx).on(data.test(), CancerData.LABEL)
        .withPositiveClass(CancerData.POSITIVE);
    ModelOnData onTribuo = assertThatModel(data.good()).on(data.test(), CancerData.LABEL)
        .withPositiveClass(CancerData.POSITIVE);
    // Same labels on every row, so the label metrics are identical; scores agree to float precision.
    assertThat(onOnnx.accuracy().estimate().value()).isEqualTo(onTribuo.accuracy().estimate().value());
    assertThat(onOnnx.recall().estimate().value()).isEqualTo(onTribuo.recall().estimate().value());
    assertThat(onOnnx.auc().estimate().value()).isCloseTo(onTribuo.auc().estimate().value(), within(1e-3));
    onOnnx.accuracy().lowerBound().isAtLeast(0.9);
    onOnnx.comparedTo(data.good()).accuracyNotWorse(0.0);   // McNemar on the same rows: no discordant pair
  }

  @Test
  void aPredictionMonitor_wrapsTheOnnxVersion_andCountsItsOutputs() throws Exception {
    Frame trainInputs = Frame.of(data.features().stream().map(f -> data.train().column(f).orElseThrow()).toList());
    List<Prediction> referenceOutputs = new ArrayList<>();
    for (int r = 0; r < data.train().rowCount(); r++) {
      referenceOutputs.add(onnx.predict(data.features(data.train(), r)));
    }
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    Map<String, Long> expected = new TreeMap<>();
    int n = data.test().rowCount();
    try (PredictionMonitor monitor = PredictionMonitor.builder(NAME + "/1")
        .window(WindowSpec.tumblingCount(n))
        .reference(ReferenceProfile.of(trainInputs))
        .outputReference(PredictionMonitor.outputProfile(referenceOutputs))
        .windowListener(windows::add)
        .build()) {
      var served = monitor.wrap(onnx);
      for (int r = 0; r < n; r++) {
        Map<String, Object> row = data.features(data.test(), r);
        Prediction.Classification p = (Prediction.Classification) served.predict(row);
        Prediction.Classification original = (Prediction.Classification) data.good().predict(row);
        assertThat(p.label()).isEqualTo(original.label());
        expected.merge(p.label(), 1L, Long::sum);
      }
      assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
      monitor.closeWindows();
      assertThat(monitor.processed()).isEqualTo(n);
      assertThat(monitor.dropped()).isZero();
    }
    assertThat(windows).hasSize(1);
    WindowSummary w = windows.get(0);
    assertThat(w.predictions()).isEqualTo(n);
    assertThat(w.errors()).isZero();
    assertThat(new TreeMap<>(w.outputCounts())).isEqualTo(expected);
    // Held-out rows of the same distribution: the window is compared, and the dataset does not drift.
    assertThat(w.featureDrift()).isPresent();
    assertThat(w.featureDrift().orElseThrow().datasetDrift()).isFalse();
    assertThat(w.predictionDrift()).isPresent();
  }

  private static List<double[]> rows(Frame frame, List<String> order) {
    List<double[]> rows = new ArrayList<>();
    for (int r = 0; r < frame.rowCount(); r++) {
      double[] x = new double[order.size()];
      for (int j = 0; j < x.length; j++) {
        x[j] = ((NumericColumn) frame.column(order.get(j)).orElseThrow()).value(r);
      }
      rows.add(x);
    }
    return rows;
  }
}
