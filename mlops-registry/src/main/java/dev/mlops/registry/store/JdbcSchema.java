package dev.mlops.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's PostgreSQL schema and its versioned migrations: a small ordered-script runner (the
 * scripts are resources {@code postgresql/V<n>__<what>.sql} beside this class), not Flyway, because
 * the registry has a handful of tables and one dialect, and a runner of fifty lines costs users no
 * dependency. The applied versions are rows of {@code mlops_schema_version}. Migration runs in one
 * transaction under a PostgreSQL advisory lock keyed by the schema name, so when many replicas start
 * at once exactly one applies each script and the others wait and find it applied. Stateless.
 */
final class JdbcSchema {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

  /** The migrations in order; the newest is the schema version this SDK writes. */
  static final List<String> MIGRATIONS = List.of("V1__registry.sql", "V2__runs.sql");

  /** The newest schema version this SDK knows. */
  static final int LATEST = MIGRATIONS.size();

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final long LOCK_BASE = 0x6d6c6f7073L << 32; // "mlops" in the high bits

  private JdbcSchema() {}

  /** Checks a schema name: lowercase letters, digits and underscores, as PostgreSQL folds them. */
  static String requireIdentifier(String schema) {
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema name '" + schema
          + "' must be 1 to 63 lowercase letters, digits or underscores, starting with a letter or underscore");
    }
    return schema;
  }

  /**
   * Brings the schema to {@link #LATEST} (if {@code migrate}) or checks that it is there, and returns the
   * version found before. Runs on its own transaction of {@code c}.
   */
  static int migrate(Connection c, String schema, boolean migrate, String store) throws SQLException {
    String q = "\"" + schema + "\"";
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, LOCK_BASE ^ (schema.hashCode() & 0xffffffffL));
        lock.execute();
      }
      int current = currentVersion(c, schema, q);
      if (current > LATEST) {
        throw new SchemaVersionException(store, current, LATEST, "The registry schema '" + schema + "' in " + store
            + " is at version " + current + ", newer than this SDK knows (" + LATEST + "); a newer SDK migrated it."
            + " Upgrade this SDK to the version the other replicas run.");
      }
      if (current < LATEST && !migrate) {
        throw new SchemaVersionException(store, current, LATEST, "The registry schema '" + schema + "' in " + store
            + " is at version " + current + " and this SDK needs " + LATEST + ", but schema migration is switched off."
            + " Start one replica with migration on, or run it with a role that may change the schema.");
      }
      try (Statement s = c.createStatement()) {
        for (int v = current + 1; v <= LATEST; v++) {
          String file = MIGRATIONS.get(v - 1);
          for (String sql : statements(script(file), q)) {
            s.execute(sql);
          }
          try (PreparedStatement ins = c.prepareStatement(
              "INSERT INTO " + q + ".mlops_schema_version (version, script) VALUES (?, ?)")) {
            ins.setInt(1, v);
            ins.setString(2, file);
            ins.executeUpdate();
          }
          LOG.info("Applied registry schema migration {} to schema {}", file, schema);
        }
      }
      c.commit();
      return current;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is given up by the caller
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the caller releases the connection either way
      }
    }
  }

  private static int currentVersion(Connection c, String schema, String q) throws SQLException {
    boolean exists;
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      p.setString(1, schema);
      try (ResultSet r = p.executeQuery()) {
        exists = r.next();
      }
    }
    try (Statement s = c.createStatement()) {
      if (!exists) {
        s.execute("CREATE SCHEMA " + q);
      }
      s.execute("CREATE TABLE IF NOT EXISTS " + q + ".mlops_schema_version ("
          + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + q + ".mlops_schema_version")) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Reads the current version without migrating (for verify). */
  static int readVersion(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM \"" + schema + "\".mlops_schema_version")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static String script(String file) {
    try (InputStream in = JdbcSchema.class.getResourceAsStream("postgresql/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the migration script " + file + " is missing from the SDK's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a script into statements at semicolons ending a line, dropping comment lines. */
  static List<String> statements(String script, String quotedSchema) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = cur.toString().strip();
        out.add(sql.substring(0, sql.length() - 1).replace("${schema}", quotedSchema));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      throw new IllegalStateException("a migration script ends without a semicolon");
    }
    return out;
  }
}
