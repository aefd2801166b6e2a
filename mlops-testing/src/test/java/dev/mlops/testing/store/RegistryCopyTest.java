package dev.mlops.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.FileBlobStore;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import dev.mlops.registry.RegistryCopy;
import dev.mlops.registry.RegistryCopy.CopyReport;
import dev.mlops.registry.RegistryCopy.ModelAction;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.Run;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.store.FileRunStore;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.FileMetadataStore;
import dev.mlops.registry.store.JdbcMetadataStore;
import dev.mlops.registry.store.JdbcRunStore;
import dev.mlops.testing.store.jdbc.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RegistryCopy moves a registry between store pairs: file -> PostgreSQL + S3 -> file")
class RegistryCopyTest {
  @TempDir Path dir;
  FileBlobStore fileBlobs;
  FileMetadataStore fileMeta;
  FileRunStore fileRuns;
  String runA;
  String runB;

  /**
   * A registry with history: three models, several versions, tags, aliases moved, a deprecation; and
   * four training runs in two experiments (finished with a nested child and a model registered from
   * it, failed, killed) with params, metric histories, tags, seeds, a data set and artifacts.
   */
  @BeforeEach
  void sourceRegistry() {
    fileBlobs = FileBlobStore.open(dir.resolve("src"));
    fileMeta = FileMetadataStore.open(dir.resolve("src"));
    fileRuns = FileRunStore.open(dir.resolve("src"));
    try (ModelRegistry r = ModelRegistry.builder().blobStore(fileBlobs).metadataStore(fileMeta).runStore(fileRuns)
        .principal(() -> "alice").build()) {
      for (String name : List.of("churn", "fraud", "ranker")) {
        for (int i = 1; i <= 3; i++) {
          r.register(Registration.bytes(name, "model.bin", (name + " weights " + i).getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW)
              .tag("team", name.equals("fraud") ? "risk" : "growth").description(name + " v" + i).build());
        }
        r.setAlias(name, "champion", 1);
        r.setAlias(name, "champion", 3, OptionalInt.of(1));
        r.setTag(name, 2, "stage", "canary");
      }
      r.deprecate("fraud", 1, "superseded by v3");
      // the same bytes under two names: one blob, copied once
      r.register(Registration.bytes("ranker", "model.bin", "fraud weights 1".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());

      Tracking tracking = Tracking.of(r);
      try (Run a = tracking.start("churn-training", "baseline")) {
        runA = a.id();
        a.logParams(Map.of("lr", "0.1", "epochs", "3")).setTag("stage", "dev");
        a.logSeed("init", 42);
        a.logDataset(new DatasetInput(Digest.sha256("x,y\n1,2".getBytes(StandardCharsets.UTF_8)), "file:train.csv",
            List.of("x", "y"), 1, DatasetRole.TRAINING));
        for (int step = 0; step < 3; step++) {
          a.logMetric("loss", 1.0 / (step + 1), step);
        }
        a.logMetric("acc", 0.8);
        a.logArtifact("plots/loss.txt", "loss curve A".getBytes(StandardCharsets.UTF_8));
        a.runChild("fold-1", child -> child.logMetric("acc", 0.79));
        a.register(Registration.bytes("forecast", "model.bin", "forecast weights".getBytes(StandardCharsets.UTF_8),
            ArtifactFormat.RAW));
        a.finish();
      }
      try (Run b = tracking.start("churn-training", "tuned")) {
        runB = b.id();
        b.logParam("lr", "0.01").logMetric("acc", 0.9);
        b.logArtifact("plots/loss.txt", "loss curve B".getBytes(StandardCharsets.UTF_8));
        b.fail(new IllegalStateException("diverged"));
      }
      try (Run c = tracking.start("fraud-training")) {
        c.logMetric("auc", 0.7);
        c.kill("stopped by the operator");
      }
    }
  }

  private JdbcMetadataStore postgres() {
    return JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(PostgresServer.freshSchema()).build();
  }

  private static void assertSameRegistry(MetadataStore a, MetadataStore b) {
    assertThat(b.names()).isEqualTo(a.names());
    for (String name : a.names()) {
      assertThat(b.exportModel(name)).as(name).isEqualTo(a.exportModel(name));
    }
  }

  private static List<RunSnapshot> allRuns(RunStore store) {
    List<RunSnapshot> out = new java.util.ArrayList<>();
    for (String e : store.experiments()) {
      for (RunRecord r : store.query(RunQuery.builder().experiment(e).build())) {
        out.add(store.exportRun(r.runId()).orElseThrow());
      }
    }
    return out;
  }

  private static void assertSameRuns(RunStore a, RunStore b) {
    List<RunSnapshot> expected = allRuns(a);
    assertThat(expected).hasSize(4);
    assertThat(allRuns(b)).isEqualTo(expected);
  }

  private static JdbcRunStore postgresRuns(JdbcMetadataStore pg) {
    String d = pg.describe(); // "... (schema NAME)": the runs go into the same schema
    return JdbcRunStore.of(PostgresServer.dataSource(), d.substring(d.lastIndexOf(' ') + 1, d.length() - 1));
  }

  @Test
  @DisplayName("file -> PostgreSQL + S3 -> file keeps every version, alias, tag and audit event, and every blob loads verified")
  void roundTrip_equal() throws Exception {
    try (JdbcMetadataStore pg = postgres();
         JdbcRunStore pgRuns = postgresRuns(pg);
         BlobStore pgBlobs = S3TestServer.shared().store("copy/" + java.util.UUID.randomUUID()).build()) {
      CopyReport there = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).runs(fileRuns, pgRuns)
          .build().run();
      assertThat(there.modelsCopied()).isEqualTo(4);
      assertThat(there.versionsCopied()).isEqualTo(11);
      assertThat(there.runsCopied()).isEqualTo(4);
      assertThat(there.blobsCopied()).as("10 model blobs and 2 run artifacts").isEqualTo(12);
      assertSameRegistry(fileMeta, pg);
      assertSameRuns(fileRuns, pgRuns);

      FileBlobStore backBlobs = FileBlobStore.open(dir.resolve("back"));
      FileMetadataStore backMeta = FileMetadataStore.open(dir.resolve("back"));
      FileRunStore backRuns = FileRunStore.open(dir.resolve("back"));
      CopyReport back = RegistryCopy.builder().source(pgBlobs, pg).target(backBlobs, backMeta).runs(pgRuns, backRuns)
          .build().run();
      assertThat(back.versionsCopied()).isEqualTo(11);
      assertThat(back.runsCopied()).isEqualTo(4);
      assertSameRegistry(fileMeta, backMeta);
      assertSameRuns(fileRuns, backRuns);
      assertThat(backMeta.verify()).isEmpty();
      assertThat(backBlobs.verifyAll()).isEmpty();

      try (ModelRegistry copy = ModelRegistry.builder().blobStore(backBlobs).metadataStore(backMeta).runStore(backRuns).build();
           InputStream in = copy.openFile("fraud@champion", "model.bin")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("fraud weights 3");
        assertThat(copy.verify().problems()).isEmpty();
        Tracking tracking = Tracking.of(copy);
        assertThat(new String(tracking.readArtifact(runB, "plots/loss.txt"), StandardCharsets.UTF_8)).isEqualTo("loss curve B");
        assertThat(tracking.metricHistory(runA, "loss")).extracting(MetricPoint::value).containsExactly(1.0, 0.5, 1.0 / 3);
        assertThat(tracking.versionsOf(runA)).extracting(v -> v.id().name()).containsExactly("forecast");
        assertThat(tracking.runOf(copy.get("forecast", 1))).map(RunRecord::runId).contains(runA);
        // the copy carries on where the source stopped
        assertThat(copy.register(Registration.bytes("fraud", "model.bin", new byte[] {1}, ArtifactFormat.RAW).build()).version())
            .isEqualTo(4);
      }
    }
  }

