package dev.mlops.examples.quickstart;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.JsonLinesFileSink;
import dev.mlops.monitoring.monitor.MonitorSnapshot;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The quickstart's monitoring step: wrap the champion in a {@link PredictionMonitor} (reference:
 * the training rows' profile and the champion's predictions on them), stream the shifted production
 * batch of {@link DriftStep} through it in windows of 57 predictions, and print each window's
 * metrics and the alerts raised. A quarter of the batch lost a sensor reading (NaN), which the model
 * refuses: those calls fail and count as errors. The prediction log and a state snapshot are written
 * under {@code root/monitor/}.
 */
public final class MonitorStep {
  /** The champion's name in the quickstart registry. */
  static final String MODEL = "breast-cancer-classifier";
  /** Predictions per window: the 171 production rows make three windows. */
  static final int WINDOW = 57;

  private MonitorStep() {}

  /**
   * What the step produced.
   *
   * @param windows the closed windows, in order
   * @param alerts the alerts raised and resolved, in order
   * @param processed predictions the monitor processed
   * @param dropped predictions it dropped
   * @param snapshot the state snapshot file
   */
  public record Result(List<WindowSummary> windows, List<Alert> alerts, long processed, long dropped, Path snapshot) {}

  /**
   * Runs the step against the quickstart registry (run {@link Quickstart#run} first).
   *
   * @param root the quickstart's registry directory
   * @param out where to print
   * @return the windows and alerts
   * @throws IOException if the data cannot be read
   * @throws InterruptedException if interrupted while waiting for the monitor
   */
  public static Result run(Path root, PrintStream out) throws IOException, InterruptedException {
    Frame[] parts = DriftStep.split();
    Frame training = inputs(parts[0]);
    Frame production = inputs(DriftStep.shifted(parts[1]));
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    Path dir = root.resolve("monitor");
    try (ModelRegistry registry = ModelRegistry.open(root);
        TabularPredictor champion = registry.load(MODEL + "@champion")) {
      ModelVersion version = registry.get(MODEL + "@champion");
      List<Prediction> referenceOutputs = new ArrayList<>();
      for (int i = 0; i < training.rowCount(); i++) {
        referenceOutputs.add(champion.predict(row(training, i)));
      }
      long failed = 0;
      try (PredictionMonitor monitor = PredictionMonitor.builder(version.id().toString())
          .window(WindowSpec.tumblingCount(WINDOW))
          .reference(ReferenceProfile.of(training))
          .outputReference(PredictionMonitor.outputProfile(referenceOutputs))
          .referenceId(version.id().toString())
          .sink(JsonLinesFileSink.builder(dir.resolve("log")).build())
          .rule(AlertRules.driftShare(0.5, 0.25).build())
          .rule(AlertRules.featureDrift("mean_radius", 2, 1).build())
          .rule(AlertRules.errorRate(0.05, 0.02).coolDownWindows(10).build())
          .rule(AlertRules.latencyQuantile(0.99, Duration.ofMillis(50), Duration.ofMillis(20)).build())
          .rule(AlertRules.predictionDrift(2, 1).build())
          .alertListener(alerts::add)
          .alertListener(AlertListener.logging())
          .windowListener(windows::add)
          .build()) {
        Predictor<Map<String, ?>, Prediction> served = monitor.wrap(champion);
        for (int i = 0; i < production.rowCount(); i++) {
          try {
            served.predict(row(production, i));
          } catch (InvalidInputException e) {
            failed++;   // recorded by the monitor as an error
          }
        }
        monitor.awaitProcessed(Duration.ofSeconds(30));
        monitor.closeWindows();
        Path snapshot = monitor.snapshot().write(dir.resolve("state.json"));
        out.printf("monitor %s: %d predictions (%d failed), %d dropped, %d windows of %d%n", monitor.model(),
            monitor.processed(), failed, monitor.dropped(), windows.size(), WINDOW);
        for (WindowSummary w : windows) {
          out.printf("window %d: %d predictions, error rate %.3f, latency p50 %.3f ms p99 %.3f ms, outputs %s, "
                  + "drifted inputs %s (share %.2f), prediction drift severity %.3g%n", w.index(), w.predictions(),
              w.errorRate(), w.latency().quantileNanos(0.5) / 1e6, w.latency().quantileNanos(0.99) / 1e6,
              w.outputCounts(), w.featureDrift().map(r -> r.driftedColumnNames()).orElse(List.of()),
              w.featureDrift().map(r -> r.driftShare()).orElse(0.0), w.predictionDriftSeverity().orElse(0));
        }
        for (Alert a : alerts) {
          out.printf("alert %s %s (window %d): %s%n", a.kind(), a.rule(), a.windowIndex(), a.message());
        }
        out.printf("prediction log at %s, state snapshot at %s%n", dir.resolve("log").toAbsolutePath(),
            snapshot.toAbsolutePath());
        MonitorSnapshot.read(snapshot);   // a restart would restore from it
        return new Result(List.copyOf(windows), List.copyOf(alerts), monitor.processed(), monitor.dropped(), snapshot);
      }
    }
  }

  /** The model's inputs: every numeric column (the diagnosis is the label, not an input). */
  private static Frame inputs(Frame f) {
    List<Column> cols = new ArrayList<>();
    for (Column c : f.columns()) {
      if (c instanceof NumericColumn) {
        cols.add(c);
      }
    }
    return Frame.of(cols);
  }

  private static Map<String, Object> row(Frame f, int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Column c : f.columns()) {
      m.put(c.spec().name(), ((NumericColumn) c).value(i));
    }
    return m;
  }
}
