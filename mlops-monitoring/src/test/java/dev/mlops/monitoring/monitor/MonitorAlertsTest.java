package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertKind;
import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.stream.ChangeDirection;
import dev.mlops.monitoring.stream.PageHinkley;
import dev.mlops.monitoring.stream.PageHinkleyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every alert rule on a real monitor: quiet over a long stationary stream (the false-alarm rate is
 * measured and bounded), and raised once, then resolved, on a stream built to trip it.
 */
class MonitorAlertsTest {
  static final int WINDOW = 500;
  static final int STATIONARY_WINDOWS = 600;

  /** A toy stand-in for delayed labels: the label rides in the features, accuracy is a window metric. */
  static final class AccuracyExtension implements MonitorExtension {
    long correct;
    long total;

    @Override
    public String name() {
      return "accuracy";
    }

    @Override
    public void onEvent(PredictionEvent e) {
      if (e.output().isPresent() && e.features().isPresent()) {
        total++;
        Prediction.Classification c = (Prediction.Classification) e.output().get();
        if (c.label().equals(e.features().get().get("truth"))) {
          correct++;
        }
      }
    }

    @Override
    public Map<String, Double> onWindowClosed(WindowSummary window) {
      Map<String, Double> m = total == 0 ? Map.of() : Map.of("accuracy", (double) correct / total);
      correct = 0;
      total = 0;
      return m;
    }
  }

  static List<AlertRule> rules() {
    return List.of(
        AlertRules.driftShare(0.5, 0.25).build(),
        AlertRules.featureDrift("x", 2, 1).build(),
        AlertRules.errorRate(0.05, 0.02).build(),
        AlertRules.latencyQuantile(0.99, Duration.ofMillis(5), Duration.ofMillis(3)).build(),
        AlertRules.predictionDrift(2, 1).build(),
        AlertRules.metricBelow("accuracy", 0.8, 0.85).build(),
        AlertRules.detector("latency-p99-ms", w -> java.util.OptionalDouble.of(w.latency().quantileNanos(0.99) / 1e6),
            () -> new PageHinkley(PageHinkleyConfig.DEFAULTS.withDirection(ChangeDirection.INCREASE))).build());
  }

  /** What the stream does in a phase. */
  record Phase(int windows, double shiftX, double shiftY, double errorRate, double slowMs, double labelNoise) {}

  static final Phase CALM = new Phase(1, 0, 0, 0.01, 0, 0.05);

