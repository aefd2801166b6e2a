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
    for (int i = 0; i < 3; i++) {
      assertThat(java.nio.file.Files.readString(chart.resolveSibling("explanation-row-" + i + ".html")))
          .contains("<svg").doesNotContain("<script");
    }
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

  @Test
  void promotionGateStep_refusesWithoutEvidence_thenTheGatePasses_andChampionMoves(@TempDir Path root) throws Exception {
    ModelVersion first = Quickstart.run(root, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PromotionGateStep.Outcome o = PromotionGateStep.run(root, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);

    assertThat(o.previousChampion()).isEqualTo(first.id());
    assertThat(o.candidate().manifest().lineage().parents()).containsExactly(first.id());
    assertThat(o.refused().version()).isEqualTo(o.candidate().id());
    assertThat(o.refused().unmet()).singleElement().satisfies(u -> assertThat(u.found()).isEqualTo("no such evidence"));
    assertThat(o.gate().failures()).isEmpty();
    assertThat(o.gate().passed()).isTrue();
    assertThat(o.gate().testsRun()).isEqualTo(3);
    assertThat(o.gate().candidate()).isEqualTo(o.candidate().id());
    assertThat(o.champion()).isEqualTo(o.candidate().id());
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      assertThat(registry.aliases("breast-cancer-classifier")).containsEntry("champion", o.candidate().version());
      var evidence = registry.readEvidence(o.gate().evidence());
      assertThat(evidence.suite()).isEqualTo(PromotionGateStep.SUITE);
      assertThat(evidence.passed()).isTrue();
      assertThat(evidence.manifestDigest()).isEqualTo(o.candidate().manifestDigest());
      // the three checks: bounds of two intervals, McNemar against the old champion, one invariance
      assertThat(evidence.results()).hasSize(4).allSatisfy(r -> assertThat(r.passed()).isTrue());
      assertThat(registry.evidence(first.id().toString())).isEmpty();
    }
    assertThat(java.nio.file.Files.readString(o.gate().htmlReport())).contains("PASSED");
    assertThat(java.nio.file.Files.readString(o.modelCard().orElseThrow())).contains(PromotionGateStep.SUITE);
    assertThat(out).contains("refused: needs passing 'model-test' evidence of suite 'QuickstartGate'")
        .contains("PASSED (3 tests run, 0 failed, 0 aborted)")
        .contains("@champion -> " + o.candidate().id() + " (was " + first.id() + ")")
        .contains("model test report at " + o.gate().htmlReport().toAbsolutePath());
  }

  @Test
  void main_showsProgress_andListsEveryReportItWrote(@TempDir Path root) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[] {root.toString()});
    } finally {
      System.setOut(original);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.matches("\\[\\d/7] .* \\.\\.\\.")).count()).isEqualTo(7);
    assertThat(out.lines().filter(l -> l.matches("\\[\\d/7] done in \\d+\\.\\d s \\(\\d+\\.\\d s so far\\)")).count()).isEqualTo(7);
    String reports = out.substring(out.indexOf("Reports (open in a browser):"));
    assertThat(reports).contains("drift         " + root.resolve("drift/drift-report.html").toAbsolutePath())
        .contains("explanations  " + root.resolve("explain/global-importance.html").toAbsolutePath())
        .contains("model tests   " + root.resolve("model-tests/" + QuickstartGateSuite.class.getName() + ".html").toAbsolutePath())
        .contains("model card    " + root.resolve("card/breast-cancer-classifier-4.html").toAbsolutePath())
        .contains("quickstart done in ");
    // every report listed exists; the experiment report is listed when RoutingStep writes one
    reports.lines().filter(l -> l.startsWith("  ")).forEach(l ->
        assertThat(Path.of(l.substring(16).trim())).exists());
    assertThat(reports.contains("experiment    ")).isEqualTo(java.nio.file.Files.exists(root.resolve("experiment")));
  }

  @Test
  void reports_listOnlyTheReportsWrittenSinceTheSnapshot(@TempDir Path root) throws Exception {
    java.nio.file.Files.createDirectories(root.resolve("drift"));
    java.nio.file.Files.createDirectories(root.resolve("card"));
    java.nio.file.Files.writeString(root.resolve("drift/drift-report.html"), "old");
    java.nio.file.Files.writeString(root.resolve("card/m-1.html"), "old");
    java.nio.file.Files.writeString(root.resolve("card/notes.txt"), "not a report");
    Reports.Snapshot before = Reports.snapshot(root);
    java.nio.file.Files.writeString(root.resolve("card/m-2.html"), "new");
    java.nio.file.Files.setLastModifiedTime(root.resolve("drift/drift-report.html"),
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));   // rewritten
    assertThat(Reports.writtenSince(root, before)).containsExactly(
        new Reports.Report("drift", root.resolve("drift/drift-report.html").toAbsolutePath()),
        new Reports.Report("model card", root.resolve("card/m-2.html").toAbsolutePath()));
  }
}
