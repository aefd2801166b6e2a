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
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.FileMetadataStore;
import dev.mlops.registry.store.JdbcMetadataStore;
import dev.mlops.testing.store.jdbc.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

  /** A registry with history: three models, several versions, tags, aliases moved, a deprecation. */
  @BeforeEach
  void sourceRegistry() {
    fileBlobs = FileBlobStore.open(dir.resolve("src"));
    fileMeta = FileMetadataStore.open(dir.resolve("src"));
    try (ModelRegistry r = ModelRegistry.builder().blobStore(fileBlobs).metadataStore(fileMeta).principal(() -> "alice").build()) {
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

  @Test
  @DisplayName("file -> PostgreSQL + S3 -> file keeps every version, alias, tag and audit event, and every blob loads verified")
  void roundTrip_equal() throws Exception {
    try (JdbcMetadataStore pg = postgres();
         BlobStore pgBlobs = S3TestServer.shared().store("copy/" + java.util.UUID.randomUUID()).build()) {
      CopyReport there = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).build().run();
      assertThat(there.modelsCopied()).isEqualTo(3);
      assertThat(there.versionsCopied()).isEqualTo(10);
      assertThat(there.blobsCopied()).isEqualTo(9);
      assertSameRegistry(fileMeta, pg);

      FileBlobStore backBlobs = FileBlobStore.open(dir.resolve("back"));
      FileMetadataStore backMeta = FileMetadataStore.open(dir.resolve("back"));
      CopyReport back = RegistryCopy.builder().source(pgBlobs, pg).target(backBlobs, backMeta).build().run();
      assertThat(back.versionsCopied()).isEqualTo(10);
      assertSameRegistry(fileMeta, backMeta);
      assertThat(backMeta.verify()).isEmpty();
      assertThat(backBlobs.verifyAll()).isEmpty();

      try (ModelRegistry copy = ModelRegistry.builder().blobStore(backBlobs).metadataStore(backMeta).build();
           InputStream in = copy.openFile("fraud@champion", "model.bin")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("fraud weights 3");
        assertThat(copy.verify().problems()).isEmpty();
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
    try (JdbcMetadataStore pg = postgres()) {
      CopyReport plan = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).dryRun(true).build().run();
      assertThat(plan.dryRun()).isTrue();
      assertThat(plan.models()).extracting(RegistryCopy.ModelCopy::name).containsExactly("churn", "fraud", "ranker");
      assertThat(plan.models()).allMatch(m -> m.action() == ModelAction.COPY);
      assertThat(plan.versionsCopied()).isEqualTo(10);
      assertThat(plan.blobsCopied()).isEqualTo(9);
      assertThat(plan.bytesCopied()).isPositive();
      assertThat(plan.toString()).startsWith("Would copy 3 of 3 models (10 versions, 9 blobs");
      assertThat(pg.names()).isEmpty();
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
      // the 5th blob write fails: model 1 (3 blobs) is copied, model 2 is interrupted after 1 blob
      BlobStore failing = new FailingAfter(pgBlobs, 4);
      assertThatThrownBy(() -> RegistryCopy.builder().source(fileBlobs, fileMeta).target(failing, pg).build().run())
          .isInstanceOf(StoreException.class);
      assertThat(pg.names()).containsExactly("churn");

      CopyReport resumed = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).build().run();
      assertThat(resumed.models()).extracting(RegistryCopy.ModelCopy::action)
          .containsExactly(ModelAction.ALREADY_PRESENT, ModelAction.COPY, ModelAction.COPY);
      assertThat(resumed.models().get(1).blobsPresent()).as("the blob written before the failure is not copied again").isEqualTo(1);
      assertSameRegistry(fileMeta, pg);

      CopyReport again = RegistryCopy.builder().source(fileBlobs, fileMeta).target(pgBlobs, pg).build().run();
      assertThat(again.modelsCopied()).isZero();
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
