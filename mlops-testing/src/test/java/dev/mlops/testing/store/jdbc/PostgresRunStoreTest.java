package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Run;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunStores;
import dev.mlops.registry.store.JdbcRunStore;
import dev.mlops.testing.store.RunStoreCompatibilityKit;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JdbcRunStore on PostgreSQL passes the run store compatibility kit")
class PostgresRunStoreTest extends RunStoreCompatibilityKit {

  private static URI uri(String schema) {
    String url = PostgresServer.jdbcUrl();
    return URI.create(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @Override
  protected RunStore createStore() {
    // a fresh schema per test on the one server of this JVM, through the store's own connection pool
    return JdbcRunStore.open(uri(PostgresServer.freshSchema()));
  }

  @Test
  @DisplayName("a jdbc:postgresql: URI opens a JdbcRunStore through RunStores, in the URL's schema")
  void discoveredByUri() {
    String schema = PostgresServer.freshSchema();
    try (RunStore store = RunStores.open(uri(schema))) {
      assertThat(store).isInstanceOf(JdbcRunStore.class);
      assertThat(store.describe()).contains(schema).doesNotContain("password");
      assertThat(store.experiments()).isEmpty();
    }
  }

  @Test
  @DisplayName("a registry opened on a jdbc:postgresql: URI keeps its runs in PostgreSQL, beside its versions")
  void registryOnPostgresKeepsRuns() {
    String schema = PostgresServer.freshSchema();
    String runId;
    try (ModelRegistry registry = ModelRegistry.builder().uri(uri(schema)).blobStore(new InMemoryBlobStore("mem:runs-test")).build()) {
      assertThat(registry.runStore()).isInstanceOf(JdbcRunStore.class);
      try (Run run = Tracking.of(registry).start("churn")) {
        runId = run.id();
        run.logParam("lr", "0.1").logMetric("acc", 0.9);
        run.register(Registration.bytes("churn", "model.bin", new byte[] {1, 2}, ArtifactFormat.RAW));
        run.finish();
      }
    }
    try (RunStore store = JdbcRunStore.of(PostgresServer.dataSource(), schema)) {
      RunRecord back = store.get(runId).orElseThrow();
      assertThat(back.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(back.params()).containsEntry("lr", "0.1");
      assertThat(back.versions()).extracting(v -> v.name() + "/" + v.version()).containsExactly("churn/1");
    }
  }

  @Test
  @DisplayName("on a host data source, runs share the schema with the registry's tables")
  void onDataSource() {
    String schema = PostgresServer.freshSchema();
    try (RunStore store = JdbcRunStore.of(PostgresServer.dataSource(), schema)) {
      RunRecord r = RunRecord.started("0".repeat(31) + "1", "e", "", Optional.empty(), Instant.EPOCH, Map.of());
      store.create(r);
      assertThat(store.get(r.runId())).contains(r);
    }
  }

  @Test
  @DisplayName("a selective parameter query on 1,500 runs is planned on the (key, value) index, not a scan")
  void queryUsesIndexes() {
    String schema = PostgresServer.freshSchema();
    try (JdbcRunStore store = JdbcRunStore.open(uri(schema))) {
      for (int i = 0; i < 1500; i++) {
        RunRecord r = new RunRecord(String.format("%032x", i + 1), "e" + (i % 3), "", Optional.empty(),
            RunStatus.FINISHED, Instant.EPOCH.plusSeconds(i), Optional.of(Instant.EPOCH.plusSeconds(i + 1)),
            Instant.EPOCH.plusSeconds(i + 1), Optional.empty(), Map.of("seed", String.valueOf(i)), Map.of(),
            Map.of("acc", i / 1500.0), Map.of(), List.of(), List.of(), Map.of(), List.of());
        store.importRun(new RunSnapshot(r, List.of()));
      }
      PostgresServer.execute("ANALYZE \"" + schema + "\".mlops_run_param");
      PostgresServer.execute("ANALYZE \"" + schema + "\".mlops_run");
      RunQuery q = RunQuery.builder().param("seed", "700").where("acc > 0.1").build();
      assertThat(store.explain(q)).contains("mlops_run_param_kv");
      assertThat(store.query(q)).extracting(RunRecord::runId).containsExactly(String.format("%032x", 701));
    }
  }
}
