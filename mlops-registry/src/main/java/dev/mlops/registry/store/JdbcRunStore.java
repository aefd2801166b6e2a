package dev.mlops.registry.store;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.Names;
import dev.mlops.core.StoreException;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunStoreProvider;
import dev.mlops.registry.run.spi.RunUpdate;
import dev.mlops.registry.run.store.RunRecordJson;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A {@link RunStore} in PostgreSQL, beside {@link JdbcMetadataStore} in the same schema, so service
 * replicas on PostgreSQL keep their training runs there too. Opened from the same
 * {@code jdbc:postgresql:} URI as the metadata store (through {@link dev.mlops.registry.run.spi.RunStores}),
 * or from the host application's {@link DataSource}.
 *
 * <pre>{@code
 * RunStore runs = JdbcRunStore.of(pool, "mlops");           // or RunStores.open(URI.create("jdbc:postgresql://..."))
 * ModelRegistry registry = ModelRegistry.builder().blobStore(s3).metadataStore(meta).runStore(runs).build();
 * }</pre>
 *
 * <p><b>Tables</b> (migration {@code V2__runs.sql}, applied by the registry's migration runner):
 * {@code mlops_run} holds each run's whole record as JSON (the truth, exact to the nanosecond) and the
 * columns queries read (experiment, parent, status, start time); {@code mlops_run_param},
 * {@code mlops_run_tag} and {@code mlops_run_metric} (the latest value of each metric) are what
 * parameter, tag and metric filters read, each indexed by {@code (key, value, run_id)};
 * {@code mlops_run_metric_history} keeps every point in logging order.
 *
 * <p><b>Writes.</b> {@link #update} runs in one transaction: it locks the run's row
 * ({@code SELECT ... FOR UPDATE}), applies {@link RunUpdate#applyTo} to the stored record (so the
 * rules of {@link RunUpdate} hold, and concurrent updates to one run from any number of threads and
 * replicas are serialised and none is lost), writes the new record and the rows of the queried tables
 * that the change touched. Creating and importing a run are one transaction each.
 *
 * <p><b>Queries.</b> A {@link RunQuery} becomes one {@code SELECT} (see {@link RunQuery}'s javadoc):
 * {@code EXISTS} sub-queries on the parameter, tag and metric tables, the metric comparison as SQL
 * operator, {@code ORDER BY} the order metric's latest value (runs without it last), then start time
 * and id, and {@code LIMIT}. Every statement is prepared; values are never spliced into SQL.
 * {@link #explain} shows the plan PostgreSQL picks.
 *
 * <p>Instances are thread-safe.
 */
public final class JdbcRunStore implements RunStore {
  private final JdbcConnections connections;
  private final JdbcTransactions tx;
  private final String description;
  private final String tRun;
  private final String tParam;
  private final String tTag;
  private final String tMetric;
  private final String tHistory;

  private JdbcRunStore(JdbcConnections connections, String schema, String description) {
    this.connections = connections;
    String q = "\"" + schema + "\"";
    this.tRun = q + ".mlops_run";
    this.tParam = q + ".mlops_run_param";
    this.tTag = q + ".mlops_run_tag";
    this.tMetric = q + ".mlops_run_metric";
    this.tHistory = q + ".mlops_run_metric_history";
    this.description = description;
    this.tx = new JdbcTransactions(connections, description);
    tx.read("migrate the run tables of schema " + schema, c -> JdbcSchema.migrate(c, schema, true, description));
  }

  /**
   * Opens a store on the host application's connection pool (which keeps ownership: {@link #close()}
   * leaves it open), creating or migrating the schema.
   *
   * @param ds the data source
   * @param schema the PostgreSQL schema: the same as the registry's {@link JdbcMetadataStore}, so runs and
   *     versions share it (lowercase letters, digits and underscores; created if missing)
   * @return the store
   * @throws IllegalArgumentException if the schema name is not such an identifier
   * @throws SchemaVersionException if the schema is newer than this SDK knows
   * @throws StoreException if the database cannot be reached or the schema cannot be created
   */
  public static JdbcRunStore of(DataSource ds, String schema) {
    Objects.requireNonNull(ds, "ds");
    String s = JdbcSchema.requireIdentifier(schema);
    return new JdbcRunStore(JdbcConnections.of(ds), s, "jdbc data source (schema " + s + ")");
  }

  /**
   * Opens a store from a {@code jdbc:postgresql:} URI, with a pool of at most 8 connections of its own;
   * the schema is the URL's first {@code currentSchema} entry (default {@code public}), as for
   * {@link JdbcMetadataStore#open(URI)}. Credentials may be the URL's {@code user} and {@code password}
   * parameters; they never appear in {@link #describe()} or in messages.
   *
   * @param uri e.g. {@code jdbc:postgresql://db:5432/app?currentSchema=mlops&user=svc}
   * @return the store; close it to close its connections
   * @throws InvalidInputException if the URI is not a PostgreSQL JDBC URL
   * @throws SchemaVersionException if the schema is newer than this SDK knows
   * @throws StoreException if the database cannot be reached or its schema is unusable
   */
  public static JdbcRunStore open(URI uri) {
    String url = uri.toString();
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new InvalidInputException("uri", "'" + JdbcMetadataStore.withoutQuery(url)
          + "' is not a PostgreSQL JDBC URL; write jdbc:postgresql://host:port/database.");
    }
    String s = JdbcMetadataStore.Builder.schemaFromUrl(url);
    JdbcConnections pool = JdbcConnections.pool(url, new java.util.Properties(), 8);
    try {
      return new JdbcRunStore(pool, s, JdbcMetadataStore.withoutQuery(url) + " (schema " + s + ")");
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void create(RunRecord run) {
    Objects.requireNonNull(run, "run");
    write("create run " + run.runId(), c -> {
      insertRun(c, run);
      writeIndexed(c, run, run, List.of());
      return null;
    });
  }

  @Override
  public void importRun(RunSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    RunRecord run = snapshot.run();
    write("import run " + run.runId(), c -> {
      insertRun(c, run);
      writeIndexed(c, run, run, snapshot.history());
      return null;
    });
  }

  @Override
  public RunRecord update(String runId, RunUpdate update) {
    RunRecord.requireRunId(runId);
    Objects.requireNonNull(update, "update");
    return write("update run " + runId, c -> {
      RunRecord current;
      try (PreparedStatement p = c.prepareStatement("SELECT record::text FROM " + tRun + " WHERE id = ? FOR UPDATE")) {
        p.setString(1, runId);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next()) {
            throw notFound(runId);
          }
          current = parse(runId, r.getString(1));
        }
      }
      RunRecord next = update.applyTo(current);
      try (PreparedStatement p = c.prepareStatement("UPDATE " + tRun + " SET status = ?, record = ?::jsonb WHERE id = ?")) {
        p.setString(1, next.status().name());
        p.setString(2, RunRecordJson.write(next));
        p.setString(3, runId);
        p.executeUpdate();
      }
      List<MetricPoint> points = update instanceof RunUpdate.Metrics ? ((RunUpdate.Metrics) update).points() : List.of();
      writeIndexed(c, current, next, points);
      return next;
    });
  }

  private void insertRun(Connection c, RunRecord run) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + tRun + " (id, experiment, parent_run_id, status,"
        + " started_s, started_n, record) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING")) {
      p.setString(1, run.runId());
      p.setString(2, run.experiment());
      if (run.parentRunId().isPresent()) {
        p.setString(3, run.parentRunId().get());
      } else {
        p.setNull(3, Types.VARCHAR);
      }
      p.setString(4, run.status().name());
      p.setLong(5, run.startedAt().getEpochSecond());
      p.setInt(6, run.startedAt().getNano());
      p.setString(7, RunRecordJson.write(run));
      if (p.executeUpdate() == 0) {
        throw new ConflictException("run " + run.runId(), "a new id", "an existing run", "Run " + run.runId()
            + " already exists in " + description + "; run ids are unique.");
      }
    }
  }

  /** Writes the parameters, tags and latest metrics that changed from {@code before} to {@code after}, and the points. */
  private void writeIndexed(Connection c, RunRecord before, RunRecord after, List<MetricPoint> points)
      throws SQLException {
    upsert(c, tParam, after.runId(), changed(before == after ? Map.of() : before.params(), after.params()));
    upsert(c, tTag, after.runId(), changed(before == after ? Map.of() : before.tags(), after.tags()));
    Map<String, Object> metrics = new LinkedHashMap<>();
    after.metrics().forEach((k, v) -> {
      if (before == after || !v.equals(before.metrics().get(k))) {
        metrics.put(k, v);
      }
    });
    upsert(c, tMetric, after.runId(), metrics);
    if (points.isEmpty()) {
      return;
    }
    long seq;
    try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + tHistory + " WHERE run_id = ?")) {
      p.setString(1, after.runId());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        seq = r.getLong(1);
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + tHistory
        + " (run_id, seq, key, value, step, at) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (MetricPoint m : points) {
        p.setString(1, after.runId());
        p.setLong(2, ++seq);
        p.setString(3, m.key());
        p.setDouble(4, m.value());
        p.setLong(5, m.step());
        p.setString(6, m.timestamp().toString());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static Map<String, Object> changed(Map<String, String> before, Map<String, String> after) {
    Map<String, Object> out = new LinkedHashMap<>();
    after.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Inserts or replaces (run, key) rows of a parameter, tag or metric table. */
  private static void upsert(Connection c, String table, String runId, Map<String, Object> values) throws SQLException {
    if (values.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " (run_id, key, value) VALUES (?, ?, ?)"
        + " ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value")) {
      for (Map.Entry<String, Object> e : values.entrySet()) {
        p.setString(1, runId);
        p.setString(2, e.getKey());
        p.setObject(3, e.getValue());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Optional<RunRecord> get(String runId) {
    RunRecord.requireRunId(runId);
    return tx.read("read run " + runId, c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT record::text FROM " + tRun + " WHERE id = ?")) {
        p.setString(1, runId);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(parse(runId, r.getString(1))) : Optional.<RunRecord>empty();
        }
      }
    });
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    RunRecord.requireRunId(runId);
    Names.requireTagKey(key);
    return tx.read("read the history of metric '" + key + "' of run " + runId, c -> {
      if (!exists(c, runId)) {
        throw notFound(runId);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT key, value, step, at FROM " + tHistory
          + " WHERE run_id = ? AND key = ? ORDER BY seq")) {
        p.setString(1, runId);
        p.setString(2, key);
        return points(runId, p);
      }
    });
  }

  @Override
  public Optional<RunSnapshot> exportRun(String runId) {
    RunRecord.requireRunId(runId);
    return tx.transaction("export run " + runId, Connection.TRANSACTION_REPEATABLE_READ, c -> {
      RunRecord run;
      try (PreparedStatement p = c.prepareStatement("SELECT record::text FROM " + tRun + " WHERE id = ?")) {
        p.setString(1, runId);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next()) {
            return Optional.<RunSnapshot>empty();
          }
          run = parse(runId, r.getString(1));
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT key, value, step, at FROM " + tHistory
          + " WHERE run_id = ? ORDER BY key, seq")) {
        p.setString(1, runId);
        List<MetricPoint> history = points(runId, p);
        return Optional.of(parsed(runId, () -> new RunSnapshot(run, history)));
      }
    });
  }

  private List<MetricPoint> points(String runId, PreparedStatement p) throws SQLException {
    List<MetricPoint> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        String k = r.getString(1);
        double v = r.getDouble(2);
        long step = r.getLong(3);
        String at = r.getString(4);
        out.add(parsed(runId, () -> new MetricPoint(k, v, step, Instant.parse(at))));
      }
    }
    return out;
  }

  @Override
  public List<RunRecord> query(RunQuery query) {
    Objects.requireNonNull(query, "query");
    return tx.read("query runs", c -> {
      List<RunRecord> out = new ArrayList<>();
      try (PreparedStatement p = queryStatement(c, query, "SELECT r.id, r.record::text")) {
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.add(parse(r.getString(1), r.getString(2)));
          }
        }
      }
      return List.copyOf(out);
    });
  }

  /**
   * Shows the plan PostgreSQL picks for a query ({@code EXPLAIN}), to check that it uses the indexes.
   *
   * @param query the query
   * @return the plan, one line per row of {@code EXPLAIN}'s output
   * @throws StoreException if the database cannot be read
   */
  public String explain(RunQuery query) {
    Objects.requireNonNull(query, "query");
    return tx.read("explain a run query", c -> {
      StringBuilder s = new StringBuilder();
      try (PreparedStatement p = queryStatement(c, query, "EXPLAIN SELECT r.id, r.record::text");
           ResultSet r = p.executeQuery()) {
        while (r.next()) {
          s.append(r.getString(1)).append('\n');
        }
      }
      return s.toString();
    });
  }

  private PreparedStatement queryStatement(Connection c, RunQuery q, String head) throws SQLException {
    StringBuilder sql = new StringBuilder(head).append(" FROM ").append(tRun).append(" r");
    List<Object> args = new ArrayList<>();
    if (q.orderMetric().isPresent()) {
      sql.append(" LEFT JOIN ").append(tMetric).append(" o ON o.run_id = r.id AND o.key = ?");
      args.add(q.orderMetric().get());
    }
    sql.append(" WHERE TRUE");
    if (q.experiment().isPresent()) {
      sql.append(" AND r.experiment = ?");
      args.add(q.experiment().get());
    }
    if (q.parentRunId().isPresent()) {
      sql.append(" AND r.parent_run_id = ?");
      args.add(q.parentRunId().get());
    }
    if (!q.statuses().isEmpty()) {
      sql.append(" AND r.status IN (");
      String sep = "";
      for (RunStatus s : q.statuses()) {
        sql.append(sep).append('?');
        args.add(s.name());
        sep = ", ";
      }
      sql.append(')');
    }
    for (Map.Entry<String, String> e : q.params().entrySet()) {
      sql.append(" AND EXISTS (SELECT 1 FROM ").append(tParam)
          .append(" p WHERE p.run_id = r.id AND p.key = ? AND p.value = ?)");
      args.add(e.getKey());
      args.add(e.getValue());
    }
    for (Map.Entry<String, String> e : q.tags().entrySet()) {
      sql.append(" AND EXISTS (SELECT 1 FROM ").append(tTag)
          .append(" t WHERE t.run_id = r.id AND t.key = ? AND t.value = ?)");
      args.add(e.getKey());
      args.add(e.getValue());
    }
    for (RunQuery.MetricFilter f : q.metrics()) {
      // the operator comes from a closed enum, never from the caller's text
      String op = f.comparison() == RunQuery.Comparison.NE ? "<>" : f.comparison().symbol();
      sql.append(" AND EXISTS (SELECT 1 FROM ").append(tMetric)
          .append(" m WHERE m.run_id = r.id AND m.key = ? AND m.value ").append(op).append(" ?)");
      args.add(f.key());
      args.add(f.value());
    }
    sql.append(" ORDER BY ");
    if (q.orderMetric().isPresent()) {
      sql.append("(o.value IS NULL), o.value").append(q.descending() ? " DESC" : "").append(", ");
    }
    sql.append("r.started_s, r.started_n, r.id LIMIT ?");
    args.add(q.limit());
    return JdbcTransactions.prepare(c, sql.toString(), args);
  }

  @Override
  public List<String> experiments() {
    return tx.read("list experiments", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT experiment FROM " + tRun + " ORDER BY experiment");
           ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return List.copyOf(out);
    });
  }

  @Override
  public void forEachArtifactDigest(Consumer<Digest> visitor) {
    List<Digest> all = tx.read("list run artifacts", c -> {
      List<Digest> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT id, record::text FROM " + tRun
          + " WHERE jsonb_array_length(record -> 'artifacts') > 0");
           ResultSet r = p.executeQuery()) {
        while (r.next()) {
          for (ArtifactRef a : parse(r.getString(1), r.getString(2)).artifacts()) {
            out.add(a.digest());
          }
        }
      }
      return out;
    });
    all.forEach(visitor);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "JdbcRunStore[" + description + "]";
  }

  /** Closes the store's own connection pool; a host application's data source stays open. */
  @Override
  public void close() {
    connections.close();
  }

  // ------------------------------------------------------------------ helpers

  private <R> R write(String what, JdbcTransactions.Work<R> work) {
    return tx.transaction(what, Connection.TRANSACTION_READ_COMMITTED, work);
  }

  private boolean exists(Connection c, String runId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM " + tRun + " WHERE id = ?")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private NotFoundException notFound(String runId) {
    return new NotFoundException("run", runId, "Run " + runId + " does not exist in " + description + ".");
  }

  private RunRecord parse(String runId, String json) {
    return parsed(runId, () -> RunRecordJson.read(json));
  }

  private interface Parse<T> {
    T get();
  }

  private <T> T parsed(String runId, Parse<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
      throw new IntegrityException("run " + runId, "a valid run row", String.valueOf(e.getMessage()),
          "The stored row of run " + runId + " in " + description + " is corrupt (" + e.getMessage()
              + "). Restore it from a backup.", e);
    }
  }

  /**
   * The {@link java.util.ServiceLoader} provider of {@code jdbc:postgresql:} run stores. It touches no
   * driver class until a store is opened. Stateless and thread-safe.
   */
  public static final class Provider implements RunStoreProvider {
    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public boolean supports(URI uri) {
      return new JdbcMetadataStore.Provider().supports(uri);
    }

    @Override
    public RunStore open(URI uri) {
      return JdbcRunStore.open(uri);
    }
  }
}
