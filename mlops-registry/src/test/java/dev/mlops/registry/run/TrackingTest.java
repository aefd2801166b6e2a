package dev.mlops.registry.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.store.FileRunStore;
import dev.mlops.registry.run.store.InMemoryRunStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tracking API over both built-in run stores. */
class TrackingTest {
  @TempDir Path dir;
  private ModelRegistry registry;

  private Tracking open(String kind) {
    registry = kind.equals("file") ? ModelRegistry.open(dir.resolve("registry"))
        : ModelRegistry.open(URI.create("mem:tracking"));
    return Tracking.of(registry);
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void runStores_areDiscoveredFromTheRegistryUri(String kind) {
    Tracking t = open(kind);
    assertThat(t.store()).isInstanceOf(kind.equals("file") ? FileRunStore.class : InMemoryRunStore.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void tryWithResources_finishedRun_recordsEverythingLogged(String kind) {
    Tracking t = open(kind);
    String id;
    try (Run run = t.start("iris", "first")) {
      id = run.id();
      run.logParam("epochs", "5").setTag("team", "risk").logMetric("loss", 0.5, 1).logMetric("loss", 0.25, 2);
      assertThat(run.logSeed("shuffle", 42L)).isEqualTo(42L);
      run.logArtifact("notes/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
      run.finish();
    }
    RunRecord r = t.require(id);
    assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(r.endedAt()).isPresent();
    assertThat(r.params()).containsExactly(Map.entry("epochs", "5"));
    assertThat(r.tags()).containsEntry("team", "risk");
    assertThat(r.metrics()).containsExactly(Map.entry("loss", 0.25));
    assertThat(r.seeds()).containsExactly(Map.entry("shuffle", 42L));
    assertThat(t.metricHistory(id, "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0.5), org.assertj.core.groups.Tuple.tuple(2L, 0.25));
    assertThat(new String(t.readArtifact(id, "notes/readme.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
    List<Digest> kept = new ArrayList<>();
    t.store().forEachArtifactDigest(kept::add);
    assertThat(kept).containsExactly(Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void closedWithoutFinish_isKilledNeverFinished(String kind) {
    Tracking t = open(kind);
    String id;
    try (Run run = t.start("iris")) {
      id = run.id();
    }
    RunRecord r = t.require(id);
    assertThat(r.status()).isEqualTo(RunStatus.KILLED);
    assertThat(r.failure()).map(RunFailure::message).hasValue("closed without finish()");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void trainingThatThrows_isRecordedFailed_andTheSameExceptionReachesTheCaller(String kind) {
    Tracking t = open(kind);
    IOException thrown = new IOException("disk full while writing weights");
    String[] id = new String[1];
    assertThatThrownBy(() -> t.run("iris", "doomed", run -> {
      id[0] = run.id();
      run.logParam("epochs", "5");
      throw thrown;
    })).isSameAs(thrown);
    RunRecord r = t.require(id[0]);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.failure()).hasValueSatisfying(f -> {
      assertThat(f.type()).isEqualTo("java.io.IOException");
      assertThat(f.message()).isEqualTo("disk full while writing weights");
      assertThat(f.stack()).isNotEmpty().first().asString().contains("TrackingTest");
    });
    assertThatThrownBy(() -> t.store().update(id[0], new dev.mlops.registry.run.spi.RunUpdate.Params(Map.of("x", "1"))))
        .isInstanceOf(ConflictException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void param_loggedTwiceWithAnotherValue_isAConflict(String kind) {
    Tracking t = open(kind);
    try (Run run = t.start("iris")) {
      run.logParam("epochs", "5").logParam("epochs", "5");
      assertThatThrownBy(() -> run.logParam("epochs", "6")).isInstanceOf(ConflictException.class)
          .hasMessageContaining("epochs");
      assertThatThrownBy(() -> run.logMetric("loss", Double.NaN)).isInstanceOf(InvalidInputException.class);
      run.finish();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void query_byParamTagAndMetric_orderedByMetric(String kind) {
    Tracking t = open(kind);
    double[] acc = {0.85, 0.95, 0.91, 0.99, 0.70};
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < acc.length; i++) {
      try (Run run = t.start(i == 4 ? "other" : "iris", "r" + i)) {
        run.logParam("optimizer", i % 2 == 0 ? "adagrad" : "sgd").setTag("stage", i < 3 ? "dev" : "prod");
        run.logMetric("accuracy", acc[i]);
        ids.add(run.id());
        run.finish();
      }
    }
    List<RunRecord> good = t.query(RunQuery.builder().experiment("iris").where("accuracy > 0.9")
        .orderByMetric("accuracy", true).build());
    assertThat(good).extracting(RunRecord::runId).containsExactly(ids.get(3), ids.get(1), ids.get(2));
    assertThat(t.query(RunQuery.builder().experiment("iris").param("optimizer", "adagrad").tag("stage", "dev").build()))
        .extracting(RunRecord::runId).containsExactly(ids.get(0), ids.get(2));
    assertThat(t.query(RunQuery.builder().where("accuracy <= 0.85").orderByMetric("accuracy", false).build()))
        .extracting(RunRecord::runId).containsExactly(ids.get(4), ids.get(0));
    assertThat(t.query(RunQuery.builder().experiment("iris").orderByMetric("accuracy", false).limit(2).build()))
        .extracting(RunRecord::runId).containsExactly(ids.get(0), ids.get(2));
    assertThat(t.experiments()).containsExactly("iris", "other");
    assertThatThrownBy(() -> RunQuery.builder().where("accuracy ~ high")).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void nestedRuns_recordTheirParent(String kind) {
    Tracking t = open(kind);
    try (Run parent = t.start("sweep", "grid")) {
      for (int i = 0; i < 3; i++) {
        String lr = "0." + (i + 1);
        parent.runChild("trial-" + i, child -> child.logParam("lr", lr));
      }
      RuntimeException boom = new IllegalStateException("diverged");
      assertThatThrownBy(() -> parent.runChild("trial-x", child -> {
        throw boom;
      })).isSameAs(boom);
      assertThat(t.query(RunQuery.builder().parent(parent.id()).status(RunStatus.FAILED).build()))
          .extracting(RunRecord::name).containsExactly("trial-x");
      assertThat(t.query(RunQuery.builder().experiment("sweep").parent(parent.id()).status(RunStatus.FINISHED).build()))
          .extracting(RunRecord::name).containsExactly("trial-0", "trial-1", "trial-2");
      parent.finish();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void registerFromRun_linksBothWays_andCompareNamesDifferences(String kind) throws IOException {
    Tracking t = open(kind);
    ModelVersion parentVersion = registry.register(Registration.bytes("base", "w.bin", new byte[] {1, 2}, ArtifactFormat.RAW).build());
    java.nio.file.Path csv = dir.resolve("d.csv");
    java.nio.file.Files.writeString(csv, "a,b,label\n1,2,x\n3,4,y\n");
    ModelVersion data = registry.register(Registration.dataset("d", csv).build());
    String a;
    ModelVersion v;
    try (Run run = t.start("lin")) {
      a = run.id();
      DatasetInput in = run.logDataset(data, DatasetRole.TRAINING);
      assertThat(in.schema()).containsExactly("a", "b", "label");
      assertThat(in.rowCount()).isEqualTo(2);
      run.logParentVersion(parentVersion.id()).logParam("lr", "0.1").logMetric("acc", 0.5);
      v = run.register(Registration.bytes("tuned", "w.bin", new byte[] {3}, ArtifactFormat.RAW));
      run.finish();
    }
    assertThat(v.manifest().lineage().runId()).hasValue(a);
    assertThat(v.manifest().lineage().parents()).containsExactly(parentVersion.id());
    assertThat(v.manifest().lineage().datasets()).containsExactly(data.manifestDigest());
    assertThat(t.runOf(v)).map(RunRecord::runId).hasValue(a);
    assertThat(t.versionsOf(a)).extracting(ModelVersion::id).containsExactly(v.id());
    assertThat(t.runOf(parentVersion)).isEmpty();

    String b;
    try (Run run = t.start("lin")) {
      b = run.id();
      run.logParam("lr", "0.2").logMetric("acc", 0.5);
      run.finish();
    }
    RunComparison c = t.compare(a, b);
    assertThat(c.params()).containsExactly(new Difference("lr", java.util.Optional.of("0.1"), java.util.Optional.of("0.2")));
    assertThat(c.metrics()).isEmpty();
    assertThat(c.datasets()).extracting(Difference::key).containsExactly("TRAINING:registry:d/1");
    assertThat(c.environment()).isEmpty();
    assertThat(c.render()).contains("lr: 0.1 -> 0.2");
  }

  @Test
  void environment_recordsJvmOsJarsAndFlags_andHostOnlyWhenEnabled() {
    Tracking t = open("mem");
    Map<String, String> env = t.environment();
    assertThat(env).containsEntry("jvm.version", System.getProperty("java.version"))
        .containsEntry("os.arch", System.getProperty("os.arch"))
        .containsEntry("cpu.count", String.valueOf(Runtime.getRuntime().availableProcessors()))
        .containsEntry("tribuo.version", "4.3.2")
        .containsKeys("jvm.vendor", "os.name", "sdk.version", "jvm.flags", "main.command")
        .doesNotContainKeys("host.name", "user.name");
    assertThat(env.get("jar.tribuo-core")).matches("4\\.3\\.2 sha256:[0-9a-f]{64}");
    assertThat(env.get("jar.jackson-databind")).startsWith("2.20.1 sha256:");
    assertThat(Environment.numericFlags(List.of("-Xmx1g", "-XX:+UseFMA", "-Dfoo=1", "-Djava.io.tmpdir=/t", "-ea")))
        .isEqualTo("-XX:+UseFMA -Djava.io.tmpdir=/t -ea");
    Map<String, String> withHost = Environment.capture(true);
    assertThat(withHost).containsKeys("host.name", "user.name");
    try (Run run = t.start("env")) {
      assertThat(run.record().environment()).isEqualTo(env);
      run.finish();
    }
  }

  @Test
  void fileStore_runsAndIndexSurviveReopen_andCompactionKeepsQueriesRight() {
    Tracking t = open("file");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try (Run run = t.start("persist")) {
        for (int step = 0; step < 20; step++) {
          run.logMetric("acc", i / 100.0 + step / 10_000.0, step); // 400+ index lines: compacted on the way
        }
        ids.add(run.id());
        run.finish();
      }
    }
    registry.close();
    registry = ModelRegistry.open(dir.resolve("registry"));
    Tracking again = Tracking.of(registry);
    List<RunRecord> top = again.query(RunQuery.builder().experiment("persist").where("acc >= 0.15")
        .orderByMetric("acc", true).build());
    assertThat(top).extracting(RunRecord::runId).containsExactlyElementsOf(List.of(ids.get(19), ids.get(18),
        ids.get(17), ids.get(16), ids.get(15)));
    assertThat(top).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
    assertThat(again.metricHistory(ids.get(3), "acc")).hasSize(20);
    assertThat(((FileRunStore) again.store()).reindex("persist")).isEqualTo(20);
    assertThat(again.query(RunQuery.builder().experiment("persist").build())).hasSize(20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void eightThreads_concurrentRunsInOneExperiment_nothingLostOrMixed(String kind) throws Exception {
    Tracking t = open(kind);
    int threads = 8;
    int runsPerThread = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int th = 0; th < threads; th++) {
      int thread = th;
      futures.add(pool.submit(() -> {
        start.await();
        List<String> mine = new ArrayList<>();
        for (int k = 0; k < runsPerThread; k++) {
          int n = k;
          mine.add(t.run("shared", "t" + thread + "-" + k, run -> {
            run.logParams(Map.of("thread", String.valueOf(thread), "k", String.valueOf(n)));
            for (int step = 0; step < 5; step++) {
              run.logMetric("score", thread * 100 + n * 10 + step, step);
            }
            run.setTag("owner", "t" + thread);
            return run.id();
          }));
        }
        return mine;
      }));
    }
    start.countDown();
    Set<String> all = new HashSet<>();
    for (Future<List<String>> f : futures) {
      all.addAll(f.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(all).hasSize(threads * runsPerThread);
    List<RunRecord> runs = t.query(RunQuery.builder().experiment("shared").build());
    assertThat(runs).hasSize(threads * runsPerThread);
    for (RunRecord r : runs) {
      int thread = Integer.parseInt(r.params().get("thread"));
      int k = Integer.parseInt(r.params().get("k"));
      assertThat(r.name()).isEqualTo("t" + thread + "-" + k);
      assertThat(r.tags()).containsEntry("owner", "t" + thread);
      assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(r.metrics()).containsExactly(Map.entry("score", thread * 100 + k * 10 + 4.0));
      assertThat(t.metricHistory(r.runId(), "score")).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
    for (int th = 0; th < threads; th++) {
      assertThat(t.query(RunQuery.builder().experiment("shared").tag("owner", "t" + th).build())).hasSize(runsPerThread);
    }
  }

  /** A deterministic entry point: everything from the config's seed. */
  public static final class SeededEntryPoint implements TrainingEntryPoint {
    /** Called reflectively. */
    public SeededEntryPoint() {}

    @Override
    public void train(Run run, TrainingConfig config) {
      Random r = new Random(config.seed("init"));
      int n = Integer.parseInt(config.param("n"));
      double sum = 0;
      byte[] weights = new byte[n];
      for (int i = 0; i < n; i++) {
        sum += r.nextGaussian();
        weights[i] = (byte) r.nextInt();
      }
      run.logMetric("sum", sum);
      run.logArtifact("weights.bin", weights);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void entryPoint_reproducedWithRecordedConfig(String kind) throws Exception {
    registry = kind.equals("file") ? ModelRegistry.open(dir.resolve("registry")) : ModelRegistry.open(URI.create("mem:ep"));
    Tracking t = Tracking.builder(registry).entryPoint("clock", (run, config) -> run.logMetric("t", System.nanoTime()))
        .build();
    RunRecord first = t.train("ep", SeededEntryPoint.class.getName(),
        new TrainingConfig(Map.of("n", "64"), Map.of("init", 7L), List.of()));
    assertThat(first.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(first.seeds()).containsEntry("init", 7L);

    EntryPointReproduction same = t.reproduce(first.runId());
    assertThat(same.isExact()).isTrue();
    assertThat(same.reproduction().tags()).containsEntry("reproduces", first.runId());
    assertThat(same.reproduction().params()).isEqualTo(first.params());

    // An entry point reads its recorded data through the registry, by digest.
    java.nio.file.Path csv = dir.resolve("ep.csv");
    java.nio.file.Files.writeString(csv, "x\n1\n2\n");
    ModelVersion data = registry.register(Registration.dataset("ep-data", csv).build());
    Tracking reader = Tracking.builder(registry).entryPoint("count", (run, config) -> {
      try (java.io.InputStream in = run.tracking().openDataset(config.datasets().get(0))) {
        run.logMetric("bytes", in.readAllBytes().length);
      }
    }).build();
    DatasetInput input = new DatasetInput(data.manifestDigest(), "registry:" + data.id(), List.of("x"), 2,
        DatasetRole.TRAINING);
    RunRecord counted = reader.train("ep", "count", new TrainingConfig(Map.of(), Map.of(), List.of(input)));
    assertThat(counted.metrics()).containsEntry("bytes", 6.0);
    assertThat(counted.datasets()).containsExactly(input);
    assertThat(reader.reproduce(counted.runId()).isExact()).isTrue();

    RunRecord clock = t.train("ep", "clock", new TrainingConfig(Map.of(), Map.of(), List.of()));
    EntryPointReproduction differs = t.reproduce(clock.runId());
    assertThat(differs.isExact()).isFalse();
    assertThat(differs.metrics()).extracting(Difference::key).containsExactly("t");

    assertThatThrownBy(() -> t.train("ep", "no.such.EntryPoint", new TrainingConfig(Map.of(), Map.of(), List.of())))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no.such.EntryPoint");
  }

  @Test
  void explicitRunStore_winsOverTheUri() {
    RunStore mine = new InMemoryRunStore("mem:mine");
    try (ModelRegistry r = ModelRegistry.builder().uri(dir.resolve("x").toUri()).runStore(mine).build()) {
      assertThat(r.runStore()).isSameAs(mine);
    }
  }
}
