package dev.mlops.monitoring.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.ManualClock;
import dev.mlops.monitoring.performance.ClassificationMetrics;
import dev.mlops.monitoring.performance.MetricEstimate;
import dev.mlops.monitoring.performance.MetricIntervals;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The retraining policy with a real Tribuo trainer on a file registry: the champion was trained before a
 * concept change; the job retrains on fresh data; the gate compares both on a fresh holdout with a paired
 * bootstrap of accuracy.
 */
class RetrainingPolicyTest {
  static final String[] FEATURES = {"x1", "x2"};
  static final String MODEL = "churn";

  @TempDir
  Path dir;
  ModelRegistry registry;
  Tracking tracking;
  ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
  RetrainingPolicy policy;
  // a holdout from the new world
  double[][] holdout;
  int[] holdoutLabels;

  /** Label 1 ("pos") when the world's score is positive; the new world turned the boundary. */
  static int truth(double x1, double x2, boolean newWorld, SplittableRandom r) {
    double score = newWorld ? x2 - x1 : x1 + 0.5 * x2;
    return score + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
  }

  static MutableDataset<Label> data(long seed, int n, boolean newWorld) {
    SplittableRandom r = new SplittableRandom(seed);
    LabelFactory f = new LabelFactory();
    MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic " + seed, f), f);
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      int y = truth(x1, x2, newWorld, r);
      d.add(new ArrayExample<>(new Label(y == 1 ? "pos" : "neg"), FEATURES, new double[] {x1, x2}));
    }
    return d;
  }

  @BeforeEach
  void setUp() {
    registry = ModelRegistry.open(dir.resolve("registry"));
    tracking = Tracking.of(registry);
    ModelVersion v1 = tracking.run("churn-train", "initial", run -> {
      Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), data(1, 400, false));
      return run.register(Registration.model(MODEL, m));
    });
    registry.setAlias(MODEL, "champion", v1.version());
    SplittableRandom r = new SplittableRandom(99);
    holdout = new double[400][];
    holdoutLabels = new int[400];
    for (int i = 0; i < holdout.length; i++) {
      holdout[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      holdoutLabels[i] = truth(holdout[i][0], holdout[i][1], true, r);
    }
  }

  @AfterEach
  void tearDown() {
    if (policy != null) {
      policy.close();
    }
  }

  int[] predict(ModelVersion v) {
    TabularPredictor p = registry.load(v.name() + "/" + v.version());
    int[] out = new int[holdout.length];
    for (int i = 0; i < holdout.length; i++) {
      Map<String, Double> row = new HashMap<>();
      row.put("x1", holdout[i][0]);
      row.put("x2", holdout[i][1]);
      out[i] = ((Prediction.Classification) p.predict(row)).label().equals("pos") ? 1 : 0;
    }
    return out;
  }

  /** Trains on fresh data from the new world inside the run. */
  RetrainingJob job = (request, run) -> {
    Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), data(2, 400, true));
    return Registration.model(request.model(), m);
  };

  /** The candidate may take the alias when its accuracy is not worse than the champion's by 2 points. */
  PromotionGate notWorseGate = (candidate, current) -> {
    MetricEstimate gap = MetricIntervals.defaults().withResamples(500).pairedBootstrap(
        ClassificationMetrics::accuracy, holdoutLabels, predict(candidate), predict(current.orElseThrow()));
    return gap.lower() > -0.02 ? GateDecision.pass("accuracy gap " + gap) : GateDecision.fail("accuracy gap " + gap);
  };

  static RetrainingOutcome await(Optional<CompletableFuture<RetrainingOutcome>> started) throws Exception {
    assertThat(started).as("a retraining started").isPresent();
    return started.get().get(60, TimeUnit.SECONDS);
  }

  @Test
  void sustainedDrift_registersACandidateInATrackedRun_andNeverMovesTheAliasWithoutAGate() throws Exception {
    policy = RetrainingPolicy.builder(registry, MODEL, job).sustainedDriftWindows(3).clock(clock).build();
    assertThat(policy.observeWindow(true)).isEmpty();
    assertThat(policy.observeWindow(true)).isEmpty();
    assertThat(policy.observeWindow(false)).isEmpty(); // the streak breaks
    assertThat(policy.observeWindow(true)).isEmpty();
    assertThat(policy.observeWindow(true)).isEmpty();
    RetrainingOutcome o = await(policy.observeWindow(true));

    assertThat(o.status()).isEqualTo(RetrainingStatus.CANDIDATE);
    assertThat(o.trigger()).isEqualTo("sustained-drift");
    ModelVersion candidate = registry.get(MODEL, o.candidate().orElseThrow().version());
    assertThat(candidate.version()).isEqualTo(2);
    assertThat(candidate.tags()).containsEntry(RetrainingPolicy.CANDIDATE_TAG, "true");
    assertThat(registry.aliases(MODEL)).containsEntry("champion", 1);
    RunRecord run = tracking.runOf(candidate).orElseThrow();
    assertThat(run.runId()).isEqualTo(o.runId().orElseThrow());
    assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.experiment()).isEqualTo("retrain-churn");
    assertThat(run.tags()).containsEntry(RetrainingPolicy.TRIGGER_TAG, "sustained-drift")
        .containsKey(TribuoRuns.PARAMETER_DIGEST_TAG);
    assertThat(run.versions()).containsExactly(candidate.id());
    assertThat(candidate.manifest().lineage().parents()).contains(registry.get(MODEL, 1).id());
    assertThat(policy.history()).containsExactly(o);
  }

  @Test
  void passingGate_movesTheAliasToTheCandidate() throws Exception {
    policy = RetrainingPolicy.builder(registry, MODEL, job).gate(notWorseGate).clock(clock).build();
    RetrainingOutcome o = await(policy.performanceDropped("accuracy below 0.8"));
    assertThat(o.status()).as("%s", o).isEqualTo(RetrainingStatus.PROMOTED);
    assertThat(o.gate().orElseThrow().passed()).isTrue();
    assertThat(o.replaced().orElseThrow().version()).isEqualTo(1);
    assertThat(registry.aliases(MODEL)).containsEntry("champion", 2);
    assertThat(registry.get(MODEL, 2).tags()).containsEntry(RetrainingPolicy.GATE_TAG, "passed");
    // the retrained model is really better on the new world
    assertThat(ClassificationMetrics.accuracy(holdoutLabels, predict(registry.get(MODEL, 2))))
        .isGreaterThan(ClassificationMetrics.accuracy(holdoutLabels, predict(registry.get(MODEL, 1))) + 0.2);
  }

  @Test
  void rejectingGate_leavesTheAliasAndRecordsTheVerdict() throws Exception {
    // a job that retrains on a little stale data (the old world) cannot beat the champion by 10 points
    RetrainingJob stale = (request, run) -> Registration.model(request.model(),
        TribuoRuns.train(run, new LogisticRegressionTrainer(), data(3, 60, false)));
    PromotionGate mustBeatBy10Points = (candidate, current) -> {
      MetricEstimate gap = MetricIntervals.defaults().withResamples(500).pairedBootstrap(
          ClassificationMetrics::accuracy, holdoutLabels, predict(candidate), predict(current.orElseThrow()));
      return gap.lower() > 0.10 ? GateDecision.pass("gap " + gap) : GateDecision.fail("gap " + gap);
    };
    policy = RetrainingPolicy.builder(registry, MODEL, stale).gate(mustBeatBy10Points).clock(clock).build();
    RetrainingOutcome o = await(policy.trigger("manual check"));
    assertThat(o.status()).isEqualTo(RetrainingStatus.REJECTED);
    assertThat(registry.aliases(MODEL)).containsEntry("champion", 1);
    assertThat(registry.get(MODEL, 2).tags()).containsEntry(RetrainingPolicy.GATE_TAG, "rejected")
        .containsKey(RetrainingPolicy.GATE_REASON_TAG);
  }

  @Test
  void failingJob_isReported_runFailed_registryIntact() throws Exception {
    RetrainingJob broken = (request, run) -> {
      run.logParam("attempt", "1");
      throw new IllegalStateException("feature store unreachable");
    };
    List<RetrainingOutcome> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    policy = RetrainingPolicy.builder(registry, MODEL, broken).gate(notWorseGate).clock(clock)
        .listener(heard::add).build();
    RetrainingOutcome o = await(policy.trigger("manual"));
    assertThat(o.status()).isEqualTo(RetrainingStatus.FAILED);
    assertThat(o.failure().orElseThrow()).contains("feature store unreachable");
    assertThat(o.candidate()).isEmpty();
    assertThat(registry.versions(MODEL)).hasSize(1);
    assertThat(registry.aliases(MODEL)).containsEntry("champion", 1);
    assertThat(tracking.require(o.runId().orElseThrow()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(heard).containsExactly(o);
  }

  @Test
  void atMostOneInFlight_andACoolDownAfterEachAttempt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    RetrainingJob slow = (request, run) -> {
      running.countDown();
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      return job.train(request, run);
    };
    policy = RetrainingPolicy.builder(registry, MODEL, slow).coolDown(Duration.ofMinutes(30)).clock(clock).build();
    Optional<CompletableFuture<RetrainingOutcome>> first = policy.trigger("first");
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(policy.inFlight()).isTrue();
    assertThat(policy.performanceDropped("again")).isEmpty();
    assertThat(policy.skippedInFlight()).isEqualTo(1);
    release.countDown();
    assertThat(await(first).status()).isEqualTo(RetrainingStatus.CANDIDATE);

    clock.advance(Duration.ofMinutes(29));
    assertThat(policy.trigger("too soon")).isEmpty();
    assertThat(policy.skippedCoolDown()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(await(policy.trigger("later")).status()).isEqualTo(RetrainingStatus.CANDIDATE);
    assertThat(policy.attempts()).isEqualTo(2);
    assertThat(registry.versions(MODEL)).hasSize(3);
    assertThat(registry.aliases(MODEL)).containsEntry("champion", 1);
  }

  @Test
  void aliasMovedWhileTheGateRan_isNotOverwritten() throws Exception {
    PromotionGate operatorRemovesTheAliasMeanwhile = (candidate, current) -> {
      registry.removeAlias(MODEL, "champion", 1); // an operator takes the model out of service
      return GateDecision.pass("fine");
    };
    policy = RetrainingPolicy.builder(registry, MODEL, job).gate(operatorRemovesTheAliasMeanwhile).clock(clock).build();
    RetrainingOutcome o = await(policy.trigger("manual"));
    assertThat(o.status()).isEqualTo(RetrainingStatus.ALIAS_CONFLICT);
    assertThat(registry.aliases(MODEL)).doesNotContainKey("champion");
  }
}
