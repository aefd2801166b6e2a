package dev.mlops.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.Tracking;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

  @Test
  void quickstart_registersTwoModelsAndPromotesTheMoreAccurateToChampion(@TempDir Path root) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ModelVersion champion = Quickstart.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);

    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.names()).containsExactly("breast-cancer", "breast-cancer-classifier");
      assertThat(registry.get("breast-cancer/1").kind()).isEqualTo(ArtifactKind.DATASET);
      var models = registry.versions("breast-cancer-classifier");
      assertThat(models).hasSize(2);
      double best = models.stream().mapToDouble(v -> Double.parseDouble(v.tags().get("accuracy"))).max().orElseThrow();
      assertThat(Double.parseDouble(champion.tags().get("accuracy"))).isEqualTo(best);
      assertThat(registry.aliases("breast-cancer-classifier")).containsEntry("champion", champion.version());
      assertThat(champion.manifest().lineage().datasets())
          .containsExactly(registry.get("breast-cancer/1").manifestDigest());
      assertThat(registry.verify().isClean()).isTrue();
      // Trained inside a run: the version links to its run, the run to the version; reproduced bit for bit.
      Tracking tracking = Tracking.of(registry);
      RunRecord run = tracking.runOf(champion).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(run.versions()).containsExactly(champion.id());
      assertThat(run.metrics().get("accuracy")).isCloseTo(best, org.assertj.core.api.Assertions.within(5e-5));
    }
    assertThat(out).contains("@champion -> " + champion.id()).contains("verify: 3 versions").contains("clean")
        .contains("REPRODUCED bit for bit").contains("data matches");
  }

  @Test
  void routingStep_routesWithAShadow_feedsBackOutcomes_andDecides(@TempDir Path root) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Quickstart.run(root, quiet);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    RoutingStep.Outcome o = RoutingStep.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(o.summary().variants().stream().mapToLong(v -> v.exposures()).sum()).isEqualTo(RoutingStep.REQUESTS);
    assertThat(o.summary().variants().stream().mapToLong(v -> v.trials()).sum()).isEqualTo(RoutingStep.REQUESTS);
    assertThat(o.summary().sampleRatio().mismatch()).isFalse();
    assertThat(o.shadow().submitted() + o.shadow().dropped()).isEqualTo(RoutingStep.REQUESTS);
    assertThat(o.shadow().agreementRate()).isGreaterThan(0.8);
    assertThat(out).contains("experiment quickstart-ab").contains("sequential (mSPRT)").contains("decision: ")
        .contains("experiment report at " + o.report().toAbsolutePath());
    assertThat(o.report()).isEqualTo(root.resolve("experiment").resolve("experiment-report.html")).isRegularFile();
    assertThat(java.nio.file.Files.readString(o.report()))
        .contains("Verdict: <code>" + o.summary().verdict().name() + "</code>")
        .contains("breast-cancer-classifier@challenger").contains("id=\"srm\"").contains("id=\"guardrails\"");
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.aliases("breast-cancer-classifier")).containsKeys("champion", "challenger");
    }
  }

  @Test
  void onnxStep_registersTheChampionsOnnxExport_andRoutesAShareOfTrafficToIt(@TempDir Path root) throws Exception {
    Quickstart.run(root, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    OnnxStep.Outcome o = OnnxStep.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(o.version().manifest().format()).isEqualTo(dev.mlops.core.artifact.ArtifactFormat.ONNX);
    assertThat(o.onnxRequests()).isBetween(OnnxStep.REQUESTS * OnnxStep.ONNX_SHARE / 200, OnnxStep.REQUESTS * OnnxStep.ONNX_SHARE * 3 / 200);
    assertThat(o.agreeing()).isEqualTo(o.onnxRequests());
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("onnx: registered breast-cancer-classifier/3");
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.aliases("breast-cancer-classifier")).containsEntry("onnx", o.version().version());
      assertThat(o.version().manifest().lineage().parents()).containsExactly(registry.get("breast-cancer-classifier@champion").id());
      assertThat(registry.verify().isClean()).isTrue();
    }
  }

  @Test
  void driftStep_findsTheShiftedColumnsAndWritesTheReport(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DriftStep.Result result = DriftStep.run(tmp, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(result.report().driftedColumnNames()).contains("mean_radius", "mean_texture", "worst_area")
        .doesNotContain("smoothness_error", "diagnosis");
    assertThat(result.report().missingShareAlerts()).containsExactly("smoothness_error");
    assertThat(java.nio.file.Files.readString(result.html())).contains("<svg").contains("mean_radius");
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("drifted columns: [").contains("drift report at ");
    assertThat(result.html()).isEqualTo(tmp.resolve("drift").resolve("drift-report.html"));
  }

  @Test
  void quickstart_runTwice_addsVersionsAndMovesChampionWithCompareAndSet(@TempDir Path root) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ModelVersion first = Quickstart.run(root, quiet);
    ModelVersion second = Quickstart.run(root, quiet);

    assertThat(second.version()).isEqualTo(first.version() + 2);
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.versions("breast-cancer-classifier")).hasSize(4);
      assertThat(registry.aliasAt("breast-cancer-classifier", "champion", second.registeredAt().minusMillis(1)))
          .hasValue(first.version());
      assertThat(registry.aliases("breast-cancer-classifier")).containsEntry("champion", second.version());
    }
  }

  @Test
  void explainStep_explainsThreeChampionPredictions_andWritesTheImportanceChart(@TempDir Path root) throws Exception {
    Quickstart.run(root, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Path chart = ExplainStep.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.startsWith("explained row"))).hasSize(3);
    assertThat(out).contains("chart at " + chart.toAbsolutePath());
    assertThat(java.nio.file.Files.readString(chart)).contains("<svg").contains("script-src 'none'").doesNotContain("<script");
  }

  @Test
  void monitorStep_streamsTheShiftedBatchThroughTheChampion_andRaisesEachAlertOnce(@TempDir Path root) throws Exception {
    Quickstart.run(root, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    MonitorStep.Result r = MonitorStep.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(r.processed()).isEqualTo(171);
    assertThat(r.dropped()).isZero();
    assertThat(r.windows()).hasSize(3).allSatisfy(w -> {
      assertThat(w.predictions()).isEqualTo(MonitorStep.WINDOW);
      assertThat(w.featureDrift().orElseThrow().driftedColumnNames()).contains("mean_radius");
      assertThat(w.errorRate()).isGreaterThan(0.15);   // a quarter of the rows lost a reading: the model refuses NaN
    });
    // the shift persists, so each alert is raised once (in the first window) and never resolved
    assertThat(r.alerts()).allSatisfy(a -> {
      assertThat(a.kind()).isEqualTo(dev.mlops.monitoring.alert.AlertKind.RAISED);
      assertThat(a.windowIndex()).isZero();
    });
    assertThat(r.alerts()).extracting(a -> a.rule()).contains("feature-drift:mean_radius", "error-rate")
        .doesNotHaveDuplicates();
    assertThat(out).contains("window 2: 57 predictions").contains("alert RAISED feature-drift:mean_radius")
        .contains("state snapshot at");
    assertThat(java.nio.file.Files.exists(r.snapshot())).isTrue();
  }
}
