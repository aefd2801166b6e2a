package dev.mlops.registry.run;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.spi.RunUpdate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open training run: log parameters, metrics, tags, seeds, data set inputs and artifacts into it,
 * register models from it, then end it. Start one with {@link Tracking#start(String, String)}.
 *
 * <pre>{@code
 * try (Run run = tracking.start("iris", "logistic-regression")) {
 *   run.logParam("epochs", "5");
 *   long seed = run.logSeed("trainer", 42L);
 *   run.logDataset(irisVersion, DatasetRole.TRAINING);
 *   ... train ...
 *   run.logMetric("accuracy", 0.95);
 *   run.register(Registration.model("iris-classifier", model));   // linked both ways
 *   run.finish();                                                   // FINISHED
 * }   // without finish(): KILLED ("closed without finish()"); use Tracking.run(...) to record errors
 * }</pre>
 *
 * <p>While open, a heartbeat records every few seconds that the process is alive; a JVM that dies
 * leaves the run RUNNING with a heartbeat that stops advancing, never FINISHED.
 *
 * <p>Instances are thread-safe: several threads may log into one run.
 */
public final class Run implements AutoCloseable {
  /** The artifact path of a run's flattened provenance (JSON object of strings), compared by {@link Tracking#compare}. */
  public static final String PROVENANCE_ARTIFACT = "provenance.json";

  private final Tracking tracking;
  private final String runId;
  private final String experiment;
  private final String name;
  private final Optional<String> parentRunId;
  private final List<VersionId> parentVersions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile ScheduledFuture<?> heartbeat;

  Run(Tracking tracking, RunRecord created) {
    this.tracking = tracking;
    this.runId = created.runId();
    this.experiment = created.experiment();
    this.name = created.name();
    this.parentRunId = created.parentRunId();
  }

  void heartbeat(ScheduledFuture<?> task) {
    this.heartbeat = task;
  }

  /**
   * Returns the run id.
   *
   * @return 32 hex digits
   */
  public String id() {
    return runId;
  }

  /**
   * Returns the experiment.
   *
   * @return the experiment name
   */
  public String experiment() {
    return experiment;
  }

  /**
   * Returns the run's name.
   *
   * @return the name, possibly empty
   */
  public String name() {
    return name;
  }

  /**
   * Returns the parent run, for a nested run.
   *
   * @return the parent's id, or empty
   */
  public Optional<String> parentRunId() {
    return parentRunId;
  }

  /**
   * Returns the tracking this run belongs to.
   *
   * @return the tracking
   */
  public Tracking tracking() {
    return tracking;
  }

  /**
   * Reads the run as the store holds it now.
   *
   * @return the record
   */
  public RunRecord record() {
    return tracking.require(runId);
  }

  // ------------------------------------------------------------------ logging

  /**
   * Sets a parameter (once: another value for the same key is a conflict).
   *
   * @param key the key
   * @param value the value
   * @return this run
   * @throws dev.mlops.core.ConflictException if the key has another value, or the run ended
   */
  public Run logParam(String key, String value) {
    return logParams(Map.of(key, value));
  }

  /**
   * Sets parameters.
   *
   * @param params key to value
   * @return this run
   * @throws dev.mlops.core.ConflictException if a key has another value, or the run ended
   */
  public Run logParams(Map<String, String> params) {
    update(new RunUpdate.Params(params));
    return this;
  }

  /**
   * Sets a tag (tags may change, also after the run ended).
   *
   * @param key the key
   * @param value the value
   * @return this run
   */
  public Run setTag(String key, String value) {
    update(new RunUpdate.Tags(Map.of(key, value)));
    return this;
  }

  /**
   * Logs a metric value at step 0.
   *
   * @param key the metric
   * @param value a finite value
   * @return this run
   * @throws InvalidInputException if the value is NaN or infinite
   */
  public Run logMetric(String key, double value) {
    return logMetric(key, value, 0);
  }

  /**
   * Logs a metric value at a step, timestamped now.
   *
   * @param key the metric
   * @param value a finite value
   * @param step the step
   * @return this run
   * @throws InvalidInputException if the value is NaN or infinite
   */
  public Run logMetric(String key, double value, long step) {
    update(new RunUpdate.Metrics(List.of(new MetricPoint(key, value, step, tracking.now()))));
    return this;
  }

  /**
   * Logs several metrics at one step in one write.
   *
   * @param values key to finite value
   * @param step the step
   * @return this run
   * @throws InvalidInputException if a value is NaN or infinite
   */
  public Run logMetrics(Map<String, Double> values, long step) {
    List<MetricPoint> points = new ArrayList<>();
    var now = tracking.now();
    new java.util.TreeMap<>(values).forEach((k, v) -> points.add(new MetricPoint(k, v, step, now)));
    update(new RunUpdate.Metrics(points));
    return this;
  }

  /**
   * Records a random seed under a name and returns it, so the seed is recorded where it is used:
   * {@code new Random(run.logSeed("shuffle", 42L))}.
   *
   * @param seedName the seed's name
   * @param seed the seed
   * @return the seed
   * @throws dev.mlops.core.ConflictException if the name has another seed
   */
  public long logSeed(String seedName, long seed) {
    update(new RunUpdate.Seeds(Map.of(seedName, seed)));
    return seed;
  }

  /**
   * Records a data set input.
   *
   * @param input the input
   * @return this run
   */
  public Run logDataset(DatasetInput input) {
    update(new RunUpdate.Dataset(input));
    return this;
  }

  /**
   * Records a registered data set version as an input: its manifest digest, its id as source and,
   * for a single CSV file, its header as schema and its row count (lines after the header).
   *
   * @param dataset a data set version
   * @param role what the run used it for
   * @return the recorded input
   * @throws InvalidInputException if the version is a model
   */
  public DatasetInput logDataset(ModelVersion dataset, DatasetRole role) {
    if (dataset.kind() != ArtifactKind.DATASET) {
      throw new InvalidInputException("dataset", dataset.id() + " is a model, not a data set.");
    }
    List<String> schema = List.of();
    long rows = -1;
    List<ArtifactFile> files = dataset.manifest().files();
    if (files.size() == 1 && files.get(0).path().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
      try (InputStream in = tracking.registry().openFile(dataset.id().toString(), files.get(0).path());
          BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String header = r.readLine();
        if (header != null) {
          schema = Arrays.asList(header.split(",", -1));
          long n = 0;
          String line;
          while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
              n++;
            }
          }
          rows = n;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + dataset.id(), e);
      }
    }
    DatasetInput input = new DatasetInput(dataset.manifestDigest(), "registry:" + dataset.id(), schema, rows, role);
    logDataset(input);
    return input;
  }

  /**
   * Stores bytes as an artifact of the run, in the registry's blob store.
   *
   * @param path the artifact's relative path inside the run
   * @param bytes the bytes
   * @return the recorded artifact
   */
  public ArtifactRef logArtifact(String path, byte[] bytes) {
    Names.requireRelativePath(path);
    BlobInfo info = tracking.registry().blobStore().put(bytes);
    ArtifactRef ref = new ArtifactRef(path, info.digest(), info.size());
    update(new RunUpdate.Artifact(ref));
    return ref;
  }

  /**
   * Stores a file as an artifact of the run, in the registry's blob store.
   *
   * @param path the artifact's relative path inside the run
   * @param file the file
   * @return the recorded artifact
   */
  public ArtifactRef logArtifact(String path, Path file) {
    Names.requireRelativePath(path);
    BlobInfo info = tracking.registry().blobStore().putFile(file);
    ArtifactRef ref = new ArtifactRef(path, info.digest(), info.size());
    update(new RunUpdate.Artifact(ref));
    return ref;
  }

  /**
   * Reads an artifact of this run, verified against its digest.
   *
   * @param path the artifact's path
   * @return its bytes
   * @throws NotFoundException if the run has no such artifact
   */
  public byte[] readArtifact(String path) {
    return tracking.readArtifact(runId, path);
  }

  /**
   * Records a registry version the next registered models derive from (fine-tuned from, distilled
   * from): {@link #register} adds it to their lineage parents.
   *
   * @param parent the parent version
   * @return this run
   */
  public Run logParentVersion(VersionId parent) {
    parentVersions.add(Objects.requireNonNull(parent, "parent"));
    return this;
  }

  /**
   * Starts a run nested in this one, in the same experiment.
   *
   * @param childName the child's name
   * @return the child run
   */
  public Run startChild(String childName) {
    return tracking.start(experiment, childName, Optional.of(runId));
  }

  /**
   * Runs training code in a child run: FINISHED if it returns, FAILED (and the exception rethrown
   * unchanged) if it throws.
   *
   * @param childName the child's name
   * @param body the training code
   * @param <T> the result type
   * @param <E> the checked exception type
   * @return what the body returned
   * @throws E what the body threw
   */
  public <T, E extends Exception> T runChild(String childName, RunBody<T, E> body) throws E {
    Objects.requireNonNull(body, "body");
    return Tracking.runIn(startChild(childName), body);
  }

  // ------------------------------------------------------------------ register

  /**
   * Registers a model (or data set) produced by this run: its lineage records this run's id, the
   * digests of every data set input logged so far and the parent versions logged with
   * {@link #logParentVersion}; the run records the new version (the reverse link). Do not add the
   * run's data sets to the builder yourself.
   *
   * @param registration the registration builder, e.g. {@code Registration.model("iris", model)}
   * @return the new version
   */
  public ModelVersion register(Registration.Builder registration) {
    Objects.requireNonNull(registration, "registration");
    RunRecord r = record();
    registration.runId(runId);
    List<Digest> seen = new ArrayList<>();
    for (DatasetInput d : r.datasets()) {
      if (!seen.contains(d.digest())) {
        seen.add(d.digest());
        registration.dataset(d.digest());
      }
    }
    parentVersions.forEach(registration::parent);
    ModelVersion v = tracking.registry().register(registration.build());
    update(new RunUpdate.Version(v.id()));
    return v;
  }

  // ------------------------------------------------------------------ end

  /**
   * Ends the run FINISHED.
   *
   * @throws dev.mlops.core.ConflictException if it already ended
   */
  public void finish() {
    end(RunStatus.FINISHED, Optional.empty());
  }

  /**
   * Ends the run FAILED with the exception's summary. The caller rethrows the exception.
   *
   * @param error the exception
   * @throws dev.mlops.core.ConflictException if it already ended
   */
  public void fail(Throwable error) {
    end(RunStatus.FAILED, Optional.of(RunFailure.of(Objects.requireNonNull(error, "error"))));
  }

  /**
   * Ends the run KILLED with a reason.
   *
   * @param reason why it was stopped
   * @throws dev.mlops.core.ConflictException if it already ended
   */
  public void kill(String reason) {
    end(RunStatus.KILLED, Optional.of(new RunFailure("killed", Names.requireTagValue(reason), List.of())));
  }

  /**
   * Tells whether this handle ended the run.
   *
   * @return whether finish, fail, kill or close was called
   */
  public boolean isEnded() {
    return ended.get();
  }

  private void end(RunStatus status, Optional<RunFailure> failure) {
    if (!ended.compareAndSet(false, true)) {
      throw new dev.mlops.core.ConflictException("run " + runId, "RUNNING", "ended", "Run " + runId
          + " was already ended by this handle; a run ends once.");
    }
    stopHeartbeat();
    tracking.store().update(runId, new RunUpdate.End(status, tracking.now(), failure));
  }

  private void stopHeartbeat() {
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
  }

  /**
   * Ends the run KILLED ("closed without finish()") unless it already ended: a block that threw or
   * returned early never leaves a run FINISHED.
   */
  @Override
  public void close() {
    if (!ended.get()) {
      end(RunStatus.KILLED, Optional.of(new RunFailure("killed", "closed without finish()", List.of())));
    }
  }

  private void update(RunUpdate u) {
    tracking.store().update(runId, u);
  }

  @Override
  public String toString() {
    return "Run[" + experiment + "/" + runId + (name.isEmpty() ? "" : " " + name) + "]";
  }
}
