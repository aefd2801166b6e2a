package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.monitoring.monitor.WindowSummaries;
import dev.mlops.monitoring.monitor.WindowSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

  /** A window whose only signal is the metric "m". */
  static WindowSummary window(long index, double m) {
    return WindowSummaries.of("model", "v", index, Instant.ofEpochSecond(index * 60), 100, 0, Map.of("m", m));
  }

  private static List<Alert> run(AlertRule rule, double... values) {
    AlertEvaluator e = new AlertEvaluator(List.of(rule));
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.addAll(e.evaluate(window(i, values[i])));
    }
    return out;
  }

  private static double[] flapping(int n, double high, double low) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i % 2 == 0 ? high : low;
    }
    return v;
  }

  @Test
  void withoutHysteresis_aSignalFlappingAroundTheThresholdAlertsEveryOtherWindow() {
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.05).build();
    List<Alert> alerts = run(rule, flapping(200, 0.051, 0.049));
    assertThat(alerts.stream().filter(a -> a.kind() == AlertKind.RAISED)).hasSize(100);
  }

  @Test
  void hysteresis_aSignalFlappingBetweenTheThresholdsRaisesOnce() {
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.02).build();
    List<Alert> alerts = run(rule, flapping(200, 0.051, 0.049));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).kind()).isEqualTo(AlertKind.RAISED);
    assertThat(alerts.get(0).windowIndex()).isZero();
    assertThat(alerts.get(0).message()).contains("0.0510").contains("raise threshold 0.0500").contains("below 0.0200");
  }

  @Test
  void coolDown_aSignalFlappingAcrossBothThresholdsRaisesOncePerCoolDown() {
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.02).coolDownWindows(50).build();
    List<Alert> alerts = run(rule, flapping(200, 0.06, 0.01));
    // raised at windows 0, 50, 100, 150 (each resolved the window after); the 96 raises between are suppressed
    assertThat(alerts.stream().filter(a -> a.kind() == AlertKind.RAISED).map(Alert::windowIndex))
        .containsExactly(0L, 50L, 100L, 150L);
    assertThat(alerts.stream().filter(a -> a.kind() == AlertKind.RESOLVED).map(Alert::windowIndex))
        .containsExactly(1L, 51L, 101L, 151L);
    AlertEvaluator e = new AlertEvaluator(List.of(rule));
    double[] v = flapping(200, 0.06, 0.01);
    for (int i = 0; i < v.length; i++) {
      e.evaluate(window(i, v[i]));
    }
    assertThat(e.raisedCount("m", "v")).isEqualTo(4);
    assertThat(e.suppressedCount("m", "v")).isEqualTo(96);
  }

  @Test
  void coolDownInTime_isMeasuredBetweenWindowEnds() {
    // windows end a minute apart; a 10-minute cool-down lets one raise through every 10 windows
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.02).coolDown(Duration.ofMinutes(10)).build();
    List<Alert> alerts = run(rule, flapping(40, 0.06, 0.01));
    assertThat(alerts.stream().filter(a -> a.kind() == AlertKind.RAISED).map(Alert::windowIndex))
        .containsExactly(0L, 10L, 20L, 30L);
  }

  @Test
  void aSilentEpisodeThatOutlastsTheCoolDown_isRaisedThen() {
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.02).coolDownWindows(5).build();
    // raise at 0, clear at 1, bad again from 2 on (suppressed), still bad at 5: raised there
    List<Alert> alerts = run(rule, 0.06, 0.01, 0.06, 0.06, 0.06, 0.06, 0.06);
    assertThat(alerts).extracting(Alert::kind, Alert::windowIndex).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertKind.RAISED, 0L), org.assertj.core.groups.Tuple.tuple(AlertKind.RESOLVED, 1L),
        org.assertj.core.groups.Tuple.tuple(AlertKind.RAISED, 5L));
  }

  @Test
  void belowRules_raiseOnLowValues() {
    AlertRule rule = AlertRules.metricBelow("m", 0.8, 0.85).build();
    List<Alert> alerts = run(rule, 0.9, 0.79, 0.82, 0.84, 0.86, 0.9);
    assertThat(alerts).extracting(Alert::kind, Alert::windowIndex).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertKind.RAISED, 1L), org.assertj.core.groups.Tuple.tuple(AlertKind.RESOLVED, 4L));
  }

  @Test
  void windowsWithoutTheSignal_changeNothing() {
    AlertRule rule = AlertRule.builder("absent", w -> OptionalDouble.empty()).raiseAbove(0).build();
    assertThat(run(rule, 1, 2, 3)).isEmpty();
  }

  @Test
  void stateSnapshots_andRestores() {
    AlertRule rule = AlertRules.metricAbove("m", 0.05, 0.02).coolDownWindows(10).build();
    AlertEvaluator a = new AlertEvaluator(List.of(rule));
    a.evaluate(window(0, 0.06));
    AlertEvaluator b = new AlertEvaluator(List.of(rule));
    b.restore(a.snapshot());
    assertThat(b.firing("m", "v")).isTrue();
    assertThat(b.evaluate(window(1, 0.01))).extracting(Alert::kind).containsExactly(AlertKind.RESOLVED);
    assertThat(b.evaluate(window(2, 0.06))).isEmpty();   // still cooling down after the restore
    assertThat(b.snapshot()).isNotEqualTo(a.snapshot());
  }

  @Test
  void badRules_areRejected() {
    assertThatThrownBy(() -> AlertRules.metricAbove("m", 0.05, 0.06)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AlertRules.errorRate(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AlertRule.builder("x", w -> OptionalDouble.empty()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("raiseAbove");
    AlertRule r = AlertRules.errorRate(0.1, 0.05).build();
    assertThatThrownBy(() -> new AlertEvaluator(List.of(r, r))).isInstanceOf(IllegalArgumentException.class);
    assertThat(AlertRules.latencyQuantile(0.99, Duration.ofMillis(5), Duration.ofMillis(3)).build().name())
        .isEqualTo("latency-p99");
    assertThat(AlertRules.latencyQuantile(0.999, Duration.ofMillis(5), Duration.ofMillis(3)).build().name())
        .isEqualTo("latency-p99.9");
    assertThat(Optional.of(r.raiseAt())).hasValue(0.1);
  }

  @Test
  void detectorRules_carryTheDetectorsStateThroughSnapshots() {
    java.util.function.Supplier<AlertRule> rule = () -> AlertRules.detector("m", w -> w.metric("m"),
        () -> new dev.mlops.monitoring.stream.PageHinkley(dev.mlops.monitoring.stream.PageHinkleyConfig.DEFAULTS))
        .build();
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    double[] v = new double[120];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i < 60 ? 1.0 : 6.0) + 0.1 * r.nextDouble();
    }
    AlertEvaluator once = new AlertEvaluator(List.of(rule.get()));
    List<Alert> expected = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      expected.addAll(once.evaluate(window(i, v[i])));
    }
    assertThat(expected).extracting(Alert::kind).startsWith(AlertKind.RAISED);
    assertThat(expected.get(0).windowIndex()).isBetween(60L, 75L);

    AlertEvaluator first = new AlertEvaluator(List.of(rule.get()));
    List<Alert> actual = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      actual.addAll(first.evaluate(window(i, v[i])));
    }
    AlertEvaluator second = new AlertEvaluator(List.of(rule.get()));
    second.restore(first.snapshot());
    for (int i = 50; i < v.length; i++) {
      actual.addAll(second.evaluate(window(i, v[i])));
    }
    assertThat(actual).isEqualTo(expected);
    // without the detector's state the restored rule would need 30 windows again and miss the change
    AlertEvaluator fresh = new AlertEvaluator(List.of(rule.get()));
    List<Alert> lost = new ArrayList<>();
    for (int i = 50; i < 70; i++) {
      lost.addAll(fresh.evaluate(window(i, v[i])));
    }
    assertThat(lost).isEmpty();
  }
}
