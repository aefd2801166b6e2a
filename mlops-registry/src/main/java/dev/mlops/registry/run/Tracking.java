package dev.mlops.registry.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunUpdate;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training runs over a {@link ModelRegistry}: start runs in experiments, query and compare them,
 * follow lineage between runs and versions, and reproduce runs of registered entry points. Runs live
 * in the registry's {@link RunStore} ({@link ModelRegistry#runStore()}: under the registry root for
 * {@code file:} registries), artifacts in its blob store.
 *
 * <pre>{@code
 * Tracking tracking = Tracking.of(registry);
 * ModelVersion v = tracking.run("iris", "lr", run -> {       // FINISHED, or FAILED and rethrown
 *   run.logParam("epochs", "5");
 *   Model<Label> model = trainer.train(data);
 *   run.logMetric("accuracy", accuracy);
 *   return run.register(Registration.model("iris-classifier", model));
 * });
 * tracking.query(RunQuery.builder().experiment("iris").where("accuracy > 0.9")
 *     .orderByMetric("accuracy", true).build());
 * tracking.runOf(v);                                          // the run that made v
 * }</pre>
 *
 * <p>Every run records the {@link Environment} at its start. Instances are thread-safe; runs may be
 * started and logged from many threads.
 */
public final class Tracking {
  private static final Logger LOG = LoggerFactory.getLogger(Tracking.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * One JVM-wide daemon thread beats for every running run. Cancelled beats leave the queue at once
   * and the thread ends after a second without runs, so no thread outlives the last run (a host
   * that waits for its threads to end, such as exec:java, is not held up).
   */
  private static final ScheduledExecutorService HEARTBEATS = heartbeatScheduler();

  private static ScheduledExecutorService heartbeatScheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "mlops-run-heartbeat");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    s.setKeepAliveTime(1, TimeUnit.SECONDS);
    s.allowCoreThreadTimeOut(true);
    return s;
  }

  private final ModelRegistry registry;
  private final RunStore store;
  private final Clock clock;
  private final Duration heartbeatInterval;
  private final boolean hostAndUser;
  private final Map<String, TrainingEntryPoint> entryPoints;
  private volatile Map<String, String> environment;

  private Tracking(Builder b) {
    this.registry = b.registry;
    this.store = b.registry.runStore();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.heartbeatInterval = b.heartbeat != null ? b.heartbeat : Duration.ofSeconds(10);
    this.hostAndUser = b.hostAndUser;
    this.entryPoints = Map.copyOf(b.entryPoints);
  }

  /**
   * Tracking with the defaults: 10-second heartbeats, no host or user names, no named entry points.
   *
   * @param registry the registry (its run store and blob store are used)
   * @return the tracking
   */
  public static Tracking of(ModelRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Starts building tracking over a registry.
   *
   * @param registry the registry
   * @return a builder
   */
  public static Builder builder(ModelRegistry registry) {
    return new Builder(registry);
  }

  // ------------------------------------------------------------------ runs

  /**
   * Starts a run without a name.
   *
   * @param experiment the experiment (lowercase, like model names)
   * @return the open run; end it with {@link Run#finish()} or close it
   */
  public Run start(String experiment) {
    return start(experiment, "", Optional.empty());
  }

  /**
   * Starts a run.
   *
   * @param experiment the experiment (lowercase, like model names)
   * @param name a name for the run
   * @return the open run; end it with {@link Run#finish()} or close it
   */
  public Run start(String experiment, String name) {
    return start(experiment, name, Optional.empty());
  }

  Run start(String experiment, String name, Optional<String> parent) {
    Names.requireModelName(experiment);
    Names.requireTagValue(name);
    String id = newRunId();
    RunRecord r = RunRecord.started(id, experiment, name, parent, now(), environment());
    store.create(r);
    Run run = new Run(this, r);
    long ms = heartbeatInterval.toMillis();
    run.heartbeat(HEARTBEATS.scheduleAtFixedRate(() -> beat(run), ms, ms, TimeUnit.MILLISECONDS));
    LOG.debug("Started run {} in experiment {}", id, experiment);
    return run;
  }

  private void beat(Run run) {
    if (run.isEnded()) {
      return;
    }
    try {
      store.update(run.id(), new RunUpdate.Heartbeat(now()));
    } catch (RuntimeException e) {
      LOG.debug("Heartbeat of run {} failed: {}", run.id(), e.getMessage());
    }
  }

  /**
   * Runs training code inside a new run: FINISHED if it returns; FAILED with the exception's summary
   * if it throws, and the exception is rethrown unchanged (same instance).
   *
   * @param experiment the experiment
   * @param name the run's name
   * @param body the training code
   * @param <T> the result type
   * @param <E> the checked exception type
   * @return what the body returned
   * @throws E what the body threw
   */
  public <T, E extends Exception> T run(String experiment, String name, RunBody<T, E> body) throws E {
    Objects.requireNonNull(body, "body");
    Run run = start(experiment, name);
    return runIn(run, body);
  }

  static <T, E extends Exception> T runIn(Run run, RunBody<T, E> body) throws E {
    T result;
    try {
      result = body.apply(run);
    } catch (Throwable t) {
      if (!run.isEnded()) {
        try {
          run.fail(t);
        } catch (RuntimeException recordFailure) {
          t.addSuppressed(recordFailure);
        }
      }
      throw t;
    }
    if (!run.isEnded()) {
      run.finish();
    }
    return result;
  }

  /**
   * Reads a run.
   *
   * @param runId the id
   * @return the run, or empty
   */
  public Optional<RunRecord> get(String runId) {
    return store.get(runId);
  }

  /**
   * Reads a run that must exist.
   *
   * @param runId the id
   * @return the run
   * @throws NotFoundException if it does not exist
   */
  public RunRecord require(String runId) {
    return store.get(runId).orElseThrow(() -> new NotFoundException("run", runId, "Run " + runId
        + " does not exist in " + store.describe() + "; query the experiment's runs to find it."));
  }

  /**
   * Runs a query in the run store.
   *
   * @param query the query
   * @return the matching runs, ordered
   */
  public List<RunRecord> query(RunQuery query) {
    return store.query(Objects.requireNonNull(query, "query"));
  }

  /**
   * Reads the history of a metric.
   *
   * @param runId the run
   * @param key the metric
   * @return its points in logging order
   */
  public List<MetricPoint> metricHistory(String runId, String key) {
    return store.metricHistory(runId, key);
  }

  /**
   * Lists the experiments.
   *
   * @return the names, sorted
   */
  public List<String> experiments() {
    return store.experiments();
  }

  /**
   * Reads an artifact of a run, verified against its digest.
   *
   * @param runId the run
   * @param path the artifact's path
   * @return the bytes
   * @throws NotFoundException if the run or the artifact does not exist
   */
  public byte[] readArtifact(String runId, String path) {
    ArtifactRef a = require(runId).artifact(path).orElseThrow(() -> new NotFoundException("artifact",
        runId + ":" + path, "Run " + runId + " has no artifact '" + path + "'."));
    return registry.blobStore().read(a.digest());
  }

  /**
   * Compares two runs side by side.
   *
   * @param leftRunId the first run
   * @param rightRunId the second run
   * @return every difference in params, metrics, seeds, data sets, environment and provenance
   */
  public RunComparison compare(String leftRunId, String rightRunId) {
    RunRecord a = require(leftRunId);
    RunRecord b = require(rightRunId);
    return new RunComparison(a, b, Difference.between(a.params(), b.params()),
        Difference.between(a.metrics(), b.metrics()), Difference.between(a.seeds(), b.seeds()),
        Difference.between(datasets(a), datasets(b)), Difference.between(a.environment(), b.environment()),
        Difference.between(provenance(a), provenance(b)));
  }

  private static Map<String, String> datasets(RunRecord r) {
    Map<String, String> m = new TreeMap<>();
    r.datasets().forEach(d -> m.put(d.role() + ":" + d.source(), d.digest().toString()));
    return m;
  }

  /**
   * Reads a run's flattened provenance artifact ({@value Run#PROVENANCE_ARTIFACT}).
   *
   * @param r the run
   * @return key to value; empty if the run logged none
   */
  public Map<String, String> provenance(RunRecord r) {
    if (r.artifact(Run.PROVENANCE_ARTIFACT).isEmpty()) {
      return Map.of();
    }
    try {
      JsonNode n = JSON.readTree(readArtifact(r.runId(), Run.PROVENANCE_ARTIFACT));
      Map<String, String> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
      return m;
    } catch (IOException e) {
      throw new InvalidInputException("provenance", "The provenance artifact of run " + r.runId()
          + " is not a JSON object: " + e.getMessage());
    }
  }

  /**
   * Opens the bytes of a recorded data set input by its digest: for a registered version
   * ({@code registry:NAME/N}) its single file, after checking that the version's manifest digest is
   * the recorded one; otherwise the blob with that digest. Entry points read their data through this
   * so that a reproduction reads exactly the recorded bytes.
   *
   * @param input the input, e.g. from {@link TrainingConfig#datasets()}
   * @return a verifying stream; close it
   * @throws NotFoundException if neither the version nor a blob with the digest exists
   * @throws dev.mlops.core.IntegrityException if the version's digest is not the recorded one
   * @throws InvalidInputException if the version holds more than one file
   */
  public java.io.InputStream openDataset(DatasetInput input) {
    Objects.requireNonNull(input, "input");
    if (input.source().startsWith("registry:")) {
      ModelVersion v = registry.get(input.source().substring("registry:".length()));
      if (!v.manifestDigest().equals(input.digest())) {
        throw new dev.mlops.core.IntegrityException(v.id().toString(), input.digest().toString(),
            v.manifestDigest().toString(), "Data set " + v.id() + " is not the recorded one (digest "
                + input.digest() + "); the recorded data is gone from this registry.");
      }
      if (v.manifest().files().size() != 1) {
        throw new InvalidInputException("dataset", v.id() + " holds " + v.manifest().files().size()
            + " files; open them with ModelRegistry.openFile.");
      }
      return registry.openFile(v.id().toString(), v.manifest().files().get(0).path());
    }
    if (!registry.blobStore().contains(input.digest())) {
      throw new NotFoundException("dataset", input.digest().toString(), "No data with digest " + input.digest()
          + " is in the registry; register the data set or log the file as an artifact of the run.");
    }
    return registry.blobStore().open(input.digest());
  }

  // ------------------------------------------------------------------ lineage

  /**
   * Finds the run that produced a version (from the run id in its manifest's lineage).
   *
   * @param version the version
   * @return the run, or empty if the version records none or the run is not in this store
   */
  public Optional<RunRecord> runOf(ModelVersion version) {
    return version.manifest().lineage().runId().flatMap(id -> {
      try {
        return store.get(id);
      } catch (InvalidInputException notARunId) {
        return Optional.empty();
      }
    });
  }

  /**
   * Lists the versions registered from a run through {@link Run#register}.
   *
   * @param runId the run
   * @return the versions, in registration order
   */
  public List<ModelVersion> versionsOf(String runId) {
    List<ModelVersion> out = new ArrayList<>();
    require(runId).versions().forEach(v -> out.add(registry.get(v.name(), v.version())));
    return out;
  }

  /**
   * Marks the RUNNING runs of an experiment whose heartbeat is older than a bound KILLED (reason
   * "heartbeat lost"): the runs of processes that died.
   *
   * @param experiment the experiment
   * @param maxSilence the longest silence of a live run; use several heartbeat intervals
   * @return the runs marked
   */
  public List<String> reapStale(String experiment, Duration maxSilence) {
    List<String> reaped = new ArrayList<>();
    Instant now = now();
    for (RunRecord r : query(RunQuery.builder().experiment(experiment).status(RunStatus.RUNNING).limit(1_000_000).build())) {
      if (r.isStale(now, maxSilence)) {
        try {
          store.update(r.runId(), new RunUpdate.End(RunStatus.KILLED, now,
              Optional.of(new RunFailure("killed", "heartbeat lost (last " + r.heartbeatAt() + ")", List.of()))));
          reaped.add(r.runId());
        } catch (dev.mlops.core.ConflictException endedMeanwhile) {
          LOG.debug("Run {} ended while being reaped", r.runId());
        }
      }
    }
    return reaped;
  }

  // ------------------------------------------------------------------ entry points

  /**
   * Runs a training entry point in a new run: records the entry point's name (tag
   * {@code entryPoint}), its configuration (parameters, seeds, data set inputs, and the artifact
   * {@code entrypoint/config.json}), invokes it, and ends the run FINISHED or FAILED.
   *
   * @param experiment the experiment
   * @param entryPoint a name registered on the builder, or the class name of a public
   *     {@link TrainingEntryPoint} with a public no-argument constructor
   * @param config the configuration
   * @return the ended run
   * @throws Exception what the entry point threw (unchanged); the run is then FAILED
   */
  public RunRecord train(String experiment, String entryPoint, TrainingConfig config) throws Exception {
    return train(experiment, entryPoint, config, Optional.empty());
  }

  private RunRecord train(String experiment, String entryPoint, TrainingConfig config, Optional<String> reproduces)
      throws Exception {
    TrainingEntryPoint ep = entryPoint(entryPoint);
    Run run = start(experiment, entryPoint);
    runIn(run, r -> {
      Map<String, String> tags = new HashMap<>();
      r.setTag("entryPoint", entryPoint);
      reproduces.ifPresent(id -> r.setTag("reproduces", id));
      r.logArtifact("entrypoint/config.json", configJson(config));
      if (!config.params().isEmpty()) {
        r.logParams(config.params());
      }
      config.seeds().forEach(r::logSeed);
      config.datasets().forEach(r::logDataset);
      ep.train(r, config);
      return tags;
    });
    return require(run.id());
  }

  /**
   * Reproduces a run made by {@link #train}: invokes the same entry point with the recorded
   * configuration in a new run tagged {@code reproduces=RUNID}, then compares what both logged. See
   * {@link TrainingEntryPoint} for what is and is not guaranteed.
   *
   * @param runId the run to reproduce
   * @return the report
   * @throws InvalidInputException if the run was not made by an entry point
   * @throws Exception what the entry point threw (the new run is then FAILED)
   */
  public EntryPointReproduction reproduce(String runId) throws Exception {
    RunRecord original = require(runId);
    String ep = original.tags().get("entryPoint");
    if (ep == null || original.artifact("entrypoint/config.json").isEmpty()) {
      throw new InvalidInputException("runId", "Run " + runId + " was not made by Tracking.train(...) with an entry "
          + "point; Tribuo runs are reproduced with TribuoRuns.reproduce.");
    }
    TrainingConfig config = readConfig(readArtifact(runId, "entrypoint/config.json"));
    RunRecord copy = train(original.experiment(), ep, config, Optional.of(runId));
    Map<String, String> a = new TreeMap<>();
    original.artifacts().stream().filter(x -> !x.path().equals("entrypoint/config.json"))
        .forEach(x -> a.put(x.path(), x.digest().toString()));
    Map<String, String> b = new TreeMap<>();
    copy.artifacts().stream().filter(x -> !x.path().equals("entrypoint/config.json"))
        .forEach(x -> b.put(x.path(), x.digest().toString()));
    return new EntryPointReproduction(original, copy, Difference.between(original.metrics(), copy.metrics()),
        Difference.between(a, b), Difference.between(original.environment(), copy.environment()));
  }

  private TrainingEntryPoint entryPoint(String name) {
    TrainingEntryPoint ep = entryPoints.get(Objects.requireNonNull(name, "entryPoint"));
    if (ep != null) {
      return ep;
    }
    try {
      Class<?> c = Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader() : Tracking.class.getClassLoader());
      if (!TrainingEntryPoint.class.isAssignableFrom(c)) {
        throw new InvalidInputException("entryPoint", "Class " + name + " does not implement TrainingEntryPoint.");
      }
      return (TrainingEntryPoint) c.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new InvalidInputException("entryPoint", "No entry point named '" + name + "' is registered, and no class of "
          + "that name with a public no-argument constructor was found (" + e.getClass().getSimpleName()
          + "). Register it with Tracking.builder(registry).entryPoint(name, ep).");
    }
  }

  private static byte[] configJson(TrainingConfig c) {
    var n = JSON.createObjectNode();
    n.put("schemaVersion", 1);
    var p = n.putObject("params");
    c.params().forEach(p::put);
    var s = n.putObject("seeds");
    c.seeds().forEach(s::put);
    var d = n.putArray("datasets");
    for (DatasetInput in : c.datasets()) {
      var o = d.addObject();
      o.put("digest", in.digest().toString());
      o.put("source", in.source());
      var schema = o.putArray("schema");
      in.schema().forEach(schema::add);
      o.put("rowCount", in.rowCount());
      o.put("role", in.role().name());
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrainingConfig readConfig(byte[] json) {
    try {
      JsonNode n = JSON.readTree(json);
      Map<String, String> params = new TreeMap<>();
      n.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      Map<String, Long> seeds = new TreeMap<>();
      n.path("seeds").fields().forEachRemaining(e -> seeds.put(e.getKey(), e.getValue().asLong()));
      List<DatasetInput> datasets = new ArrayList<>();
      for (JsonNode o : n.path("datasets")) {
        List<String> schema = new ArrayList<>();
        o.path("schema").forEach(x -> schema.add(x.asText()));
        datasets.add(new DatasetInput(dev.mlops.core.Digest.parse(o.path("digest").asText()), o.path("source").asText(),
            schema, o.path("rowCount").asLong(-1), DatasetRole.valueOf(o.path("role").asText())));
      }
      return new TrainingConfig(params, seeds, datasets);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("run store", "The recorded entry point configuration cannot be read: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ internals

  /**
   * Returns the environment recorded in new runs (captured once per tracking instance).
   *
   * @return the environment
   */
  public Map<String, String> environment() {
    Map<String, String> e = environment;
    if (e == null) {
      e = Environment.capture(hostAndUser);
      environment = e;
    }
    return e;
  }

  /**
   * Returns the registry.
   *
   * @return the registry
   */
  public ModelRegistry registry() {
    return registry;
  }

  /**
   * Returns the run store.
   *
   * @return the store
   */
  public RunStore store() {
    return store;
  }

  Instant now() {
    return clock.instant();
  }

  private static String newRunId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%016x", r.nextLong(), r.nextLong());
  }

  /** Builds a {@link Tracking}. Not thread-safe. */
  public static final class Builder {
    private final ModelRegistry registry;
    private Clock clock;
    private Duration heartbeat;
    private boolean hostAndUser;
    private final Map<String, TrainingEntryPoint> entryPoints = new ConcurrentHashMap<>();

    private Builder(ModelRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the clock for start, end, metric and heartbeat times (default: UTC system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Sets how often open runs record a heartbeat (default 10 s).
     *
     * @param interval at least 10 ms
     * @return this builder
     * @throws IllegalArgumentException if shorter than 10 ms
     */
    public Builder heartbeatInterval(Duration interval) {
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException("the heartbeat interval must be at least 10 ms");
      }
      this.heartbeat = interval;
      return this;
    }

    /**
     * Records the host and user names in every run's environment (off by default, for privacy).
     *
     * @param enabled whether to record them
     * @return this builder
     */
    public Builder captureHostAndUser(boolean enabled) {
      this.hostAndUser = enabled;
      return this;
    }

    /**
     * Registers a training entry point under a name, for {@link Tracking#train} and
     * {@link Tracking#reproduce}.
     *
     * @param name the name recorded in runs
     * @param entryPoint the code
     * @return this builder
     */
    public Builder entryPoint(String name, TrainingEntryPoint entryPoint) {
      entryPoints.put(Names.requireTagValue(name), Objects.requireNonNull(entryPoint, "entryPoint"));
      return this;
    }

    /**
     * Builds the tracking.
     *
     * @return the tracking
     */
    public Tracking build() {
      return new Tracking(this);
    }
  }
}
