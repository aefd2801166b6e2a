package dev.mlops.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.VersionStatus;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A {@link MetadataStore} in PostgreSQL, for many service replicas sharing one registry. It uses
 * only {@code java.sql}: the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}, an optional
 * dependency of this module) must be on the class path when a store is opened from a URL.
 *
 * <pre>{@code
 * // with the host application's connection pool
 * MetadataStore meta = JdbcMetadataStore.builder().dataSource(pool).schema("mlops").build();
 * // or from a URL, with a small pool of its own
 * MetadataStore meta = MetadataStores.open(URI.create("jdbc:postgresql://db:5432/app?currentSchema=mlops"));
 * }</pre>
 *
 * <p><b>Schema.</b> Tables live in one PostgreSQL schema ({@code public} unless set; from a URL, the
 * first entry of {@code currentSchema}). Opening the store creates or migrates them with versioned
 * scripts under an advisory lock, so replicas starting together migrate once; a schema newer than this
 * SDK knows is refused with {@link SchemaVersionException}.
 *
 * <p><b>Concurrency.</b> Every change runs in one transaction that first locks the model's row
 * ({@code SELECT ... FOR UPDATE}): version numbers and audit sequence numbers are allocated under that
 * lock, so they are gapless and unique across every JVM; the audit event is inserted in the same
 * transaction as the change. An alias compare-and-set is one conditional statement
 * ({@code UPDATE ... WHERE version = expected}, {@code INSERT ... ON CONFLICT DO NOTHING} when it must be
 * unset, {@code DELETE ... WHERE version = expected}) whose row count decides. Every statement is
 * prepared; values are never spliced into SQL. Deadlocks and serialization failures are retried a few
 * times; a lost connection raises {@link StoreException}.
 *
 * <p><b>Indexes.</b> Versions are keyed by {@code (name, version)} in the byte-order ("C") collation,
 * which serves lookups, paging ({@code version > after ORDER BY version LIMIT n}) and name-prefix
 * search; a B-tree on {@code registered_at} serves time ranges and a GIN index on the {@code tags}
 * JSONB column serves tag search ({@code tags @> '{"team":"risk"}'}). {@link #explainSearch} shows the
 * plan PostgreSQL picks.
 *
 * <p>Instances are thread-safe.
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final int BATCH = 1000;
  private static final String V_COLS = "name, version, kind, manifest_digest, manifest_json, registered_at, registered_by,"
      + " revision, status, status_reason, tags, description, signatures";
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

  private final JdbcConnections connections;
  private final String schema;
  private final String description;
  private final int schemaVersionFound;
  private final JdbcTransactions tx;

  // table names, schema-qualified and quoted (the schema name is validated)
  private final String tModel;
  private final String tVersion;
  private final String tAlias;
  private final String tAudit;

  private JdbcMetadataStore(JdbcConnections connections, String schema, String description, boolean migrate) {
    this.connections = connections;
    this.schema = schema;
    String q = "\"" + schema + "\"";
    this.tModel = q + ".mlops_model";
    this.tVersion = q + ".mlops_version";
    this.tAlias = q + ".mlops_alias";
    this.tAudit = q + ".mlops_audit";
    Connection c = null;
    boolean broken = false;
    String desc = description;
    try {
      c = connections.get();
      if (desc == null) {
        desc = withoutQuery(c.getMetaData().getURL()) + " (schema " + schema + ")";
      }
      this.schemaVersionFound = JdbcSchema.migrate(c, schema, migrate, desc);
    } catch (SQLException e) {
      broken = true;
      connections.close();
      String hint = String.valueOf(e.getMessage()).contains("No suitable driver")
          ? " Add the PostgreSQL JDBC driver (org.postgresql:postgresql) to the class path."
          : " Check the database is reachable and the role may create tables in the schema.";
      throw new StoreException(desc == null ? "jdbc (schema " + schema + ")" : desc, "Cannot open the registry schema '"
          + schema + "': " + e.getMessage() + " (SQL state " + e.getSQLState() + ")." + hint, e);
    } catch (RuntimeException e) {
      broken = true;
      connections.close();
      throw e;
    } finally {
      if (c != null) {
        connections.release(c, broken);
      }
    }
    this.description = desc;
    this.tx = new JdbcTransactions(connections, desc);
  }

  /**
   * Starts building a store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a store from a {@code jdbc:postgresql:} URI, with a pool of at most 8 connections (and the
   * driver's {@code reWriteBatchedInserts} on unless the URL sets it). Credentials
   * may be given as the URL's {@code user} and {@code password} parameters; they never appear in
   * {@link #describe()} or in messages.
   *
   * @param uri e.g. {@code jdbc:postgresql://db:5432/app?currentSchema=mlops&user=svc}
   * @return the store; close it to close its connections
   * @throws InvalidInputException if the URI is not a PostgreSQL JDBC URL
   * @throws StoreException if the database cannot be reached or its schema is unusable
   */
  public static JdbcMetadataStore open(URI uri) {
    return builder().url(uri.toString()).build();
  }

  /**
   * Returns the schema version the database held when this store opened it (0 for a new schema); the
   * store migrated it to the newest version.
   *
   * @return the version found
   */
  public int schemaVersionFound() {
    return schemaVersionFound;
  }

  /**
   * Returns the newest schema version this SDK knows and writes.
   *
   * @return the version
   */
  public static int latestSchemaVersion() {
    return JdbcSchema.LATEST;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public VersionRecord createVersion(String name, NewVersion v, AuditEvent event) {
    Names.requireModelName(name);
    return write("register a version of '" + name + "'", c -> {
      ModelRow m = lockModel(c, name, v.kind());
      if (m.lastVersion > 0 && m.kind != v.kind()) {
        throw StoreSupport.kindConflict(name, m.kind, v.kind());
      }
      int number = m.lastVersion + 1;
      VersionRecord r = new VersionRecord(new VersionId(name, number), v.kind(), v.manifestDigest(), v.manifestJson(),
          v.registeredAt(), v.registeredBy(), v.state());
      try (PreparedStatement p = c.prepareStatement(insertVersionSql())) {
        bindVersion(p, r);
        p.executeUpdate();
      }
      long seq = m.lastSeq + 1;
      insertAudit(c, StoreSupport.withVersion(event, number).withSequence(seq));
      updateModel(c, name, v.kind(), number, seq);
      return r;
    });
  }

  @Override
  public VersionRecord updateState(
      String name, int version, long expectedRevision, VersionState newState, AuditEvent event) {
    Names.requireModelName(name);
    return write("update " + name + "/" + version, c -> {
      ModelRow m = lockExistingModel(c, name).orElseThrow(() -> StoreSupport.versionNotFound(name, version));
      VersionRecord current = readVersion(c, name, version).orElseThrow(() -> StoreSupport.versionNotFound(name, version));
      StoreSupport.checkRevision(current, expectedRevision);
      if (newState.status() == VersionStatus.ARCHIVED) {
        StoreSupport.checkNoAlias(name, version, readAliases(c, name));
      }
      VersionState next = StoreSupport.revised(newState, expectedRevision);
      try (PreparedStatement p = c.prepareStatement("UPDATE " + tVersion + " SET revision = ?, status = ?, status_reason = ?,"
          + " tags = CAST(? AS jsonb), description = ?, signatures = CAST(? AS jsonb)"
          + " WHERE name = ? AND version = ? AND revision = ?")) {
        p.setLong(1, next.revision());
        p.setString(2, next.status().id());
        p.setString(3, next.statusReason());
        p.setString(4, json(next.tags()));
        p.setString(5, next.description());
        p.setString(6, signaturesJson(next.signatures()));
        p.setString(7, name);
        p.setInt(8, version);
        p.setLong(9, expectedRevision);
        if (p.executeUpdate() != 1) {
          StoreSupport.checkRevision(readVersion(c, name, version).orElseThrow(), expectedRevision);
          throw new IllegalStateException("the revision matched but the update changed no row");
        }
      }
      long seq = m.lastSeq + 1;
      insertAudit(c, StoreSupport.withVersion(event, version).withSequence(seq));
      updateModel(c, name, m.kind, m.lastVersion, seq);
      return current.withState(next);
    });
  }

  @Override
  public void compareAndSetAlias(String name, String alias, OptionalInt expected, OptionalInt target, AuditEvent event) {
    Names.requireModelName(name);
    Names.requireAlias(alias);
    write("move " + name + "@" + alias, c -> {
      ModelRow m = lockExistingModel(c, name).orElseThrow(() ->
          new NotFoundException("model", name, "Model '" + name + "' has no versions; register one first."));
      Integer now = readAlias(c, name, alias);
      StoreSupport.checkAlias(name, alias, expected, now);
      if (target.isPresent()) {
        VersionRecord t = readVersion(c, name, target.getAsInt())
            .orElseThrow(() -> StoreSupport.versionNotFound(name, target.getAsInt()));
        StoreSupport.checkNotArchived(t, alias);
      }
      int changed;
      if (expected.isEmpty() && target.isPresent()) {
        changed = update(c, "INSERT INTO " + tAlias + " (name, alias, version) VALUES (?, ?, ?) ON CONFLICT (name, alias) DO NOTHING",
            name, alias, target.getAsInt());
      } else if (expected.isPresent() && target.isPresent()) {
        changed = update(c, "UPDATE " + tAlias + " SET version = ? WHERE name = ? AND alias = ? AND version = ?",
            target.getAsInt(), name, alias, expected.getAsInt());
      } else if (expected.isPresent()) {
        changed = update(c, "DELETE FROM " + tAlias + " WHERE name = ? AND alias = ? AND version = ?",
            name, alias, expected.getAsInt());
      } else {
        changed = 1; // removing an alias that is expected to be unset, and is: nothing to change
      }
      if (changed != 1) {
        StoreSupport.checkAlias(name, alias, expected, readAlias(c, name, alias));
        throw new IllegalStateException("the alias matched but the compare-and-set changed no row");
      }
      long seq = m.lastSeq + 1;
      insertAudit(c, event.withSequence(seq));
      updateModel(c, name, m.kind, m.lastVersion, seq);
      return null;
    });
  }

  @Override
  public void importModel(ModelSnapshot snapshot) {
    String name = Names.requireModelName(snapshot.name());
    write("import model '" + name + "'", c -> {
      ArtifactKind kind = snapshot.versions().get(0).kind();
      ModelRow m = lockModel(c, name, kind);
      if (m.lastVersion > 0) {
        throw StoreSupport.importConflict(name, m.lastVersion);
      }
      try (PreparedStatement p = c.prepareStatement(insertVersionSql())) {
        int n = 0;
        for (VersionRecord r : snapshot.versions()) {
          bindVersion(p, r);
          p.addBatch();
          if (++n % BATCH == 0) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO " + tAlias + " (name, alias, version) VALUES (?, ?, ?)")) {
        for (Map.Entry<String, Integer> a : snapshot.aliases().entrySet()) {
          p.setString(1, name);
          p.setString(2, a.getKey());
          p.setInt(3, a.getValue());
          p.addBatch();
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement(insertAuditSql())) {
        int n = 0;
        for (AuditEvent e : snapshot.auditLog()) {
          bindAudit(p, e);
          p.addBatch();
          if (++n % BATCH == 0) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      updateModel(c, name, kind, snapshot.versions().size(), snapshot.auditLog().size());
      return null;
    });
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Optional<VersionRecord> getVersion(String name, int version) {
    Names.requireModelName(name);
    return read("read " + name + "/" + version, c -> readVersion(c, name, version));
  }

  @Override
  public List<Integer> versionNumbers(String name) {
    Names.requireModelName(name);
    return read("list the versions of '" + name + "'", c -> {
      List<Integer> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT version FROM " + tVersion + " WHERE name = ? ORDER BY version")) {
        p.setString(1, name);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.add(r.getInt(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<VersionRecord> listVersions(String name, int afterVersion, int limit) {
    Names.requireModelName(name);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return read("list the versions of '" + name + "'", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + V_COLS + " FROM " + tVersion
          + " WHERE name = ? AND version > ? ORDER BY version LIMIT ?")) {
        p.setString(1, name);
        p.setInt(2, afterVersion);
        p.setInt(3, limit);
        return versions(p);
      }
    });
  }

  @Override
  public List<VersionRecord> search(VersionQuery query) {
    return read("search versions", c -> {
      try (PreparedStatement p = searchStatement(c, query, "SELECT " + V_COLS + " FROM ")) {
        return versions(p);
      }
    });
  }

  /**
   * Returns PostgreSQL's plan for the statement {@link #search} runs for a query ({@code EXPLAIN}), to
   * check which indexes it uses on the data at hand.
   *
   * @param query the query
   * @return the plan, one line per plan node
   * @throws StoreException if the database cannot be reached
   */
  public String explainSearch(VersionQuery query) {
    return read("explain a search", c -> {
      try (PreparedStatement p = searchStatement(c, query, "EXPLAIN SELECT " + V_COLS + " FROM ");
           ResultSet r = p.executeQuery()) {
        StringBuilder out = new StringBuilder();
        while (r.next()) {
          out.append(r.getString(1)).append('\n');
        }
        return out.toString();
      }
    });
  }

  private PreparedStatement searchStatement(Connection c, VersionQuery q, String head) throws SQLException {
    StringBuilder sql = new StringBuilder(head).append(tVersion).append(" WHERE TRUE");
    List<Object> args = new ArrayList<>();
    if (!q.namePrefix().isEmpty()) {
      sql.append(" AND name LIKE ? ESCAPE '!'");
      args.add(q.namePrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
    }
    q.kind().ifPresent(k -> {
      sql.append(" AND kind = ?");
      args.add(k.id());
    });
    q.status().ifPresent(s -> {
      sql.append(" AND status = ?");
      args.add(s.id());
    });
    if (!q.tags().isEmpty()) {
      sql.append(" AND tags @> CAST(? AS jsonb)");
      args.add(json(new TreeMap<>(q.tags())));
    }
    q.registeredFrom().ifPresent(t -> {
      sql.append(" AND registered_at >= ?");
      args.add(timestamp(t));
    });
    q.registeredBefore().ifPresent(t -> {
      sql.append(" AND registered_at < ?");
      args.add(timestamp(t));
    });
    sql.append(" ORDER BY name, version");
    return JdbcTransactions.prepare(c, sql.toString(), args);
  }

  @Override
  public List<String> names() {
    return read("list the models", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT name FROM " + tModel + " WHERE last_version > 0 ORDER BY name");
           ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public Map<String, Integer> aliases(String name) {
    Names.requireModelName(name);
    return read("read the aliases of '" + name + "'", c -> java.util.Collections.unmodifiableMap(readAliases(c, name)));
  }

  @Override
  public OptionalInt alias(String name, String alias) {
    Names.requireModelName(name);
    return read("read " + name + "@" + alias, c -> {
      Integer v = readAlias(c, name, alias);
      return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    });
  }

  @Override
  public List<AuditEvent> auditLog(String name) {
    Names.requireModelName(name);
    return read("read the audit log of '" + name + "'", c -> readAudit(c, name));
  }

  /**
   * Reads a model in one repeatable-read transaction, so the snapshot is consistent even while other
   * replicas write.
   */
  @Override
  public Optional<ModelSnapshot> exportModel(String name) {
    Names.requireModelName(name);
    return tx.transaction("export model '" + name + "'", Connection.TRANSACTION_REPEATABLE_READ, c -> {
      List<VersionRecord> versions;
      try (PreparedStatement p = c.prepareStatement("SELECT " + V_COLS + " FROM " + tVersion + " WHERE name = ? ORDER BY version")) {
        p.setString(1, name);
        versions = versions(p);
      }
      if (versions.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new ModelSnapshot(name, versions, readAliases(c, name), readAudit(c, name)));
    });
  }

  /**
   * Checks the schema version and, per model, that version and audit numbers are gapless and match the
   * model's counters.
   */
  @Override
  public List<String> verify() {
    return read("verify the store", c -> {
      List<String> problems = new ArrayList<>();
      int v = JdbcSchema.readVersion(c, schema);
      if (v != JdbcSchema.LATEST) {
        problems.add("schema version is " + v + ", expected " + JdbcSchema.LATEST);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT m.name, m.last_version, m.last_audit_seq,"
          + " (SELECT COUNT(*) FROM " + tVersion + " v WHERE v.name = m.name),"
          + " (SELECT COALESCE(MAX(version), 0) FROM " + tVersion + " v WHERE v.name = m.name),"
          + " (SELECT COUNT(*) FROM " + tAudit + " a WHERE a.name = m.name),"
          + " (SELECT COALESCE(MAX(seq), 0) FROM " + tAudit + " a WHERE a.name = m.name)"
          + " FROM " + tModel + " m ORDER BY m.name");
           ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String n = r.getString(1);
          int last = r.getInt(2);
          long lastSeq = r.getLong(3);
          if (r.getLong(4) != last || r.getInt(5) != last) {
            problems.add("model " + n + " records " + last + " versions but holds " + r.getLong(4) + " up to " + r.getInt(5));
          }
          if (r.getLong(6) != lastSeq || r.getLong(7) != lastSeq) {
            problems.add("model " + n + " records " + lastSeq + " audit events but holds " + r.getLong(6) + " up to " + r.getLong(7));
          }
        }
      }
      return problems;
    });
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "JdbcMetadataStore[" + description + "]";
  }

  /** Closes the store's own connections (none when it uses the host application's data source). */
  @Override
  public void close() {
    connections.close();
  }

  // ------------------------------------------------------------------ statements

  private static final class ModelRow {
    final ArtifactKind kind;
    final int lastVersion;
    final long lastSeq;

    ModelRow(ArtifactKind kind, int lastVersion, long lastSeq) {
      this.kind = kind;
      this.lastVersion = lastVersion;
      this.lastSeq = lastSeq;
    }
  }

  /** Locks a model's row for the rest of the transaction, creating it (empty) if absent. */
  private ModelRow lockModel(Connection c, String name, ArtifactKind kind) throws SQLException {
    Optional<ModelRow> m = lockExistingModel(c, name);
    if (m.isPresent()) {
      return m.get();
    }
    update(c, "INSERT INTO " + tModel + " (name, kind, last_version, last_audit_seq) VALUES (?, ?, 0, 0)"
        + " ON CONFLICT (name) DO NOTHING", name, kind.id());
    return lockExistingModel(c, name).orElseThrow(() -> new IllegalStateException("the model row vanished"));
  }

  private Optional<ModelRow> lockExistingModel(Connection c, String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT kind, last_version, last_audit_seq FROM " + tModel + " WHERE name = ? FOR UPDATE")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new ModelRow(parsed(name, () -> ArtifactKind.fromId(r.getString(1))), r.getInt(2), r.getLong(3)));
      }
    }
  }

  private void updateModel(Connection c, String name, ArtifactKind kind, int lastVersion, long lastSeq) throws SQLException {
    update(c, "UPDATE " + tModel + " SET kind = ?, last_version = ?, last_audit_seq = ? WHERE name = ?",
        kind.id(), lastVersion, lastSeq, name);
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }

  private String insertVersionSql() {
    return "INSERT INTO " + tVersion + " (" + V_COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, CAST(? AS jsonb))";
  }

  private static void bindVersion(PreparedStatement p, VersionRecord r) throws SQLException {
    VersionState s = r.state();
    p.setString(1, r.id().name());
    p.setInt(2, r.id().version());
    p.setString(3, r.kind().id());
    p.setString(4, r.manifestDigest().toString());
    p.setString(5, r.manifestJson());
    p.setObject(6, timestamp(r.registeredAt()));
    p.setString(7, r.registeredBy());
    p.setLong(8, s.revision());
    p.setString(9, s.status().id());
    p.setString(10, s.statusReason());
    p.setString(11, json(s.tags()));
    p.setString(12, s.description());
    p.setString(13, signaturesJson(s.signatures()));
  }

  private String insertAuditSql() {
    return "INSERT INTO " + tAudit + " (name, seq, at, principal, action, version, key, previous, current)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  private void insertAudit(Connection c, AuditEvent e) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(insertAuditSql())) {
      bindAudit(p, e);
      p.executeUpdate();
    }
  }

  private static void bindAudit(PreparedStatement p, AuditEvent e) throws SQLException {
    p.setString(1, e.name());
    p.setLong(2, e.sequence());
    p.setObject(3, timestamp(e.at()));
    p.setString(4, e.principal());
    p.setString(5, e.action().id());
    p.setInt(6, e.version());
    p.setString(7, e.key());
    setOptional(p, 8, e.previous());
    setOptional(p, 9, e.current());
  }

  private static void setOptional(PreparedStatement p, int i, Optional<String> v) throws SQLException {
    if (v.isPresent()) {
      p.setString(i, v.get());
    } else {
      p.setNull(i, Types.VARCHAR);
    }
  }

  private Optional<VersionRecord> readVersion(Connection c, String name, int version) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + V_COLS + " FROM " + tVersion + " WHERE name = ? AND version = ?")) {
      p.setString(1, name);
      p.setInt(2, version);
      List<VersionRecord> out = versions(p);
      return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
    }
  }

  private List<VersionRecord> versions(PreparedStatement p) throws SQLException {
    List<VersionRecord> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        String name = r.getString(1);
        int version = r.getInt(2);
        String kind = r.getString(3);
        String digest = r.getString(4);
        String manifest = r.getString(5);
        Instant at = r.getObject(6, OffsetDateTime.class).toInstant();
        String by = r.getString(7);
        long revision = r.getLong(8);
        String status = r.getString(9);
        String reason = r.getString(10);
        String tags = r.getString(11);
        String desc = r.getString(12);
        String sigs = r.getString(13);
        out.add(parsed(name + "/" + version, () -> new VersionRecord(new VersionId(name, version), ArtifactKind.fromId(kind),
            Digest.parse(digest), manifest, at, by,
            new VersionState(revision, VersionStatus.fromId(status), reason, readTags(tags), desc, readSignatures(sigs)))));
      }
    }
    return out;
  }

  private Integer readAlias(Connection c, String name, String alias) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT version FROM " + tAlias + " WHERE name = ? AND alias = ?")) {
      p.setString(1, name);
      p.setString(2, alias);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getInt(1) : null;
      }
    }
  }

  private Map<String, Integer> readAliases(Connection c, String name) throws SQLException {
    Map<String, Integer> out = new TreeMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT alias, version FROM " + tAlias + " WHERE name = ? ORDER BY alias")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), r.getInt(2));
        }
      }
    }
    return out;
  }

  private List<AuditEvent> readAudit(Connection c, String name) throws SQLException {
    List<AuditEvent> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT seq, at, principal, action, version, key, previous, current FROM "
        + tAudit + " WHERE name = ? ORDER BY seq")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long seq = r.getLong(1);
          Instant at = r.getObject(2, OffsetDateTime.class).toInstant();
          String principal = r.getString(3);
          String action = r.getString(4);
          int version = r.getInt(5);
          String key = r.getString(6);
          Optional<String> prev = Optional.ofNullable(r.getString(7));
          Optional<String> cur = Optional.ofNullable(r.getString(8));
          out.add(parsed(name + " audit " + seq, () -> new AuditEvent(seq, at, principal, AuditAction.fromId(action), name,
              version, key, prev, cur)));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ JSON columns

  private static String json(Map<String, String> tags) {
    try {
      return RecordJson.MAPPER.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  private static String signaturesJson(List<ManifestSignature> sigs) {
    ArrayNode a = RecordJson.MAPPER.createArrayNode();
    for (ManifestSignature s : sigs) {
      a.addObject().put("keyId", s.keyId()).put("algorithm", s.algorithm()).put("value", s.value());
    }
    return a.toString();
  }

  private static Map<String, String> readTags(String json) {
    try {
      return RecordJson.MAPPER.readValue(json, TAGS);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("tags", "the tags column is not a JSON object of strings");
    }
  }

  private static List<ManifestSignature> readSignatures(String json) {
    try {
      List<ManifestSignature> out = new ArrayList<>();
      for (JsonNode s : RecordJson.MAPPER.readTree(json)) {
        out.add(new ManifestSignature(s.path("keyId").asText(), s.path("algorithm").asText(), s.path("value").asText()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("signatures", "the signatures column is not a JSON array");
    }
  }

  private static OffsetDateTime timestamp(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private interface Parse<T> {
    T get() throws SQLException;
  }

  private <T> T parsed(String what, Parse<T> parse) throws SQLException {
    try {
      return parse.get();
    } catch (InvalidInputException | IllegalArgumentException | NullPointerException e) {
      throw new IntegrityException(what, "a valid metadata row", String.valueOf(e.getMessage()),
          "The stored row of " + what + " in " + description + " is corrupt (" + e.getMessage()
              + "). Restore it from a backup; run verify() to list every problem.", e);
    }
  }

  // ------------------------------------------------------------------ transactions

  private <R> R read(String what, JdbcTransactions.Work<R> work) {
    return tx.read(what, work);
  }

  private <R> R write(String what, JdbcTransactions.Work<R> work) {
    return tx.transaction(what, Connection.TRANSACTION_READ_COMMITTED, work);
  }

  static String withoutQuery(String url) {
    if (url == null) {
      return "jdbc:?";
    }
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    int at = base.indexOf('@');
    int slashes = base.indexOf("//");
    if (at > 0 && slashes >= 0 && at > slashes) {
      base = base.substring(0, slashes + 2) + base.substring(at + 1); // drop user:password@
    }
    return base;
  }

  /**
   * Builds a {@link JdbcMetadataStore}: give a data source or a URL, and optionally a schema. Not
   * thread-safe.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private String schema;
    private Integer maxConnections;
    private Boolean migrate;

    private Builder() {}

    /**
     * Uses the host application's connection pool (which keeps ownership: {@link #close()} leaves it
     * open).
     *
     * @param ds the data source
     * @return this builder
     * @throws IllegalStateException if a data source or URL was already set
     */
    public Builder dataSource(DataSource ds) {
      requireNoSource();
      this.dataSource = Objects.requireNonNull(ds, "ds");
      return this;
    }

    /**
     * Connects with {@link java.sql.DriverManager} to a PostgreSQL JDBC URL, through a small pool of the
     * store's own. The URL's {@code currentSchema} parameter sets the schema unless
     * {@link #schema(String)} is called.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/app}
     * @return this builder
     * @throws InvalidInputException if the URL is not a PostgreSQL JDBC URL
     * @throws IllegalStateException if a data source or URL was already set
     */
    public Builder url(String jdbcUrl) {
      requireNoSource();
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new InvalidInputException("url", "'" + withoutQuery(jdbcUrl) + "' is not a PostgreSQL JDBC URL;"
            + " write jdbc:postgresql://host:port/database.");
      }
      this.url = jdbcUrl;
      return this;
    }

    /**
     * Sets the user for a URL connection (instead of the URL's {@code user} parameter).
     *
     * @param name the database role
     * @return this builder
     * @throws IllegalStateException if a user was already set
     */
    public Builder user(String name) {
      if (user != null) {
        throw new IllegalStateException("user was already set");
      }
      this.user = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the password for a URL connection; it is never logged or shown.
     *
     * @param secret the password
     * @return this builder
     * @throws IllegalStateException if a password was already set
     */
    public Builder password(String secret) {
      if (password != null) {
        throw new IllegalStateException("password was already set");
      }
      this.password = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * Sets the PostgreSQL schema holding the registry's tables (default {@code public}; created if
     * missing).
     *
     * @param name lowercase letters, digits and underscores
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     * @throws IllegalStateException if a schema was already set
     */
    public Builder schema(String name) {
      if (schema != null) {
        throw new IllegalStateException("schema was already set to " + schema);
      }
      this.schema = JdbcSchema.requireIdentifier(name);
      return this;
    }

    /**
     * Sets the most connections the store's own pool opens (URL only; default 8).
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException if it was already set
     */
    public Builder maxConnections(int max) {
      if (maxConnections != null) {
        throw new IllegalStateException("maxConnections was already set to " + maxConnections);
      }
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, got " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Chooses whether opening the store may create and migrate its tables (default {@code true}).
     * With {@code false}, a schema older than this SDK needs is refused with
     * {@link SchemaVersionException}, for deployments whose service role may not change the schema.
     *
     * @param allowed whether to migrate
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder migrate(boolean allowed) {
      if (migrate != null) {
        throw new IllegalStateException("migrate was already set to " + migrate);
      }
      this.migrate = allowed;
      return this;
    }

    /**
     * Opens the store: connects, and creates or migrates its schema.
     *
     * @return the store
     * @throws IllegalStateException if neither a data source nor a URL was given
     * @throws SchemaVersionException if the schema is newer than this SDK, or older with migration off
     * @throws StoreException if the database cannot be reached or the schema cannot be created
     */
    public JdbcMetadataStore build() {
      if (dataSource == null && url == null) {
        throw new IllegalStateException("give a data source or a JDBC URL");
      }
      String s = schema != null ? schema : url != null ? schemaFromUrl(url) : "public";
      boolean m = migrate == null || migrate;
      if (dataSource != null) {
        return new JdbcMetadataStore(JdbcConnections.of(dataSource), s, null, m);
      }
      Properties props = new Properties();
      if (user != null) {
        props.setProperty("user", user);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
      if (!url.contains("reWriteBatchedInserts")) {
        props.setProperty("reWriteBatchedInserts", "true"); // imports send multi-row INSERTs
      }
      return new JdbcMetadataStore(JdbcConnections.pool(url, props, maxConnections == null ? 8 : maxConnections), s,
          withoutQuery(url) + " (schema " + s + ")", m);
    }

    static String schemaFromUrl(String url) {
      int q = url.indexOf('?');
      if (q >= 0) {
        for (String param : url.substring(q + 1).split("&")) {
          if (param.startsWith("currentSchema=")) {
            String v = java.net.URLDecoder.decode(param.substring("currentSchema=".length()), java.nio.charset.StandardCharsets.UTF_8);
            String first = v.split(",")[0].strip();
            if (!first.isEmpty()) {
              return JdbcSchema.requireIdentifier(first);
            }
          }
        }
      }
      return "public";
    }

    private void requireNoSource() {
      if (dataSource != null || url != null) {
        throw new IllegalStateException("a data source or URL was already set");
      }
    }
  }

  /**
   * The {@link java.util.ServiceLoader} provider of {@code jdbc:postgresql:} stores. It touches no
   * driver class until a store is opened. Stateless and thread-safe.
   */
  public static final class Provider implements dev.mlops.registry.spi.MetadataStoreProvider {
    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public boolean supports(URI uri) {
      return "jdbc".equalsIgnoreCase(uri.getScheme()) && uri.getSchemeSpecificPart() != null
          && uri.getSchemeSpecificPart().startsWith("postgresql:");
    }

    @Override
    public MetadataStore open(URI uri) {
      return JdbcMetadataStore.open(uri);
    }
  }
}
