package dev.mlops.monitoring.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.monitor.MonitorFixtures;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.performance.ClassificationMetrics;
import dev.mlops.monitoring.performance.ConfidenceBasedEstimator;
import dev.mlops.monitoring.performance.McNemarResult;
import dev.mlops.monitoring.performance.McNemarTest;
import dev.mlops.monitoring.performance.MetricEstimate;
import dev.mlops.monitoring.performance.MetricIntervals;
import dev.mlops.monitoring.performance.PerformanceAlerts;
import dev.mlops.monitoring.performance.PerformanceMetric;
import dev.mlops.monitoring.performance.PerformanceMonitoring;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/** The README's "Delayed labels and retraining" snippets, with stand-ins for the service's own parts. */
class DelayedLabelsReadmeTest {

  static MutableDataset<Label> freshLabelledData() {
    return RetrainingPolicyTest.data(5, 300, true);
  }

  @Test
  void theReadmeSnippetsRun(@TempDir Path tmp) throws Exception {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("mlops-data"));
    ModelVersion first = Tracking.of(registry).run("churn-train", "initial", run -> run.register(
        Registration.model("churn", TribuoRuns.train(run, new LogisticRegressionTrainer(),
            RetrainingPolicyTest.data(1, 300, false)))));
    registry.setAlias("churn", "champion", first.version());
    ReferenceProfile trainingProfile = MonitorFixtures.referenceProfile();
    Map<String, Object> features = MonitorFixtures.row(new SplittableRandom(1), 0);
    Prediction prediction = new Prediction.Classification("yes", Map.of("yes", 0.8, "no", 0.2));
    long latencyNanos = 1_000;
    int[] labels = {1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1};
    double[] probabilityOfYes = {0.9, 0.2, 0.7, 0.6, 0.4, 0.8, 0.3, 0.1, 0.55, 0.65, 0.45, 0.35};
    int[] challenger = {1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0};
    int[] champion = {1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0};

    // --- snippet 1: metrics with intervals
    MetricIntervals ci = MetricIntervals.defaults();                       // 95%, 2000 resamples, seed 1
    MetricEstimate acc = ci.accuracy(labels, challenger);                  // Wilson
    MetricEstimate auc = ci.rocAuc(labels, probabilityOfYes);              // DeLong
    MetricEstimate f1 = ci.f1(labels, challenger);                         // percentile bootstrap
    MetricEstimate gap = ci.pairedBootstrap(ClassificationMetrics::accuracy, labels, challenger, champion);
    McNemarResult mcnemar = McNemarTest.compare(labels, challenger, champion);   // exact below 25 discordant
    // --- end of snippet 1
    assertThat(acc.lower()).isLessThan(acc.value());
    assertThat(auc.upper()).isLessThanOrEqualTo(1.0);
    assertThat(f1.n()).isEqualTo(labels.length);
    assertThat(gap.value()).isCloseTo(4.0 / 12, org.assertj.core.data.Offset.offset(1e-12)); // 11 vs 7 right
    assertThat(mcnemar.exact()).isTrue();

    // --- snippet 2: delayed labels and retraining
    PerformanceMonitoring performance = PerformanceMonitoring.classification("no", "yes")  // index order
        .maxPending(100_000).timeToLive(Duration.ofDays(2))       // then counted as evicted / expired
        .labelFree(ConfidenceBasedEstimator.defaults())          // CBPE estimate before labels arrive
        .build();
    RetrainingPolicy retraining = RetrainingPolicy.builder(registry, "churn",
            (request, run) -> Registration.model(request.model(),
                TribuoRuns.train(run, new LogisticRegressionTrainer(), freshLabelledData())))
        .gate((candidate, current) -> GateDecision.fail("promote by hand after review"))
        .sustainedDriftWindows(3).coolDown(Duration.ofHours(6))
        .build();
    try (PredictionMonitor monitor = PredictionMonitor.builder("churn")
        .window(WindowSpec.tumblingCount(1_000))
        .reference(trainingProfile)
        .extension(performance)
        .rule(PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.80, 0.85).build())
        .windowListener(retraining).alertListener(retraining)
        .build()) {
      long id = monitor.record(features, prediction, latencyNanos);
      // ... hours later, when the outcome is known:
      performance.recordLabel(id, "yes");
      // every closed window now carries performance.accuracy (.lower, .upper), performance.roc_auc, ...
      // --- end of snippet 2
      assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
      monitor.closeWindows();
      WindowSummary w = monitor.lastWindow("churn").orElseThrow();
      assertThat(w.metric("performance.accuracy")).hasValue(1.0);
      assertThat(w.metric("performance.estimated.accuracy")).hasValue(0.8);
      // the job runs on the policy's executor: wait for it, so nothing writes into the registry
      // after the test (and its temporary directory) ends
      RetrainingOutcome outcome = retraining.trigger("by hand").orElseThrow().get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(outcome.status()).isEqualTo(RetrainingStatus.REJECTED);
      assertThat(outcome.candidate()).isPresent();
    } finally {
      retraining.close();
      registry.close();
    }
  }
}
