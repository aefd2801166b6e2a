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
import java.nio.file.Path;
import java.util.List;
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
 * The monitor's drift reference at start-up, without Spring: a champion with stored profiles gets drift rules;
 * one with neither stored profiles nor a training data set in its lineage starts without them and says so in
 * one WARN line.
 */
class ServiceConfigurationTest {
  private static final String[] FEATURES = {"a", "b"};

  @TempDir
  Path dir;
  ModelRegistry registry;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final ch.qos.logback.classic.Logger logger =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ServiceConfiguration.class);
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
      assertThat(ruleNames(monitor)).containsExactly("error-rate", "latency-p99");
      assertThat(monitor.referenceColumns()).isEmpty();
    }
  }

  @Test
  void championWithStoredProfiles_getsDriftRules_andLogsTheSource() {
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    String[] predicted = model.predict(train).stream().map(p -> p.getOutput().getLabel()).toArray(String[]::new);
    double[] a = new double[rows.length];
    double[] b = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      a[i] = rows[i][0];
      b[i] = rows[i][1];
    }
    Frame inputs = Frame.of(new NumericColumn("a", a), new NumericColumn("b", b));
    ServiceConfiguration config = new ServiceConfiguration();
    ServiceConfiguration.Variants variants = champion("stored",
        VersionProfiles.attach(Registration.model("stored", model), inputs, predicted));

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
    }
  }
}
