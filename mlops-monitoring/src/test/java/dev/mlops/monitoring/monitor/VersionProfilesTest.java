package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.CategoricalProfile;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.monitoring.monitor.VersionProfiles.Kind;
import dev.mlops.monitoring.monitor.VersionProfiles.Source;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
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
 * A version's reference profiles are the same whether they were stored with it at training time or rebuilt
 * from the training data set its lineage names; on a real file registry with a real Tribuo model.
 */
class VersionProfilesTest {
  static final String[] FEATURES = {"x1", "x2", "x3", "x4"};
  static final int ROWS = 300;

  @TempDir
  Path dir;
  ModelRegistry registry;
  ModelVersion data;
  /** The training rows, in {@link #FEATURES} order; the label is column 4 of the CSV. */
  double[][] rows;
  String[] labels;

  static double[][] rows(long seed, int n, double shiftX1) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] out = new double[n][FEATURES.length];
    for (double[] row : out) {
      for (int f = 0; f < row.length; f++) {
        row[f] = r.nextGaussian() * (f + 1) + 10 * f;
      }
      row[0] += shiftX1;
    }
    return out;
  }

  static Frame frame(double[][] rows) {
    List<Column> columns = new ArrayList<>();
    for (int f = 0; f < FEATURES.length; f++) {
      double[] v = new double[rows.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows[i][f];
      }
      columns.add(new NumericColumn(FEATURES[f], v));
    }
    return Frame.of(columns);
  }

  static Map<String, Object> features(double[] row) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int f = 0; f < FEATURES.length; f++) {
      m.put(FEATURES[f], row[f]);
    }
    return m;
  }

  @BeforeEach
  void setUp() throws Exception {
    registry = ModelRegistry.open(dir.resolve("registry"));
    rows = rows(1, ROWS, 0);
    SplittableRandom noise = new SplittableRandom(2);
    labels = new String[ROWS];
    StringBuilder csv = new StringBuilder(String.join(",", FEATURES)).append(",label\n");
    for (int i = 0; i < ROWS; i++) {
      double[] x = rows[i];
      labels[i] = (x[0] - 0.5 * (x[1] - 10) + noise.nextGaussian()) > 0 ? "pos" : "neg";
      for (double v : x) {
        csv.append(v).append(',');   // Double.toString round-trips exactly
      }
      csv.append(labels[i]).append('\n');
    }
    Path file = Files.writeString(dir.resolve("training.csv"), csv, StandardCharsets.UTF_8);
    data = registry.register(Registration.dataset("synthetic-training", file).build());
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  MutableDataset<Label> dataset() {
    LabelFactory f = new LabelFactory();
    MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", f), f);
    for (int i = 0; i < ROWS; i++) {
      d.add(new ArrayExample<>(new Label(labels[i]), FEATURES, rows[i]));
    }
    return d;
  }

  static String[] predictedLabels(Model<Label> model, MutableDataset<Label> train) {
    return model.predict(train).stream().map(p -> p.getOutput().getLabel()).toArray(String[]::new);
  }

  @Test
  void storedProfiles_equalTheOnesRebuiltFromLineage() throws Exception {
    // Trained in a tracked run, registered with its profiles stored in the version.
    AtomicReference<Model<Label>> trained = new AtomicReference<>();
    ModelVersion stored = Tracking.of(registry).run("synthetic", "with-profiles", run -> {
      run.logDataset(data, DatasetRole.TRAINING);
      MutableDataset<Label> train = dataset();
      Model<Label> m = TribuoRuns.train(run, new LogisticRegressionTrainer(), train);
      trained.set(m);
      return run.register(VersionProfiles.attach(Registration.model("with-profiles", m), frame(rows),
          predictedLabels(m, train)));
    });
    // The same model registered the way an older pipeline would: lineage only, no profile files.
    ModelVersion plain = registry.register(Registration.model("without-profiles", trained.get())
        .dataset(data.manifestDigest()).build());
    assertThat(stored.manifest().file(VersionProfiles.INPUT_PROFILE)).isPresent();
    assertThat(stored.manifest().file(VersionProfiles.OUTPUT_PROFILE)).isPresent();
    assertThat(plain.manifest().file(VersionProfiles.INPUT_PROFILE)).isEmpty();

    VersionProfiles a;
    VersionProfiles b;
    try (TabularPredictor p = registry.load(stored.id().toString());
        TabularPredictor q = registry.load(plain.id().toString())) {
      a = VersionProfiles.of(registry, stored, p);
      b = VersionProfiles.of(registry, plain, q);
    }
    // Without a predictor at hand: the same profiles (it loads the model only to rebuild from lineage).
    VersionProfiles a2 = VersionProfiles.of(registry, stored);
    VersionProfiles b2 = VersionProfiles.of(registry, plain);
    assertThat(a2.source()).isEqualTo(a.source());
    assertThat(b2.source()).isEqualTo(b.source());
    assertThat(a2.inputs().toJson()).isEqualTo(a.inputs().toJson());
    // Two rebuilds differ only in their KLL sketches' random compactions: compare what the fingerprint covers
    // (row count, schema, per-column counts and moments, exact category counts).
    assertThat(MonitorSnapshot.fingerprint(b2.inputs())).isEqualTo(MonitorSnapshot.fingerprint(b.inputs()));
    assertThat(MonitorSnapshot.fingerprint(b2.outputs())).isEqualTo(MonitorSnapshot.fingerprint(b.outputs()));
    assertThat(a.source()).isEqualTo(new Source(Kind.STORED, stored.id()));
    assertThat(a.source().rebuilt()).isFalse();
    assertThat(a.source()).hasToString("stored with with-profiles/1");
    assertThat(b.source()).isEqualTo(new Source(Kind.LINEAGE, data.id()));
    assertThat(b.source().rebuilt()).isTrue();
    assertThat(b.source()).hasToString("lineage data set synthetic-training/1");

    assertThat(a.inputs().rowCount()).isEqualTo(b.inputs().rowCount()).isEqualTo(ROWS);
    assertThat(a.inputs().columns().keySet()).containsExactly(FEATURES);
    assertThat(b.inputs().columns().keySet()).containsExactly(FEATURES);
    for (int f = 0; f < FEATURES.length; f++) {
      String column = FEATURES[f];
      NumericProfile x = (NumericProfile) a.inputs().column(column).orElseThrow();
      NumericProfile y = (NumericProfile) b.inputs().column(column).orElseThrow();
      double[] truth = new double[ROWS];
      for (int i = 0; i < ROWS; i++) {
        truth[i] = rows[i][f];
      }
      Arrays.sort(truth);
      assertThat(x.count()).as(column).isEqualTo(y.count()).isEqualTo(ROWS);
      assertThat(x.missingCount()).as(column).isZero();
      assertThat(y.missingCount()).as(column).isZero();
      assertThat(x.min()).as(column).isEqualTo(y.min()).hasValue(truth[0]);
      assertThat(x.max()).as(column).isEqualTo(y.max()).hasValue(truth[ROWS - 1]);
      double mean = Arrays.stream(truth).average().orElseThrow();
      assertThat(x.mean().getAsDouble()).as(column).isCloseTo(mean, within(1e-9 * (1 + Math.abs(mean))));
      assertThat(y.mean().getAsDouble()).as(column).isCloseTo(mean, within(1e-9 * (1 + Math.abs(mean))));
      double[] xs = x.exactSample().orElseThrow().clone();
      double[] ys = y.exactSample().orElseThrow().clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      assertThat(xs).as(column).isEqualTo(truth);
      assertThat(ys).as(column).isEqualTo(truth);
    }
    // The outputs: the stored ones are the labels the model predicted at training time, the rebuilt ones the
    // loaded predictor's predictions on the lineage's rows; both count every row.
    CategoricalProfile ox = (CategoricalProfile) a.outputs().column(PredictionMonitor.PREDICTION_COLUMN).orElseThrow();
    CategoricalProfile oy = (CategoricalProfile) b.outputs().column(PredictionMonitor.PREDICTION_COLUMN).orElseThrow();
    Map<String, Long> expected = new LinkedHashMap<>();
    for (String label : predictedLabels(trained.get(), dataset())) {
      expected.merge(label, 1L, Long::sum);
    }
    assertThat(ox.exactCounts().orElseThrow()).isEqualTo(expected);
    assertThat(oy.exactCounts().orElseThrow()).isEqualTo(expected);
    assertThat(expected.keySet()).containsExactlyInAnyOrder("pos", "neg");

    // The two references judge a batch alike: a shift of x1 by two standard deviations drifts x1 alone.
    Frame shifted = frame(rows(3, 200, 2.0));
    DriftReport fromStored = DriftEngine.defaults().compare(a.inputs(), shifted);
    DriftReport fromLineage = DriftEngine.defaults().compare(b.inputs(), shifted);
    assertThat(fromStored.driftedColumnNames()).isEqualTo(fromLineage.driftedColumnNames()).containsExactly("x1");
  }

  @Test
  void versionWithoutProfilesOrLineage_isNotFound_andSaysWhatToDo() throws Exception {
    ModelVersion bare = registry.register(Registration.model("bare", new LogisticRegressionTrainer().train(dataset()))
        .build());
    try (TabularPredictor p = registry.load(bare.id().toString())) {
      assertThatThrownBy(() -> VersionProfiles.of(registry, bare, p))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("records no training data set")
          .hasMessageContaining("dataset(");
    }
  }

  @Test
  void onlyOneStoredFile_isRebuiltFromLineage() throws Exception {
    Model<Label> m = new LogisticRegressionTrainer().train(dataset());
    ModelVersion half = registry.register(Registration.model("half", m)
        .file(VersionProfiles.INPUT_PROFILE, ReferenceProfile.of(frame(rows)).toJson().getBytes(StandardCharsets.UTF_8))
        .dataset(data.manifestDigest()).build());
    try (TabularPredictor p = registry.load(half.id().toString())) {
      VersionProfiles v = VersionProfiles.of(registry, half, p);
      assertThat(v.source()).isEqualTo(new Source(Kind.LINEAGE, data.id()));
      assertThat(v.inputs().rowCount()).isEqualTo(ROWS);
    }
  }

  @Test
  void attach_refusesCountsThatDiffer_andNoRows() {
    Registration.Builder r = Registration.model("m", new LogisticRegressionTrainer().train(dataset()));
    assertThatThrownBy(() -> VersionProfiles.attach(r, frame(rows), Arrays.copyOf(labels, ROWS - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("300 training rows but 299 predictions");
    assertThatThrownBy(() -> VersionProfiles.attach(r, frame(new double[0][]), new String[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training rows");
    assertThatThrownBy(() -> VersionProfiles.attach(r, null, labels)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void outputsWithoutThePredictionColumn_areRefused() {
    ReferenceProfile inputs = ReferenceProfile.of(frame(rows));
    assertThatThrownBy(() -> new VersionProfiles(inputs, inputs, new Source(Kind.STORED, data.id())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prediction'");
  }

  /** The README's "Production monitoring" reference snippet: attach at training time, of at serving time. */
  @Test
  void readmeSnippet_monitorAlertsOnAShiftedWindowOnly() throws Exception {
    MutableDataset<Label> train = dataset();
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    Frame trainingInputs = frame(rows);
    String[] predictedLabels = predictedLabels(model, train);
    ModelVersion trainingData = data;

    PredictionMonitor.Builder builder = PredictionMonitor.builder("fraud")
        .window(WindowSpec.tumblingCount(100))
        .rule(AlertRules.driftShare(0.5, 0.25).build())
        .rule(AlertRules.predictionDrift(2, 1).build());

    // --- README snippet, "Production monitoring" (keep in sync): training
    // Training: the profiles become two files of the version, covered by its digest; the lineage names the data.
    registry.register(VersionProfiles.attach(Registration.model("fraud", model), trainingInputs, predictedLabels)
        .dataset(trainingData.manifestDigest()).build());
    // ---
    registry.setAlias("fraud", "champion", 1);
    // --- README snippet: serving
    // Serving: the stored profiles, else rebuilt from the lineage's training data set (source() says which).
    ModelVersion champion = registry.get("fraud@champion");
    try (TabularPredictor predictor = registry.load(champion.id().toString())) {
      VersionProfiles reference = VersionProfiles.of(registry, champion, predictor);
      builder.reference(reference.inputs()).outputReference(reference.outputs()).referenceId(champion.id().toString());
    }
    // ---

    String variant = "fraud";
    try (PredictionMonitor monitor = builder.build(); TabularPredictor predictor = registry.load(champion.id().toString())) {
      for (double[] row : rows(4, 100, 0)) {
        Map<String, Object> f = features(row);
        monitor.record(f, predictor.predict(f), 1_000);
      }
      awaitWindows(monitor);
      WindowSummary calm = monitor.lastWindow(variant).orElseThrow();
      assertThat(calm.featureDrift()).isPresent();
      assertThat(calm.featureDrift().orElseThrow().driftShare()).isLessThan(0.5);
      assertThat(monitor.alertFiring("drift-share", variant)).isFalse();
      assertThat(monitor.alertFiring("prediction-drift", variant)).isFalse();
      for (double[] row : rows(5, 100, 0)) {
        row[0] += 8;   // x1 and x3 far off: half the inputs drift, and the model answers "pos" nearly always
        row[2] += 15;
        Map<String, Object> f = features(row);
        monitor.record(f, predictor.predict(f), 1_000);
      }
      awaitWindows(monitor);
      WindowSummary shifted = monitor.lastWindow(variant).orElseThrow();
      assertThat(shifted.index()).isEqualTo(calm.index() + 1);
      assertThat(shifted.featureDrift().orElseThrow().driftedColumnNames()).contains("x1", "x3");
      assertThat(monitor.alertFiring("drift-share", variant)).isTrue();
      assertThat(monitor.alertFiring("prediction-drift", variant)).isTrue();
    }
  }

  /** Waits until every recorded event is processed and every window it filled is closed and evaluated. */
  static void awaitWindows(PredictionMonitor monitor) throws InterruptedException {
    assertThat(monitor.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    monitor.closeWindows();   // runs on the worker after the windows closed by the events above; none partial
  }
}
