package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.ManualClock;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertKind;
import dev.mlops.monitoring.monitor.MonitorSnapshot;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.WindowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delayed labels inside a real {@link PredictionMonitor}: windows carry the labelled metrics and the
 * label-free estimates, and the performance-drop rule raises once on a concept change and resolves.
 */
class PerformanceMonitoringTest {
  static final int ROWS = 300;
  final ManualClock clock = new ManualClock();
  final List<Alert> alerts = new CopyOnWriteArrayList<>();
  final List<WindowSummary> windows = new CopyOnWriteArrayList<>();
  PredictionMonitor monitor;

  @AfterEach
  void close() {
    if (monitor != null) {
      monitor.close();
    }
  }

  PerformanceMonitoring performance() {
    return PerformanceMonitoring.classification("no", "yes").maxPending(10_000).timeToLive(Duration.ofHours(1))
        .clock(clock).intervals(MetricIntervals.defaults().withResamples(300))
        .labelFree(ConfidenceBasedEstimator.defaults().withSimulations(300)).build();
  }

  PredictionMonitor monitor(PerformanceMonitoring performance) {
    return PredictionMonitor.builder("churn")
        .window(WindowSpec.tumblingCount(1_000_000)) // windows close when the test says
        .extension(performance)
        .rule(PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.6, 0.7).build())
        .alertListener(alerts::add)
        .windowListener(windows::add)
        .build();
  }

  /** One window's rows: a calibrated model; flipped labels after a concept change. */
  record Batch(long[] ids, int[] labels, int[] predicted, double[] p1) {}

  Batch batch(SplittableRandom r, boolean flipped) {
    long[] ids = new long[ROWS];
    int[] y = new int[ROWS];
    int[] pred = new int[ROWS];
    double[] p = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double x = r.nextGaussian();
      p[i] = 1 / (1 + Math.exp(-3 * x));
      pred[i] = p[i] > 0.5 ? 1 : 0;
      int truth = r.nextDouble() < p[i] ? 1 : 0;
      y[i] = flipped ? 1 - truth : truth;
      Prediction out = new Prediction.Classification(pred[i] == 1 ? "yes" : "no", Map.of("yes", p[i], "no", 1 - p[i]));
      ids[i] = monitor.record(Map.of("x", x), out, 1_000);
    }
    return new Batch(ids, y, pred, p);
  }

  void label(PerformanceMonitoring perf, Batch b) {
    for (int i = 0; i < ROWS; i++) {
      perf.recordLabel(b.ids()[i], b.labels()[i] == 1 ? "yes" : "no");
    }
  }

  WindowSummary closeWindow() {
    int before = windows.size();
    monitor.closeWindows();
    assertThat(windows).hasSize(before + 1);
    return windows.get(before);
  }

  @Test
  void windowsCarryTheLabelledMetrics_andTheDropRuleRaisesOnceAndResolves() throws Exception {
    PerformanceMonitoring perf = performance();
    monitor = monitor(perf);
    SplittableRandom r = new SplittableRandom(42);
    List<Double> accuracies = new ArrayList<>();
    for (int w = 0; w < 7; w++) {
      boolean flipped = w >= 2 && w < 5;
      Batch b = batch(r, flipped);
      assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
      label(perf, b);
      WindowSummary s = closeWindow();
      double acc = s.metric("performance.accuracy").orElseThrow();
      accuracies.add(acc);
      assertThat(s.metric("performance.labelled")).hasValue(ROWS);
      // the window's metrics are those of its rows, with the intervals of MetricIntervals
      assertThat(acc).isEqualTo(ClassificationMetrics.accuracy(b.labels(), b.predicted()));
      MetricEstimate auc = MetricIntervals.defaults().rocAuc(b.labels(), b.p1());
      assertThat(s.metric("performance.roc_auc")).hasValue(auc.value());
      assertThat(s.metric("performance.roc_auc.lower")).hasValue(auc.lower());
      assertThat(s.metric("performance.log_loss").orElseThrow())
          .isCloseTo(ClassificationMetrics.logLoss(b.labels(), b.p1()), within(1e-12));
      assertThat(s.metric("performance.accuracy.upper").orElseThrow()).isGreaterThan(acc);
      // label-free estimate of the window's own predictions: honest while calibrated
      double estimated = s.metric("performance.estimated.accuracy").orElseThrow();
      if (!flipped) {
        assertThat(s.metric("performance.estimated.accuracy.lower").orElseThrow()).isLessThanOrEqualTo(acc + 0.02);
        assertThat(s.metric("performance.estimated.accuracy.upper").orElseThrow()).isGreaterThanOrEqualTo(acc - 0.02);
      } else {
        assertThat(estimated - acc).isGreaterThan(0.4); // CBPE cannot see concept drift: labels can
      }
    }
    assertThat(accuracies.subList(2, 5)).allSatisfy(a -> assertThat(a).isLessThan(0.3));
    assertThat(alerts).extracting(Alert::kind).containsExactly(AlertKind.RAISED, AlertKind.RESOLVED);
    assertThat(alerts.get(0).rule()).isEqualTo("performance-drop:accuracy");
    assertThat(alerts.get(0).windowIndex()).isEqualTo(2);
    assertThat(alerts.get(1).windowIndex()).isEqualTo(5);
    assertThat(perf.lastWindow(monitor.variants().get(0)).orElseThrow().labelled()).isEqualTo(ROWS);
  }

  @Test
  void labelsRecordedBeforeTheWorkerSawTheirPrediction_stillJoin() throws Exception {
    PerformanceMonitoring perf = performance();
    monitor = monitor(perf);
    SplittableRandom r = new SplittableRandom(7);
    int total = 0;
    for (int round = 0; round < 20; round++) {
      Batch b = batch(r, false);
      label(perf, b); // at once: many labels arrive before the worker processed their prediction
      total += ROWS;
    }
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    WindowSummary s = closeWindow();
    assertThat(s.metric("performance.labelled")).hasValue(total);
    assertThat(s.metric("performance.pending")).hasValue(0);
    assertThat(s.metric("performance.unmatched")).hasValue(0);
    assertThat(perf.labelsWaiting()).isZero();
  }

  @Test
  void aLabelWhosePredictionNeverComes_expiresAsUnmatched_andUnlabelledPredictionsExpire() throws Exception {
    PerformanceMonitoring perf = performance();
    monitor = monitor(perf);
    batch(new SplittableRandom(1), false);
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    perf.recordLabel(123_456_789L, "yes");
    assertThat(perf.labelsWaiting()).isEqualTo(1);
    clock.advance(Duration.ofHours(2));
    WindowSummary s = closeWindow();
    assertThat(s.metric("performance.unmatched")).hasValue(1);
    assertThat(s.metric("performance.expired")).hasValue(ROWS);
    assertThat(s.metric("performance.labelled")).hasValue(0);
    assertThat(s.metric("performance.accuracy")).isEmpty();
    assertThatThrownBy(() -> perf.recordLabel(1L, "maybe")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> perf.recordLabel(1L, 0.5)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aRestartInTheMiddle_keepsPendingPredictionsAndJoinedRows() throws Exception {
    // uninterrupted
    PerformanceMonitoring perf = performance();
    monitor = monitor(perf);
    Batch a = batch(new SplittableRandom(5), false);
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    label(perf, a);
    WindowSummary expected = closeWindow();
    monitor.close();
    windows.clear();

    // the same stream with a restart after half the labels
    PerformanceMonitoring before = performance();
    monitor = monitor(before);
    Batch b = batch(new SplittableRandom(5), false);
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    for (int i = 0; i < ROWS / 2; i++) {
      before.recordLabel(b.ids()[i], b.labels()[i] == 1 ? "yes" : "no");
    }
    before.recordLabel(999_999L, "yes"); // a label whose prediction has not come: waits, survives too
    String json = monitor.snapshot().toJson();
    monitor.close();
    PerformanceMonitoring after = performance();
    monitor = PredictionMonitor.builder("churn").window(WindowSpec.tumblingCount(1_000_000)).extension(after)
        .windowListener(windows::add).restore(MonitorSnapshot.fromJson(json)).build();
    assertThat(after.pending()).isEqualTo(ROWS - ROWS / 2);
    assertThat(after.labelsWaiting()).isEqualTo(1);
    for (int i = ROWS / 2; i < ROWS; i++) {
      after.recordLabel(b.ids()[i], b.labels()[i] == 1 ? "yes" : "no");
    }
    WindowSummary s = closeWindow();
    for (String m : List.of("performance.labelled", "performance.accuracy", "performance.accuracy.lower",
        "performance.roc_auc", "performance.roc_auc.upper", "performance.f1", "performance.f1.lower",
        "performance.log_loss", "performance.estimated.accuracy", "performance.estimated.roc_auc.lower")) {
      assertThat(s.metric(m)).as(m).isEqualTo(expected.metric(m));
    }
  }

  @Test
  void regressionOutputs_giveErrorMetrics() throws Exception {
    PerformanceMonitoring perf = PerformanceMonitoring.regression().clock(clock)
        .intervals(MetricIntervals.defaults().withResamples(200)).build();
    monitor = PredictionMonitor.builder("price").window(WindowSpec.tumblingCount(1_000_000)).extension(perf)
        .windowListener(windows::add).rule(PerformanceAlerts.drop(PerformanceMetric.RMSE, 2.0, 1.5).build())
        .alertListener(alerts::add).build();
    double[] actual = new double[100];
    double[] predicted = new double[100];
    long[] ids = new long[100];
    for (int i = 0; i < 100; i++) {
      predicted[i] = i;
      actual[i] = i + (i % 2 == 0 ? 3 : -3);
      ids[i] = monitor.record(Map.of("x", (double) i), new Prediction.Regression(Map.of("price", predicted[i])), 10);
    }
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    for (int i = 0; i < 100; i++) {
      perf.recordLabel(ids[i], actual[i]);
    }
    WindowSummary s = closeWindow();
    assertThat(s.metric("performance.rmse")).hasValue(3.0);
    assertThat(s.metric("performance.mae")).hasValue(3.0);
    // every error is 3: the bootstrap interval is the point, and the rule (lower bound >= 2) raises
    assertThat(alerts).extracting(Alert::rule).containsExactly("performance-drop:rmse");
  }
}
