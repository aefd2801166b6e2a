package dev.mlops.testing.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.StoreException;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.MetadataStores;
import dev.mlops.registry.store.JdbcMetadataStore;
import dev.mlops.registry.store.SchemaVersionException;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JdbcMetadataStore: schema migrations, discovery and configuration")
class JdbcSchemaTest {

  private static int count(String sql) throws Exception {
    try (Connection c = PostgresServer.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  @DisplayName("a new schema is created at the latest version, and reopening finds it there without migrating again")
  void newSchema_migratedOnce() throws Exception {
    String schema = PostgresServer.freshSchema();
    try (JdbcMetadataStore first = JdbcMetadataStore.builder().dataSource(PostgresServer.dataSource()).schema(schema).build()) {
      assertThat(first.schemaVersionFound()).isZero();
    }
    try (JdbcMetadataStore again = JdbcMetadataStore.builder().dataSource(PostgresServer.dataSource()).schema(schema).build()) {
      assertThat(again.schemaVersionFound()).isEqualTo(JdbcMetadataStore.latestSchemaVersion());
      assertThat(again.verify()).isEmpty();
    }
    assertThat(count("SELECT COUNT(*) FROM " + schema + ".mlops_schema_version")).isEqualTo(JdbcMetadataStore.latestSchemaVersion());
  }

  @Test
  @DisplayName("8 replicas opening one new schema at the same instant all succeed, and the schema is migrated exactly once")
  void replicasStartingTogether_migrateOnce() throws Exception {
    String schema = PostgresServer.freshSchema();
    int replicas = 8;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> found = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        found.add(pool.submit(() -> {
          go.await();
          try (JdbcMetadataStore s = JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(schema).build()) {
            return s.schemaVersionFound();
          }
        }));
      }
      go.countDown();
      List<Integer> versions = new ArrayList<>();
      for (Future<Integer> f : found) {
        versions.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(versions.stream().filter(v -> v == 0).count()).as("replicas that found an empty schema").isEqualTo(1);
      assertThat(versions).containsOnly(0, JdbcMetadataStore.latestSchemaVersion());
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT COUNT(*) FROM " + schema + ".mlops_schema_version")).isEqualTo(JdbcMetadataStore.latestSchemaVersion());
  }

  @Test
  @DisplayName("a schema newer than this SDK knows is refused with SchemaVersionException naming both versions")
  void newerSchema_refused() {
    String schema = PostgresServer.freshSchema();
    JdbcMetadataStore.builder().dataSource(PostgresServer.dataSource()).schema(schema).build().close();
    PostgresServer.execute("INSERT INTO " + schema + ".mlops_schema_version (version, script) VALUES (99, 'V99__future.sql')");
    assertThatThrownBy(() -> JdbcMetadataStore.builder().dataSource(PostgresServer.dataSource()).schema(schema).build())
        .isInstanceOfSatisfying(SchemaVersionException.class, e -> {
          assertThat(e.found()).isEqualTo(99);
          assertThat(e.supported()).isEqualTo(JdbcMetadataStore.latestSchemaVersion());
          assertThat(e.getMessage()).contains("newer than this SDK").contains("Upgrade");
        });
  }

  @Test
  @DisplayName("with migration switched off, an empty schema is refused with SchemaVersionException and left untouched")
  void migrationOff_refusesOldSchema() throws Exception {
    String schema = PostgresServer.freshSchema();
    assertThatThrownBy(() -> JdbcMetadataStore.builder().dataSource(PostgresServer.dataSource()).schema(schema).migrate(false).build())
        .isInstanceOfSatisfying(SchemaVersionException.class, e -> assertThat(e.found()).isZero());
    assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema
        + "' AND table_name = 'mlops_model'")).isZero();
  }

  @Test
  @DisplayName("MetadataStores.open finds the PostgreSQL store for a jdbc:postgresql: URI; its description holds no credentials")
  void discoveredFromUri() {
    String schema = PostgresServer.freshSchema();
    URI uri = URI.create(PostgresServer.jdbcUrl() + "&password=s3cret-pw&currentSchema=" + schema);
    try (MetadataStore s = MetadataStores.open(uri)) {
      assertThat(s).isInstanceOf(JdbcMetadataStore.class);
      assertThat(s.describe()).contains("jdbc:postgresql://").contains(schema).doesNotContain("s3cret-pw").doesNotContain("user=");
      assertThat(s.names()).isEmpty();
    }
  }

  @Test
  @DisplayName("an unreachable database raises StoreException saying what to check")
  void unreachable_storeException() {
    assertThatThrownBy(() -> JdbcMetadataStore.builder().url("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2")
        .user("nobody").password("secret-pw").build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("reachable")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  @DisplayName("a URL of another database and an invalid schema name are refused before connecting")
  void badConfiguration_refused() {
    assertThatThrownBy(() -> JdbcMetadataStore.builder().url("jdbc:mysql://db/x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> JdbcMetadataStore.builder().schema("Robert'); DROP TABLE x;--"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcMetadataStore.builder().build()).isInstanceOf(IllegalStateException.class);
  }
}