  @Test
  @DisplayName("a dry run reports what would move and writes nothing")
  void dryRun_reportsAndWritesNothing() {
    FileBlobStore pgBlobs = FileBlobStore.open(dir.resolve("shared-blobs"));
    try (JdbcMetadataStore pg = postgres(); JdbcRunStore pgRuns = postgresRuns(pg)) {
      CopyReport plan = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).runs(fileRuns, pgRuns)
          .dryRun(true).build().run();
      assertThat(plan.dryRun()).isTrue();
      assertThat(plan.models()).extracting(RegistryCopy.ModelCopy::name).containsExactly("churn", "forecast", "fraud", "ranker");
      assertThat(plan.models()).allMatch(m -> m.action() == ModelAction.COPY);
      assertThat(plan.versionsCopied()).isEqualTo(11);
      assertThat(plan.runs()).extracting(RegistryCopy.RunCopy::experiment)
          .containsExactly("churn-training", "churn-training", "churn-training", "fraud-training");
      assertThat(plan.runs()).allMatch(r -> r.action() == ModelAction.COPY);
      assertThat(plan.runs().get(0).metricPoints()).as("run A: 3 loss points and 1 acc").isEqualTo(4);
      assertThat(plan.runs().get(0).blobsCopied()).isEqualTo(1);
      assertThat(plan.blobsCopied()).isEqualTo(12);
      assertThat(plan.bytesCopied()).isPositive();
      assertThat(plan.toString()).startsWith("Would copy 4 of 4 models (11 versions, 12 blobs").contains("4 of 4 runs")
          .contains("run churn-training/" + runB + ": copy 1 metric points, 1 artifacts");
      assertThat(pg.names()).isEmpty();
      assertThat(pgRuns.experiments()).isEmpty();
      AtomicInteger blobs = new AtomicInteger();
      pgBlobs.forEach(d -> blobs.incrementAndGet());
      assertThat(blobs).hasValue(0);
    }
  }

  @Test
  @DisplayName("a copy interrupted by a failing target resumes: the second run skips what is there and finishes the rest")
  void interrupted_resumes() {
    FileBlobStore pgBlobs = FileBlobStore.open(dir.resolve("shared-blobs"));
    try (JdbcMetadataStore pg = postgres()) {
      // the 6th blob write fails: churn (3 blobs) and forecast (1) are copied, fraud is interrupted after 1 blob
      BlobStore failing = new FailingAfter(pgBlobs, 5);
      assertThatThrownBy(() -> RegistryCopy.builder().source(fileBlobs, fileMeta).target(failing, pg).build().run())
          .isInstanceOf(StoreException.class);
      assertThat(pg.names()).containsExactly("churn", "forecast");

      CopyReport resumed = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).build().run();
      assertThat(resumed.models()).extracting(RegistryCopy.ModelCopy::action)
          .containsExactly(ModelAction.ALREADY_PRESENT, ModelAction.ALREADY_PRESENT, ModelAction.COPY, ModelAction.COPY);
      assertThat(resumed.models().get(2).blobsPresent()).as("the blob written before the failure is not copied again").isEqualTo(1);
      assertSameRegistry(fileMeta, pg);

      CopyReport again = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).build().run();
      assertThat(again.modelsCopied()).isZero();
    }
  }

  @Test
  @DisplayName("runs: a copy interrupted while copying a run's artifact resumes, skipping the runs already there")
  void interruptedInRuns_resumes() {
    FileBlobStore pgBlobs = FileBlobStore.open(dir.resolve("shared-blobs"));
    try (JdbcMetadataStore pg = postgres(); JdbcRunStore pgRuns = postgresRuns(pg)) {
      // 10 model blobs and run A's artifact are written; run B's artifact fails
      BlobStore failing = new FailingAfter(pgBlobs, 11);
      assertThatThrownBy(() -> RegistryCopy.builder().source(fileBlobs, fileMeta).target(failing, pg)
          .runs(fileRuns, pgRuns).build().run()).isInstanceOf(StoreException.class);
      assertThat(pg.names()).hasSize(4);
      assertThat(pgRuns.query(RunQuery.builder().build())).extracting(RunRecord::runId).contains(runA).doesNotContain(runB);

      CopyReport resumed = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).runs(fileRuns, pgRuns)
          .build().run();
      assertThat(resumed.modelsCopied()).isZero();
      assertThat(resumed.runs()).extracting(RegistryCopy.RunCopy::action).containsExactly(ModelAction.ALREADY_PRESENT,
          ModelAction.ALREADY_PRESENT, ModelAction.COPY, ModelAction.COPY);
      assertThat(resumed.blobsCopied()).as("only run B's artifact").isEqualTo(1);
      assertSameRuns(fileRuns, pgRuns);
      assertThat(RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).runs(fileRuns, pgRuns).build()
          .run().runsCopied()).isZero();
    }
  }

  @Test
  @DisplayName("runs: a target holding a run id with other content stops the copy before anything is written")
  void divergentRun_conflicts() {
    FileBlobStore otherBlobs = FileBlobStore.open(dir.resolve("other"));
    try (JdbcMetadataStore pg = postgres(); JdbcRunStore pgRuns = postgresRuns(pg)) {
      RunRecord theirs = fileRuns.get(runB).orElseThrow();
      pgRuns.create(RunRecord.started(runB, theirs.experiment(), "another run", Optional.empty(), theirs.startedAt(),
          Map.of()));
      assertThatThrownBy(() -> RegistryCopy.builder().source(fileBlobs, fileMeta).target(otherBlobs, pg)
          .runs(fileRuns, pgRuns).build().run()).isInstanceOf(ConflictException.class).hasMessageContaining(runB);
      assertThat(pg.names()).isEmpty();
      assertThat(pgRuns.query(RunQuery.builder().build())).hasSize(1);
      AtomicInteger blobs = new AtomicInteger();
      otherBlobs.forEach(d -> blobs.incrementAndGet());
      assertThat(blobs).hasValue(0);
    }
  }

  @Test
  @DisplayName("a target holding a model with another history stops the copy before anything is written")
  void divergentTarget_conflicts() {
    FileBlobStore otherBlobs = FileBlobStore.open(dir.resolve("other"));
    try (JdbcMetadataStore pg = postgres();
         ModelRegistry other = ModelRegistry.builder().blobStore(otherBlobs).metadataStore(pg).build()) {
      other.register(Registration.bytes("ranker", "model.bin", new byte[] {7}, ArtifactFormat.RAW).build());
      assertThatThrownBy(() -> RegistryCopy.builder().source(fileBlobs, fileMeta).target(otherBlobs, pg).build().run())
          .isInstanceOf(ConflictException.class).hasMessageContaining("ranker");
      assertThat(pg.names()).containsExactly("ranker");
    }
  }

  /** A blob store whose writes fail after a number of successful ones, as a lost connection would. */
  private static final class FailingAfter implements BlobStore {
    private final BlobStore delegate;
    private final AtomicInteger left;

    FailingAfter(BlobStore delegate, int successes) {
      this.delegate = delegate;
      this.left = new AtomicInteger(successes);
    }

    @Override
    public BlobInfo put(InputStream in) {
      if (left.getAndDecrement() <= 0) {
        throw new StoreException(describe(), "connection lost (simulated)", null);
      }
      return delegate.put(in);
    }

    @Override
    public boolean contains(Digest digest) {
      return delegate.contains(digest);
    }

    @Override
    public InputStream open(Digest digest) {
      return delegate.open(digest);
    }

    @Override
    public void forEach(Consumer<Digest> visitor) {
      delegate.forEach(visitor);
    }

    @Override
    public void forEachStored(Consumer<StoredBlob> visitor) {
      delegate.forEachStored(visitor);
    }

    @Override
    public boolean deleteIfStoredBefore(Digest digest, Instant cutoff) {
      return delegate.deleteIfStoredBefore(digest, cutoff);
    }

    @Override
    public List<String> verifyAll() {
      return delegate.verifyAll();
    }

    @Override
    public String describe() {
      return "failing:" + delegate.describe();
    }
  }
}
