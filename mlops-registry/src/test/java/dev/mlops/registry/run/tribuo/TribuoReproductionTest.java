package dev.mlops.registry.run.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Difference;
import dev.mlops.registry.run.RunComparison;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Trains real Tribuo models inside runs over a file-system registry and reproduces them from what
 * the run recorded: bit for bit when nothing changed, with the change named when something did.
 */
class TribuoReproductionTest {
  @TempDir Path dir;
  private ModelRegistry registry;
  private Tracking tracking;

  static {
    java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
  }

  @BeforeEach
  void open() {
    registry = ModelRegistry.open(dir.resolve("registry"));
    tracking = Tracking.of(registry);
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    registry.close();
  }

  private Path copy(String resource) throws IOException {
    Path f = dir.resolve("data").resolve(resource.substring(resource.lastIndexOf('/') + 1));
    Files.createDirectories(f.getParent());
    try (InputStream in = TribuoReproductionTest.class.getResourceAsStream(resource)) {
      Files.copy(in, f);
    }
    return f;
  }

  private <T extends Output<T>> String trainInRun(Trainer<T> trainer, Path csv, String response,
      OutputFactory<T> factory) throws IOException {
    var source = new CSVLoader<>(factory).loadDataSource(csv, response);
    var split = new TrainTestSplitter<>(source, 0.7, 42L);
    return tracking.run("repro", trainer.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), run -> {
      Model<T> m = TribuoRuns.train(run, trainer, new MutableDataset<>(split.getTrain()));
      assertThat(m).isNotNull();
      return run.id();
    });
  }

  static Stream<Arguments> trainers() {
    Supplier<Trainer<?>> lr = LogisticRegressionTrainer::new;
    Supplier<Trainer<?>> cart = () -> new CARTClassificationTrainer(6);
    Supplier<Trainer<?>> forest = () -> new RandomForestTrainer<>(new CARTClassificationTrainer(5, 0.5f, 7L),
        new VotingCombiner(), 5, 11L);
    Supplier<Trainer<?>> liblinear = LibLinearClassificationTrainer::new;
    Supplier<Trainer<?>> sgdRegression = () -> new LinearSGDTrainer(new SquaredLoss(),
        new org.tribuo.math.optimisers.AdaGrad(0.1, 0.1), 3, 13L);
    Supplier<Trainer<?>> cartRegression = () -> new CARTRegressionTrainer(5);
    return Stream.of(
        Arguments.of("logistic regression (SGD)", lr, false),
        Arguments.of("CART", cart, false),
        Arguments.of("random forest (bagging)", forest, false),
        Arguments.of("LibLinear", liblinear, false),
        Arguments.of("linear regression (SGD)", sgdRegression, true),
        Arguments.of("CART regression", cartRegression, true));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private String train(Trainer trainer, boolean regression, Path iris, Path diabetes) throws IOException {
    return regression
        ? trainInRun(trainer, diabetes, "progression", new RegressionFactory())
        : trainInRun(trainer, iris, "species", new LabelFactory());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainers")
  void reproduce_unchangedRun_isBitForBit(String label, Supplier<Trainer<?>> trainer, boolean regression) throws IOException {
    Path iris = copy("/data/iris.csv");
    Path diabetes = copy("/data/diabetes.csv");
    String runId = train(trainer.get(), regression, iris, diabetes);
    Files.delete(regression ? diabetes : iris); // the registry holds the data by digest; the path is gone

    TribuoReproduction r = TribuoRuns.reproduce(tracking, runId);

    assertThat(r.parametersEqual()).as(r.render()).isTrue();
    assertThat(r.predictionsEqual()).as(r.render()).isTrue();
    assertThat(r.evaluated()).isGreaterThan(40);
    assertThat(r.dataMatches()).isTrue();
    assertThat(r.dataSource()).isEqualTo("registry");
    assertThat(r.provenanceDiff()).as(r.render()).isEmpty();
    assertThat(r.isBitForBit()).isTrue();
    RunRecord rec = tracking.require(runId);
    assertThat(rec.tags()).containsEntry(TribuoRuns.PARAMETER_DIGEST_TAG, r.recordedParameterDigest().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainers")
  void parameterDigest_differentSeedOrData_differs(String label, Supplier<Trainer<?>> trainer, boolean regression)
      throws IOException {
    Path iris = copy("/data/iris.csv");
    Path diabetes = copy("/data/diabetes.csv");
    String runId = train(trainer.get(), regression, iris, diabetes);
    Path changed = dir.resolve("changed.csv");
    List<String> lines = Files.readAllLines(regression ? diabetes : iris, StandardCharsets.UTF_8);
    lines.set(1, lines.get(1).replaceFirst("^[0-9.]+", regression ? "99.0" : "7.7"));
    Files.write(changed, lines, StandardCharsets.UTF_8);

    TribuoReproduction otherData = TribuoRuns.reproduce(tracking, runId, ReproduceOptions.defaults().withData(changed));

    assertThat(otherData.dataMatches()).isFalse();
    assertThat(otherData.usedDataDigest()).isNotEqualTo(otherData.recordedDataDigest());
    assertThat(otherData.provenanceDiff()).extracting(Difference::key).contains("dataset.datasource.source.resource-hash");
    assertThat(otherData.parametersEqual()).as(otherData.render()).isFalse();
    assertThat(otherData.render()).contains("data MISMATCH");

    if (!label.startsWith("CART") && !label.equals("LibLinear")) { // CART and LibLinear here take no seed
      TribuoReproduction otherSeed = TribuoRuns.reproduce(tracking, runId,
          ReproduceOptions.defaults().withTrainerProperty("seed", "987654321"));
      assertThat(otherSeed.parametersEqual()).as(otherSeed.render()).isFalse();
      assertThat(otherSeed.provenanceDiff()).extracting(Difference::key).contains("trainer.seed");
      assertThat(otherSeed.dataMatches()).isTrue();
    }
  }

  @Test
  void reproduce_changedRowInRecordedPath_reportsDataMismatchAndStillRetrains() throws IOException {
    // Data the registry does not hold: reproduction falls back to the recorded path and says so.
    Path iris = copy("/data/iris.csv");
    String runId = trainInRun(new LogisticRegressionTrainer(), iris, "species", new LabelFactory());
    RunRecord rec = tracking.require(runId);
    String dataArtifact = "data/iris.csv";
    assertThat(rec.artifact(dataArtifact)).isPresent();
    // Simulate a registry that never stored the data: a new registry over the same runs but other blobs.
    registry.close();
    try (var blobs = new dev.mlops.core.store.InMemoryBlobStore("mem:blobs");
        var meta = new dev.mlops.registry.store.InMemoryMetadataStore("mem:meta");
        var runs = dev.mlops.registry.run.store.FileRunStore.open(dir.resolve("registry"))) {
      for (var a : rec.artifacts()) {
        if (!a.path().startsWith("data/")) {
          try (ModelRegistry old = ModelRegistry.open(dir.resolve("registry"))) {
            blobs.put(old.blobStore().read(a.digest()));
          }
        }
      }
      List<String> lines = Files.readAllLines(iris, StandardCharsets.UTF_8);
      lines.set(5, lines.get(5).replaceFirst("^[0-9.]+", "6.9"));
      Files.write(iris, lines, StandardCharsets.UTF_8);
      registry = ModelRegistry.builder().blobStore(blobs).metadataStore(meta).runStore(runs).build();
      Tracking t = Tracking.of(registry);

      TribuoReproduction r = TribuoRuns.reproduce(t, runId);

      assertThat(r.dataSource()).isEqualTo("recorded-path:" + iris);
      assertThat(r.dataMatches()).isFalse();
      assertThat(r.reproducedModel()).isNotNull();
      assertThat(r.evaluated()).isGreaterThan(40);
      assertThat(r.provenanceDiff()).extracting(Difference::key).contains("dataset.datasource.source.resource-hash");
      assertThat(r.render()).contains("data MISMATCH");
    }
  }

  @Test
  void changedHyperparameter_appearsInDiffAndComparisonByName() throws IOException {
    Path iris = copy("/data/iris.csv");
    String a = trainInRun(new CARTClassificationTrainer(6), iris, "species", new LabelFactory());
    String b = trainInRun(new CARTClassificationTrainer(3), iris, "species", new LabelFactory());

    RunComparison c = tracking.compare(a, b);
    assertThat(c.params()).extracting(Difference::key).containsExactly("trainer.maxDepth");
    assertThat(c.provenance()).extracting(Difference::key).contains("trainer.maxDepth");
    assertThat(c.datasets()).isEmpty();

    TribuoReproduction r = TribuoRuns.reproduce(tracking, a, ReproduceOptions.defaults().withTrainerProperty("maxDepth", "2"));
    assertThat(r.provenanceDiff()).extracting(Difference::key).containsExactly("trainer.maxDepth");
    assertThat(r.parametersEqual()).isFalse();
  }

  @Test
  void registerFromRun_linksVersionToRunAndData_bothWays() throws IOException {
    Path iris = copy("/data/iris.csv");
    ModelVersion data = registry.register(Registration.dataset("iris", iris).build());
    var source = new CSVLoader<>(new LabelFactory()).loadDataSource(iris, "species");
    ModelVersion[] made = new ModelVersion[1];
    String runId = tracking.run("repro", "lr", run -> {
      run.logDataset(data, dev.mlops.registry.run.DatasetRole.TRAINING);
      var m = TribuoRuns.train(run, new LogisticRegressionTrainer(), source);
      made[0] = run.register(Registration.model("iris-lr", m));
      return run.id();
    });
    ModelVersion v = made[0];
    assertThat(v.manifest().lineage().runId()).hasValue(runId);
    assertThat(v.manifest().lineage().datasets()).contains(data.manifestDigest());
    assertThat(tracking.runOf(v)).map(RunRecord::runId).hasValue(runId);
    assertThat(tracking.versionsOf(runId)).extracting(ModelVersion::id).containsExactly(v.id());
    // The data file logged by Tribuo is the registered data set's file: one blob, found by digest.
    assertThat(TribuoRuns.reproduce(tracking, runId).isBitForBit()).isTrue();
  }

  @Test
  void reproduce_dataThatCannotBeRecreated_saysWhy() {
    var examples = new java.util.ArrayList<org.tribuo.Example<org.tribuo.classification.Label>>();
    for (int i = 0; i < 20; i++) {
      var e = new org.tribuo.impl.ArrayExample<>(new org.tribuo.classification.Label(i % 2 == 0 ? "a" : "b"));
      e.add("x", i % 2 == 0 ? i : -i);
      examples.add(e);
    }
    var source = new org.tribuo.datasource.ListDataSource<>(examples, new LabelFactory(),
        new org.tribuo.provenance.SimpleDataSourceProvenance("in memory", new LabelFactory()));
    String runId = tracking.run("repro", "memory", run -> {
      TribuoRuns.train(run, new LogisticRegressionTrainer(), source);
      return run.id();
    });
    assertThat(tracking.require(runId).datasets()).isEmpty(); // no digest to record
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TribuoRuns.reproduce(tracking, runId))
        .isInstanceOf(dev.mlops.core.InvalidInputException.class).hasMessageContaining("not a configurable");
  }

  @Test
  void reproduce_inAnotherEnvironment_namesTheJvmAndDependencyThatDiffer() throws IOException {
    Path iris = copy("/data/iris.csv");
    String runId = trainInRun(new LogisticRegressionTrainer(), iris, "species", new LabelFactory());
    // Rewrite the recorded environment as if the run had been made on another JVM with another Tribuo jar.
    Path log;
    try (var files = Files.walk(dir.resolve("registry").resolve("runs").resolve("r"))) {
      log = files.filter(p -> p.getFileName().toString().equals(runId + ".jsonl")).findFirst().orElseThrow();
    }
    String jvm = System.getProperty("java.version");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("\"jvm.version\":\"" + jvm + "\"").contains("\"jar.tribuo-core\":\"4.3.2 sha256:");
    Files.writeString(log, text.replace("\"jvm.version\":\"" + jvm + "\"", "\"jvm.version\":\"11.0.2\"")
        .replace("\"jar.tribuo-core\":\"4.3.2 sha256:", "\"jar.tribuo-core\":\"4.3.1 sha256:"), StandardCharsets.UTF_8);
    registry.close();
    registry = ModelRegistry.open(dir.resolve("registry"));
    tracking = Tracking.of(registry);

    TribuoReproduction r = TribuoRuns.reproduce(tracking, runId);

    assertThat(r.environmentDiff()).extracting(Difference::key).containsExactly("jar.tribuo-core", "jvm.version");
    assertThat(r.environmentDiff()).filteredOn(d -> d.key().equals("jvm.version"))
        .extracting(d -> d.left().orElseThrow(), d -> d.right().orElseThrow())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("11.0.2", jvm));
    assertThat(r.isBitForBit()).isTrue();
    assertThat(r.render()).contains("jvm.version: 11.0.2 -> " + jvm);
  }
}
