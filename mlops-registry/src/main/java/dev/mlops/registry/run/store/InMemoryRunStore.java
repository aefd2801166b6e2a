package dev.mlops.registry.run.store;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link RunStore} in memory, for tests and short-lived processes: runs are grouped by experiment,
 * and a query reads only the runs of its experiment. Nothing survives the JVM.
 *
 * <p>Instances are thread-safe (one lock; every method is short).
 */
public final class InMemoryRunStore implements RunStore {
  private final String name;
  private final Map<String, RunRecord> runs = new HashMap<>();
  private final Map<String, Map<String, RunRecord>> byExperiment = new HashMap<>();
  private final Map<String, List<MetricPoint>> history = new HashMap<>();

  /**
   * Creates an empty store.
   *
   * @param name a name for messages, e.g. {@code mem:test}
   */
  public InMemoryRunStore(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public synchronized void create(RunRecord run) {
    Objects.requireNonNull(run, "run");
    requireNew(run.runId());
    put(run);
  }

  @Override
  public synchronized void importRun(RunSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    requireNew(snapshot.run().runId());
    put(snapshot.run());
    history.put(snapshot.run().runId(), new ArrayList<>(snapshot.history()));
  }

  private void requireNew(String runId) {
    if (runs.containsKey(runId)) {
      throw new ConflictException("run " + runId, "a new id", "an existing run", "Run " + runId
          + " already exists; run ids are unique.");
    }
  }

  @Override
  public synchronized RunRecord update(String runId, RunUpdate update) {
    Objects.requireNonNull(update, "update");
    RunRecord current = require(runId);
    RunRecord next = update.applyTo(current);
    put(next);
    if (update instanceof RunUpdate.Metrics) {
      history.computeIfAbsent(runId, k -> new ArrayList<>()).addAll(((RunUpdate.Metrics) update).points());
    }
    return next;
  }

  private void put(RunRecord r) {
    runs.put(r.runId(), r);
    byExperiment.computeIfAbsent(r.experiment(), k -> new LinkedHashMap<>()).put(r.runId(), r);
  }

  private RunRecord require(String runId) {
    RunRecord r = runs.get(RunRecord.requireRunId(runId));
    if (r == null) {
      throw new NotFoundException("run", runId, "Run " + runId + " does not exist in " + name + ".");
    }
    return r;
  }

  @Override
  public synchronized Optional<RunRecord> get(String runId) {
    return Optional.ofNullable(runs.get(RunRecord.requireRunId(runId)));
  }

  @Override
  public synchronized List<MetricPoint> metricHistory(String runId, String key) {
    require(runId);
    Names.requireTagKey(key);
    List<MetricPoint> out = new ArrayList<>();
    for (MetricPoint p : history.getOrDefault(runId, List.of())) {
      if (p.key().equals(key)) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public synchronized List<RunRecord> query(RunQuery query) {
    Iterable<RunRecord> candidates = query.experiment().isPresent()
        ? byExperiment.getOrDefault(query.experiment().get(), Map.of()).values()
        : runs.values();
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : candidates) {
      if (query.test(r)) {
        out.add(r);
      }
    }
    out.sort(query.order());
    return List.copyOf(out.subList(0, Math.min(out.size(), query.limit())));
  }

  @Override
  public synchronized List<String> experiments() {
    return List.copyOf(new TreeSet<>(byExperiment.keySet()));
  }

  @Override
  public void forEachArtifactDigest(Consumer<Digest> visitor) {
    List<Digest> all = new ArrayList<>();
    synchronized (this) {
      for (RunRecord r : runs.values()) {
        for (ArtifactRef a : r.artifacts()) {
          all.add(a.digest());
        }
      }
    }
    all.forEach(visitor);
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public String toString() {
    return "InMemoryRunStore[" + name + "]";
  }
}
