package dev.mlops.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.registry.routing.ModelRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The monitor's drift reference without Spring: at start-up a champion with stored profiles gives the monitor
 * its reference; one with neither stored profiles nor a training data set in its lineage starts without one
 * (the drift rules are there but quiet) and says so in one WARN line. Later, the follower installs the
 * reference of the version the router serves for {@code @champion}, and keeps it (one WARN) when the next one
 * has none.
 */
class ServiceConfigurationTest {
  private static final String[] FEATURES = {"a", "b"};

  @TempDir
  Path dir;
  ModelRegistry registry;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final ch.qos.logback.classic.Logger logger =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ServiceConfiguration.class);
  final ch.qos.logback.classic.Logger followerLogger =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ChampionReferenceFollower.class);
  final double[][] rows = new double[200][];
  final MutableDataset<Label> train =
      new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", new LabelFactory()), new LabelFactory());

  @BeforeEach
  void setUp() {
    registry = ModelRegistry.open(dir);
    log.start();
    logger.addAppender(log);
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      train.add(new ArrayExample<>(new Label(rows[i][0] + rows[i][1] > 0 ? "yes" : "no"), FEATURES, rows[i]));
    }
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(log);
    registry.close();
  }

  private ServiceConfiguration.Variants champion(String model, Registration.Builder registration) {
    ModelVersion v = registry.register(registration.build());
    registry.setAlias(model, "champion", v.version());
    return new ServiceConfiguration.Variants(model, model + "@champion", null, null);
  }

  private static List<String> ruleNames(PredictionMonitor monitor) {
    return monitor.rules().stream().map(AlertRule::name).toList();
  }

  @Test
  void championWithoutProfilesOrLineage_startsWithoutDriftRules_andWarnsOnce() {
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    ServiceConfiguration config = new ServiceConfiguration();
    ServiceConfiguration.Variants variants = champion("bare", Registration.model("bare", model));

    ServiceConfiguration.ChampionReference reference = config.championReference(registry, variants);

    assertThat(reference.version()).isEqualTo("bare/1");
    assertThat(reference.profiles()).isEmpty();
    List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage()).startsWith("No drift reference for bare/1")
        .contains("records no training data set").contains("VersionProfiles.attach(...)").doesNotContain("\n");
    try (PredictionMonitor monitor = config.predictionMonitor(variants, reference, 100, "", 0.5, 0.25, 2, 1)) {
      // the drift rules are there from the start (a later champion may bring a reference), and quiet without one
      assertThat(ruleNames(monitor)).containsExactly("error-rate", "latency-p99", "drift-share", "prediction-drift");
      assertThat(monitor.referenceColumns()).isEmpty();
      assertThat(monitor.referenceId()).isEmpty();
      for (int i = 0; i < 100; i++) {
        monitor.record("bare@champion", null, Map.of("a", 50.0 + i, "b", -50.0), new Prediction.Classification("yes",
            Map.of()), 1000);
      }
      monitor.closeWindows();
      WindowSummary w = monitor.lastWindow("bare@champion").orElseThrow();
      assertThat(w.predictions()).isEqualTo(100);
      assertThat(w.featureDrift()).isEmpty();
      assertThat(w.predictionDrift()).isEmpty();
      assertThat(monitor.alertFiring("drift-share", "bare@champion")).isFalse();
      assertThat(monitor.alertFiring("prediction-drift", "bare@champion")).isFalse();
    }
  }

  @Test
  void championWithStoredProfiles_getsDriftRules_andLogsTheSource() {
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    ServiceConfiguration config = new ServiceConfiguration();
    ServiceConfiguration.Variants variants = champion("stored", withProfiles("stored", model));

    ServiceConfiguration.ChampionReference reference = config.championReference(registry, variants);

    VersionProfiles profiles = reference.profiles().orElseThrow();
    assertThat(profiles.source().kind()).isEqualTo(VersionProfiles.Kind.STORED);
    assertThat(profiles.inputs().rowCount()).isEqualTo(rows.length);
    assertThat(log.list).noneMatch(e -> e.getLevel() == Level.WARN);
    assertThat(log.list).anyMatch(e -> e.getLevel() == Level.INFO
        && e.getFormattedMessage().contains("stored with stored/1"));
    try (PredictionMonitor monitor = config.predictionMonitor(variants, reference, 100, "", 0.4, 0.2, 3, 1)) {
      assertThat(ruleNames(monitor)).containsExactly("error-rate", "latency-p99", "drift-share", "prediction-drift");
      assertThat(monitor.referenceColumns()).containsExactly("a", "b");
      assertThat(monitor.referenceId()).contains("stored/1");
    }
  }

  /** The registration of a model with stored profiles of the training rows. */
  private Registration.Builder withProfiles(String name, Model<Label> model) {
    String[] predicted = model.predict(train).stream().map(p -> p.getOutput().getLabel()).toArray(String[]::new);
    double[] a = new double[rows.length];
    double[] b = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      a[i] = rows[i][0];
      b[i] = rows[i][1];
    }
    return VersionProfiles.attach(Registration.model(name, model), Frame.of(new NumericColumn("a", a),
        new NumericColumn("b", b)), predicted);
  }

  @Test
  void follower_installsTheReferenceOfTheServedChampion_andKeepsItWhenTheNextHasNone() {
    log.list.clear();
    followerLogger.addAppender(log);
    try {
      ServiceConfiguration config = new ServiceConfiguration();
      ServiceConfiguration.Variants variants = champion("m",
          Registration.model("m", new LogisticRegressionTrainer().train(train)));
      ServiceConfiguration.ChampionReference reference = config.championReference(registry, variants);
      assertThat(reference.profiles()).isEmpty();
      log.list.clear();
      try (PredictionMonitor monitor = config.predictionMonitor(variants, reference, 100, "", 0.5, 0.25, 2, 1);
          ModelRouter router = ModelRouter.builder(registry, "s").variant("m@champion", 1)
              .refresh(Duration.ofHours(1)).build();
          ChampionReferenceFollower follower = new ChampionReferenceFollower(registry, router, "m@champion", monitor,
              reference.version())) {
        assertThat(follower.followNow()).as("m/1 is served and has no reference").isFalse();
        assertThat(log.list).isEmpty();

        ModelVersion stored = registry.register(withProfiles("m", new LogisticRegressionTrainer().train(train))
            .build());
        registry.setAlias("m", "champion", stored.version());
        assertThat(follower.followNow()).as("the router still serves m/1").isFalse();
        router.refreshNow();
        assertThat(follower.followNow()).isTrue();
        assertThat(monitor.referenceId()).contains("m/2");
        assertThat(monitor.referenceColumns()).containsExactly("a", "b");
        assertThat(log.list).singleElement().satisfies(e -> {
          assertThat(e.getLevel()).isEqualTo(Level.INFO);
          assertThat(e.getFormattedMessage()).contains("profiles of m/2").contains("stored with m/2")
              .contains("was no reference");
        });
        assertThat(follower.followNow()).isFalse();

        // the next champion has no reference: one WARN, the old reference stays
        MutableDataset<Label> half = new MutableDataset<>(train.getProvenance(), new LabelFactory());
        for (int i = 0; i < 100; i++) {
          half.add(train.getExample(i));
        }
        ModelVersion bare = registry.register(Registration.model("m", new LogisticRegressionTrainer().train(half))
            .build());
        registry.setAlias("m", "champion", bare.version());
        router.refreshNow();
        log.list.clear();
        assertThat(follower.followNow()).isFalse();
        assertThat(follower.followNow()).isFalse();
        assertThat(monitor.referenceId()).contains("m/2");
        assertThat(log.list).singleElement().satisfies(e -> {
          assertThat(e.getLevel()).isEqualTo(Level.WARN);
          assertThat(e.getFormattedMessage()).startsWith("No drift reference for m/3").contains("Keeping the "
              + "reference of m/2").contains("VersionProfiles.attach(...)").doesNotContain("\n");
        });
      }
    } finally {
      followerLogger.detachAppender(log);
    }
  }
}
