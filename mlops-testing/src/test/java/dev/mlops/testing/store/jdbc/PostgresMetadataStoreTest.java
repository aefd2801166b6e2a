package dev.mlops.testing.store.jdbc;

import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.store.JdbcMetadataStore;
import dev.mlops.testing.store.MetadataStoreCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcMetadataStore on PostgreSQL passes the metadata store compatibility kit")
class PostgresMetadataStoreTest extends MetadataStoreCompatibilityKit {

  @Override
  protected MetadataStore createStore() {
    // a fresh schema per test on the one server of this JVM, through the store's own connection pool
    return JdbcMetadataStore.builder().url(PostgresServer.jdbcUrl()).schema(PostgresServer.freshSchema())
        .maxConnections(16).build();
  }
}
