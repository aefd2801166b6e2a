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
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
    if (port > 0) {
      b.setPort(port);
    }
    return b.start();
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

      pg.close(); // stops the server while the registration's transaction is open
      Throwable failure = null;
      try {
        inFlight.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(StoreException.class).hasMessageContaining("Nothing was changed");
      registry.close();
      meta.close();

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
      pg.close();
    }
  }
}
