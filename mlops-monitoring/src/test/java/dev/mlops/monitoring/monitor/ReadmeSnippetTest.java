package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Predictor;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.metrics.MonitorMetrics;
import dev.mlops.monitoring.profile.ReferenceProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Production monitoring" snippet, with stand-ins for the service's own parts. */
class ReadmeSnippetTest {

  @Test
  void theReadmeSnippetRuns(@TempDir Path tmp) throws Exception {
    Frame trainingFrame = MonitorFixtures.referenceFrame(1000, 1);
    SplittableRandom r = new SplittableRandom(2);
    List<Prediction> predictionsOnTrainingRows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      predictionsOnTrainingRows.add(MonitorFixtures.predict(MonitorFixtures.row(r, 0)));
    }
    SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
    List<WindowSummary> dashboard = new ArrayList<>();
    Predictor<Map<String, ?>, Prediction> model = new Predictor<>() {
      @Override
      public Prediction predict(Map<String, ?> input) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) input;
        return MonitorFixtures.predict(row);
      }

      @Override
      public ModelSignature signature() {
        throw new UnsupportedOperationException();
      }
    };
    List<PredictionEvent> audited = new ArrayList<>();
    Path logs = tmp.resolve("logs/fraud");

    // --- the snippet (registry.load("fraud@champion") is the stand-in model here)
    ReferenceProfile inputs = ReferenceProfile.of(trainingFrame);
    ReferenceProfile outputs = PredictionMonitor.outputProfile(predictionsOnTrainingRows);
    try (PredictionMonitor monitor = PredictionMonitor.builder("fraud/7")
        .window(WindowSpec.tumblingCount(2_500))
        .inputSampleRate(0.1)
        .reference(inputs).outputReference(outputs).referenceId("fraud/7")
        .sink(JsonLinesFileSink.builder(logs).maxFileBytes(64 << 20)
            .maxAge(Duration.ofDays(30)).maxTotalBytes(10L << 30).build())
        .rule(AlertRules.driftShare(0.5, 0.25).coolDownWindows(6).build())
        .rule(AlertRules.featureDrift("x", 2, 1).build())
        .rule(AlertRules.errorRate(0.05, 0.02).build())
        .rule(AlertRules.latencyQuantile(0.99, Duration.ofMillis(50), Duration.ofMillis(30)).build())
        .rule(AlertRules.predictionDrift(2, 1).build())
        .alertListener(AlertListener.logging())
        .windowListener(w -> dashboard.add(w))
        .build()) {
      new MonitorMetrics(monitor).bindTo(meterRegistry);
      Predictor<Map<String, ?>, Prediction> served = monitor.wrap(model);
      for (int i = 0; i < 5_000; i++) {
        Map<String, Object> features = MonitorFixtures.row(r, 0);
        Prediction p = served.predict(features);
        long id = monitor.record(features, p, 1_000);
        assertThat(id).isGreaterThanOrEqualTo(0);
      }
      monitor.awaitProcessed(Duration.ofSeconds(30));
      monitor.snapshot().write(tmp.resolve("state/fraud-7.json"));
    }
    PredictionLogReader.replay(logs, "predictions", event -> audited.add(event));
    // ---

    assertThat(audited).hasSize(10_000);
    assertThat(dashboard).hasSize(4);
    assertThat(meterRegistry.get("mlops.monitor.predictions").functionCounter().count()).isEqualTo(10_000);
    assertThat(MonitorSnapshot.read(tmp.resolve("state/fraud-7.json")).processed()).isEqualTo(10_000);
  }
}
