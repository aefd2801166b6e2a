package dev.mlops.registry.run.spi;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where training runs live: the runs' own small SPI, beside the registry's
 * {@link dev.mlops.registry.spi.MetadataStore}. Built in: {@code FileRunStore} (under the registry
 * root, {@code runs/}), {@code InMemoryRunStore} and, on PostgreSQL,
 * {@link dev.mlops.registry.store.JdbcRunStore}, which maps it to tables ({@code mlops_run} with the
 * record, and indexed {@code mlops_run_param}, {@code mlops_run_tag}, {@code mlops_run_metric} for the
 * latest value per key, {@code mlops_run_metric_history}): each {@link RunUpdate} is one transaction, and
 * {@link RunQuery} translates to one {@code SELECT} (see its javadoc). {@link #exportRun} and
 * {@link #importRun} move whole runs between stores ({@link dev.mlops.registry.RegistryCopy}).
 *
 * <p>Contract: every method is atomic (a change is visible complete or not at all, also after a
 * crash); {@link #update} applies {@link RunUpdate#applyTo} to the current record under the run's
 * lock, so concurrent updates to one run from many threads or processes are serialised and none is
 * lost; {@link #query} is executed by the store itself (an index or SQL), not by loading every run.
 * Artifact bytes are not kept here but in the registry's blob store; {@link #forEachArtifactDigest}
 * lets a blob garbage collector keep them.
 *
 * <p>Implementations are thread-safe.
 */
public interface RunStore extends AutoCloseable {

  /**
   * Creates a run.
   *
   * @param run the new run, usually {@link RunRecord#started}
   * @throws ConflictException if a run with its id exists
   * @throws StoreException if the store cannot write
   */
  void create(RunRecord run);

  /**
   * Applies one change to a run, atomically.
   *
   * @param runId the run
   * @param update the change
   * @return the run after the change
   * @throws NotFoundException if the run does not exist
   * @throws ConflictException if a rule of {@link RunUpdate} refuses the change
   * @throws StoreException if the store cannot write; the change was then not made
   */
  RunRecord update(String runId, RunUpdate update);

  /**
   * Reads a run.
   *
   * @param runId the run id
   * @return the run, or empty
   */
  Optional<RunRecord> get(String runId);

  /**
   * Reads the history of one metric of a run, in logging order.
   *
   * @param runId the run
   * @param key the metric key
   * @return the points; empty if none were logged
   * @throws NotFoundException if the run does not exist
   */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * Runs a query natively.
   *
   * @param query the query
   * @return the matching runs in the query's order, at most its limit
   */
  List<RunRecord> query(RunQuery query);

  /**
   * Lists the experiments that hold at least one run.
   *
   * @return the names, sorted
   */
  List<String> experiments();

  /**
   * Calls a visitor with the digest of every artifact of every run (a digest may come more than
   * once): the blobs a garbage collector of the blob store must keep.
   *
   * @param visitor called once per artifact
   */
  void forEachArtifactDigest(Consumer<Digest> visitor);

  /**
   * Reads a whole run: its record and the history of every metric, to copy it to another store. The
   * default reads {@link #get} and then {@link #metricHistory} of each metric key, which is consistent
   * when nobody writes to the run meanwhile (copy from a store at rest).
   *
   * @param runId the run id
   * @return the run, or empty if it does not exist
   * @throws StoreException if the store cannot be read
   */
  default Optional<RunSnapshot> exportRun(String runId) {
    Optional<RunRecord> r = get(runId);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    List<MetricPoint> history = new java.util.ArrayList<>();
    for (String key : r.get().metrics().keySet()) {
      history.addAll(metricHistory(runId, key));
    }
    return Optional.of(new RunSnapshot(r.get(), history));
  }

  /**
   * Writes a whole run read from another store, atomically: afterwards {@link #exportRun} returns an
   * equal snapshot, whatever the run's status (an ended run is imported ended, with its metrics).
   *
   * @param snapshot the run
   * @throws ConflictException if a run with its id exists; nothing is then written
   * @throws StoreException if the store cannot write; the run was then not imported
   */
  void importRun(RunSnapshot snapshot);

  /**
   * Describes the store for messages.
   *
   * @return e.g. {@code file:/var/lib/models/runs}
   */
  String describe();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
