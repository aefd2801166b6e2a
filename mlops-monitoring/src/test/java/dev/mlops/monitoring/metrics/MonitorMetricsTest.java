package dev.mlops.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.monitor.MonitorFixtures;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MonitorMetricsTest {

  private static PredictionMonitor fed() throws InterruptedException {
    PredictionMonitor m = PredictionMonitor.builder("fraud/7").variants("champion", "challenger")
        .window(WindowSpec.tumblingCount(500)).reference(MonitorFixtures.referenceProfile())
        .outputReference(MonitorFixtures.outputProfile()).rule(AlertRules.errorRate(0.05, 0.02).build()).build();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> row = MonitorFixtures.row(r, 1.0);
      String v = i % 2 == 0 ? "champion" : "challenger";
      if (v.equals("challenger") && i % 10 == 1) {
        m.recordError(v, null, row, "Timeout", 2_000_000);
      } else {
        m.record(v, null, row, MonitorFixtures.predict(row), 1_000_000);
      }
    }
    assertThat(m.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    m.closeWindows();
    return m;
  }

  @Test
  void simpleRegistry_seesCountersTimersAndGauges() throws Exception {
    try (PredictionMonitor m = fed()) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      new MonitorMetrics(m).bindTo(reg);
      FunctionCounter predictions = reg.get("mlops.monitor.predictions").tags("model", "fraud/7", "variant", "challenger")
          .functionCounter();
      assertThat(predictions.count()).isEqualTo(500);
      assertThat(reg.get("mlops.monitor.errors").tags("variant", "challenger").functionCounter().count()).isEqualTo(100);
      assertThat(reg.get("mlops.monitor.errors").tags("variant", "champion").functionCounter().count()).isZero();
      FunctionTimer latency = reg.get("mlops.monitor.latency").tags("variant", "challenger").functionTimer();
      assertThat(latency.count()).isEqualTo(500);
      assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400 * 1.0 + 100 * 2.0);
      assertThat(reg.get("mlops.monitor.dropped").functionCounter().count()).isZero();
      Gauge share = reg.get("mlops.monitor.drift.share").tags("variant", "champion").gauge();
      assertThat(share.value()).isEqualTo(m.lastWindow("champion").get().featureDrift().get().driftShare());
      assertThat(reg.get("mlops.monitor.feature.drift").tags("variant", "champion", "feature", "x").gauge().value())
          .isGreaterThan(1);
      assertThat(reg.get("mlops.monitor.prediction.drift").tags("variant", "champion").gauge().value()).isGreaterThan(1);
      assertThat(reg.get("mlops.monitor.alert.firing").tags("variant", "challenger", "rule", "error-rate").gauge().value())
          .isEqualTo(1.0);
      assertThat(reg.get("mlops.monitor.alert.firing").tags("variant", "champion", "rule", "error-rate").gauge().value())
          .isEqualTo(0.0);
      assertThat(reg.get("mlops.monitor.window.latency").tags("variant", "champion", "quantile", "0.99").gauge().value())
          .isEqualTo(1e-3);
    }
  }

  @Test
  void prometheus_exposesTheMetersAsText() throws Exception {
    try (PredictionMonitor m = fed()) {
      PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new MonitorMetrics(m).bindTo(reg);
      String text = reg.scrape();
      assertThat(text)
          .contains("mlops_monitor_predictions_total{model=\"fraud/7\",variant=\"champion\"} 500.0")
          .contains("mlops_monitor_errors_total{model=\"fraud/7\",variant=\"challenger\"} 100.0")
          .contains("mlops_monitor_latency_seconds_count{model=\"fraud/7\",variant=\"challenger\"} 500")
          .contains("mlops_monitor_latency_seconds_sum{model=\"fraud/7\",variant=\"challenger\"} 0.6")
          .contains("mlops_monitor_dropped_total{model=\"fraud/7\"} 0.0")
          .contains("mlops_monitor_alert_firing{model=\"fraud/7\",rule=\"error-rate\",variant=\"challenger\"} 1.0")
          .contains("mlops_monitor_feature_drift{feature=\"x\",model=\"fraud/7\",variant=\"champion\"}");
    }
  }

  @Test
  void gaugesAreNaN_beforeTheFirstWindow() {
    try (PredictionMonitor m = PredictionMonitor.builder("m").build()) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      new MonitorMetrics(m).bindTo(reg);
      assertThat(reg.get("mlops.monitor.drift.share").gauge().value()).isNaN();
      assertThat(reg.get("mlops.monitor.predictions").functionCounter().count()).isZero();
      m.record(null, new Prediction.Classification("a", Map.of()), 5);
    }
  }
}
