package dev.mlops.monitoring.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.monitor.MonitorFixtures;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.performance.MetricIntervals;
import dev.mlops.monitoring.performance.PerformanceAlerts;
import dev.mlops.monitoring.performance.PerformanceMetric;
import dev.mlops.monitoring.performance.PerformanceMonitoring;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/**
 * The policy wired into a real monitor as its window and alert listener: sustained input drift, then a
 * performance drop seen through delayed labels, each retrain the model (Tribuo, file registry).
 */
class RetrainingFromMonitorTest {
  static final int WINDOW = 200;

  @TempDir
  Path dir;

  @Test
  void sustainedDriftAndAPerformanceDrop_eachRetrainOnce() throws Exception {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
    Tracking tracking = Tracking.of(registry);
    ModelVersion v1 = tracking.run("churn-train", "initial", run -> run.register(Registration.model("churn",
        TribuoRuns.train(run, new LogisticRegressionTrainer(), RetrainingPolicyTest.data(1, 300, false)))));
    registry.setAlias("churn", "champion", v1.version());
    LinkedBlockingQueue<RetrainingOutcome> outcomes = new LinkedBlockingQueue<>();
    RetrainingJob job = (request, run) -> {
      Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), RetrainingPolicyTest.data(2, 300, true));
      return Registration.model(request.model(), m);
    };
    PerformanceMonitoring performance = PerformanceMonitoring.classification("no", "yes")
        .intervals(MetricIntervals.defaults().withResamples(200)).build();
    try (RetrainingPolicy policy = RetrainingPolicy.builder(registry, "churn", job).sustainedDriftWindows(3)
        .coolDown(Duration.ZERO).listener(outcomes::add).build();
        PredictionMonitor monitor = PredictionMonitor.builder("churn")
            .window(WindowSpec.tumblingCount(WINDOW))
            .reference(MonitorFixtures.referenceProfile())
            .extension(performance)
            .rule(PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.6, 0.7).build())
            .windowListener(policy)
            .alertListener(policy)
            .build()) {
      SplittableRandom r = new SplittableRandom(3);
      // two stationary windows, then three drifted ones (x and y shifted: 2 of 3 columns drift)
      stream(monitor, performance, r, 2, 0, false);
      assertThat(outcomes.poll(1, TimeUnit.SECONDS)).isNull();
      stream(monitor, performance, r, 3, 3, false);
      RetrainingOutcome drift = outcomes.poll(60, TimeUnit.SECONDS);
      assertThat(drift).isNotNull();
      assertThat(drift.trigger()).isEqualTo("sustained-drift");
      assertThat(drift.status()).isEqualTo(RetrainingStatus.CANDIDATE);

      // back to the reference inputs, but the labels turned: accuracy collapses, the rule raises
      stream(monitor, performance, r, 2, 0, true);
      RetrainingOutcome drop = outcomes.poll(60, TimeUnit.SECONDS);
      assertThat(drop).isNotNull();
      assertThat(drop.trigger()).isEqualTo("performance-drop:accuracy");
      assertThat(drop.reason()).contains("performance-drop:accuracy");
      assertThat(drop.status()).isEqualTo(RetrainingStatus.CANDIDATE);
      assertThat(policy.attempts()).isEqualTo(2);
    }
    assertThat(registry.versions("churn")).hasSize(3);
    assertThat(registry.aliases("churn")).containsEntry("champion", 1); // no gate: never moved
  }

  /** Streams whole windows; labels each window's rows once the worker saw them, before the window closes. */
  static void stream(PredictionMonitor monitor, PerformanceMonitoring performance, SplittableRandom r, int windows,
      double shift, boolean flippedLabels) throws InterruptedException {
    for (int w = 0; w < windows; w++) {
      long[] ids = new long[WINDOW];
      String[] labels = new String[WINDOW];
      for (int i = 0; i < WINDOW; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        double x = MonitorFixtures.gaussian(r) + shift;
        row.put("x", x);
        row.put("y", 5 + 2 * MonitorFixtures.gaussian(r) + 2 * shift);
        row.put("plan", r.nextDouble() < 0.6 ? "free" : r.nextDouble() < 0.75 ? "pro" : "team");
        double p = 1 / (1 + Math.exp(-3 * (x - shift)));
        boolean yes = r.nextDouble() < p;
        labels[i] = (yes ^ flippedLabels) ? "yes" : "no";
        Prediction out = new Prediction.Classification(p > 0.5 ? "yes" : "no", Map.of("yes", p, "no", 1 - p));
        if (i == WINDOW - 1) {
          // label everything before the window's last event closes it
          assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
          for (int j = 0; j < i; j++) {
            performance.recordLabel(ids[j], labels[j]);
          }
        }
        ids[i] = monitor.record(row, out, 1_000);
      }
      assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    }
  }
}