  static List<Alert> run(List<Phase> phases, long seed, List<WindowSummary> windows) throws InterruptedException {
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(WINDOW))
        .reference(shared).outputReference(sharedOutputs).queueCapacity(1 << 20)
        .extension(new AccuracyExtension()).alertListener(alerts::add).windowListener(windows::add)
        .rules(rules()).build()) {
      SplittableRandom r = new SplittableRandom(seed);
      for (Phase p : phases) {
        for (int i = 0; i < p.windows * WINDOW; i++) {
          Map<String, Object> row = MonitorFixtures.row(r, p.shiftX);
          row.put("y", (Double) row.get("y") + p.shiftY);
          Prediction.Classification out = (Prediction.Classification) MonitorFixtures.predict(row);
          String truth = r.nextDouble() < p.labelNoise ? (out.label().equals("yes") ? "no" : "yes") : out.label();
          row.put("truth", truth);
          // latency: lognormal around 1 ms, or slowMs more
          long latency = (long) (1e6 * Math.exp(0.3 * MonitorFixtures.gaussian(r)) + p.slowMs * 1e6);
          if (r.nextDouble() < p.errorRate) {
            m.recordError(row, "Timeout", latency);
          } else {
            m.record(row, out, latency);
          }
        }
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(60))).isTrue();
      assertThat(m.dropped()).isZero();
      assertThat(m.driftFailures()).isZero();
    }
    return alerts;
  }

  static dev.mlops.monitoring.profile.ReferenceProfile shared;
  static dev.mlops.monitoring.profile.ReferenceProfile sharedOutputs;

  @BeforeAll
  static void profiles() {
    shared = MonitorFixtures.referenceProfile();
    sharedOutputs = MonitorFixtures.outputProfile();
  }

  @Test
  void stationaryStream_falseAlarmRateOfEveryRuleIsAtMostOnePercentOfWindows() throws Exception {
    List<WindowSummary> windows = new ArrayList<>();
    List<Alert> alerts = run(List.of(new Phase(STATIONARY_WINDOWS, 0, 0, 0.01, 0, 0.05)), 101, windows);
    assertThat(windows).hasSize(STATIONARY_WINDOWS);
    for (AlertRule rule : rules()) {
      long raised = alerts.stream().filter(a -> a.rule().equals(rule.name()) && a.kind() == AlertKind.RAISED).count();
      double rate = (double) raised / STATIONARY_WINDOWS;
      System.out.printf("false-alarm rate of %-16s %d / %d windows = %.4f%n", rule.name(), raised,
          STATIONARY_WINDOWS, rate);
      assertThat(rate).as("false-alarm rate of " + rule.name()).isLessThanOrEqualTo(0.01);
    }
    // every signal was measured on every window (nothing quiet by absence)
    assertThat(windows).allSatisfy(w -> {
      assertThat(w.featureDrift()).isPresent();
      assertThat(w.predictionDrift()).isPresent();
      assertThat(w.metric("accuracy")).isPresent();
    });
  }

  private static void assertFiresOnceAndResolves(String rule, Phase bad) throws Exception {
    Phase calm = new Phase(4, 0, 0, 0.01, 0, 0.05);
    List<Alert> alerts = run(List.of(calm, bad, calm), 202, new ArrayList<>());
    List<Alert> mine = alerts.stream().filter(a -> a.rule().equals(rule)).toList();
    assertThat(mine).as(rule + " alerts").extracting(Alert::kind).containsExactly(AlertKind.RAISED, AlertKind.RESOLVED);
    assertThat(mine.get(0).windowIndex()).as(rule + " raised in the first bad window").isEqualTo(4);
    assertThat(mine.get(1).windowIndex()).as(rule + " resolved in the first calm window after").isEqualTo(4 + bad.windows);
  }

  @Test
  void driftShare_firesWhenMostInputsShift() throws Exception {
    assertFiresOnceAndResolves("drift-share", new Phase(3, 1.0, 4.0, 0.01, 0, 0.05));
  }

  @Test
  void featureDrift_firesWhenTheNamedFeatureShifts() throws Exception {
    assertFiresOnceAndResolves("feature-drift:x", new Phase(3, 1.0, 0, 0.01, 0, 0.05));
  }

  @Test
  void errorRate_firesOnAnErrorBurst() throws Exception {
    assertFiresOnceAndResolves("error-rate", new Phase(3, 0, 0, 0.2, 0, 0.05));
  }

  @Test
  void latencyQuantile_firesWhenTheModelSlowsDown() throws Exception {
    assertFiresOnceAndResolves("latency-p99", new Phase(3, 0, 0, 0.01, 10, 0.05));
  }

  @Test
  void predictionDrift_firesWhenTheOutputsShift() throws Exception {
    assertFiresOnceAndResolves("prediction-drift", new Phase(3, 1.0, 0, 0.01, 0, 0.05));
  }

  @Test
  void aMetricRuleFromAnExtension_firesOnAPerformanceDrop() throws Exception {
    assertFiresOnceAndResolves("accuracy", new Phase(3, 0, 0, 0.01, 0, 0.4));
  }

  @Test
  void aChangeDetectorOnAWindowMeasure_firesOnceWhenTheModelSlowsDown() throws Exception {
    // Page-Hinkley needs 30 windows before it may report; the model slows down in windows 40-49
    Phase calm = new Phase(40, 0, 0, 0.01, 0, 0.05);
    List<Alert> alerts = run(List.of(calm, new Phase(10, 0, 0, 0.01, 10, 0.05), calm), 303, new ArrayList<>());
    List<Alert> mine = alerts.stream().filter(a -> a.rule().equals("detector:latency-p99-ms")).toList();
    assertThat(mine).extracting(Alert::kind).containsExactly(AlertKind.RAISED, AlertKind.RESOLVED);
    assertThat(mine.get(0).windowIndex()).isBetween(40L, 45L);
    assertThat(mine.get(1).windowIndex()).isEqualTo(mine.get(0).windowIndex() + 1);   // the detector starts afresh
  }
}
