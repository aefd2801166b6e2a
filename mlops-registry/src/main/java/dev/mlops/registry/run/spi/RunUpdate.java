package dev.mlops.registry.run.spi;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Names;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunFailure;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One change to a run, as a store receives it. Each kind maps to one SQL statement (an insert into
 * a child table, or an update of the run's row), and {@link #applyTo(RunRecord)} is the reference
 * semantics every store follows, including its rules:
 * <ul>
 *   <li>a parameter is set once: logging it again with another value is a conflict;</li>
 *   <li>an ended run accepts only tags and version links; ending it again is a conflict.</li>
 * </ul>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RunUpdate {

  /**
   * Applies the change to a run, enforcing the rules above.
   *
   * @param r the current run
   * @return the changed run
   * @throws ConflictException if a rule refuses the change
   */
  RunRecord applyTo(RunRecord r);

  /**
   * Tells whether the change touches a field that queries filter on (params, tags, metrics, status),
   * so an index must be updated.
   *
   * @return whether the change is indexed
   */
  default boolean indexed() {
    return true;
  }

  /**
   * Parameters set (once each).
   *
   * @param values key to value
   */
  record Params(Map<String, String> values) implements RunUpdate {
    /**
     * Validates the entries.
     *
     * @param values key to value
     */
    public Params {
      values = Map.copyOf(values);
      values.forEach((k, v) -> {
        Names.requireTagKey(k);
        Names.requireTagValue(v);
      });
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      requireRunning(r, "log parameters");
      Map<String, String> m = new TreeMap<>(r.params());
      values.forEach((k, v) -> {
        String old = m.get(k);
        if (old != null && !old.equals(v)) {
          throw new ConflictException("run " + r.runId() + " param " + k, old, v, "Parameter '" + k + "' of run "
              + r.runId() + " is already '" + old + "'; a parameter is set once. Log the new value under another key.");
        }
        m.put(k, v);
      });
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), m, r.tags(), r.metrics(), r.seeds(),
          r.datasets(), r.artifacts(), r.versions());
    }
  }

  /**
   * Tags set or replaced.
   *
   * @param values key to value
   */
  record Tags(Map<String, String> values) implements RunUpdate {
    /**
     * Validates the entries.
     *
     * @param values key to value
     */
    public Tags {
      values = Map.copyOf(values);
      values.forEach((k, v) -> {
        Names.requireTagKey(k);
        Names.requireTagValue(v);
      });
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      Map<String, String> m = new TreeMap<>(r.tags());
      m.putAll(values);
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), m, r.metrics(), r.seeds(),
          r.datasets(), r.artifacts(), r.versions());
    }
  }

  /**
   * Metric points appended to the history; the latest value of a key is the one logged last.
   *
   * @param points the points, in logging order
   */
  record Metrics(List<MetricPoint> points) implements RunUpdate {
    /**
     * Copies the points.
     *
     * @param points the points, in logging order
     */
    public Metrics {
      points = List.copyOf(points);
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      requireRunning(r, "log metrics");
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), r.tags(),
          latest(r.metrics(), points), r.seeds(), r.datasets(), r.artifacts(), r.versions());
    }
  }

  /**
   * Random seeds recorded (once each, like parameters).
   *
   * @param values name to seed
   */
  record Seeds(Map<String, Long> values) implements RunUpdate {
    /**
     * Validates the names.
     *
     * @param values name to seed
     */
    public Seeds {
      values = Map.copyOf(values);
      values.keySet().forEach(Names::requireTagKey);
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      requireRunning(r, "log seeds");
      Map<String, Long> m = new TreeMap<>(r.seeds());
      values.forEach((k, v) -> {
        Long old = m.get(k);
        if (old != null && !old.equals(v)) {
          throw new ConflictException("run " + r.runId() + " seed " + k, String.valueOf(old), String.valueOf(v),
              "Seed '" + k + "' of run " + r.runId() + " is already " + old + "; a seed is recorded once.");
        }
        m.put(k, v);
      });
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), r.tags(), r.metrics(), m,
          r.datasets(), r.artifacts(), r.versions());
    }

    @Override
    public boolean indexed() {
      return false;
    }
  }

  /**
   * A data set input recorded.
   *
   * @param input the input
   */
  record Dataset(DatasetInput input) implements RunUpdate {
    /**
     * Checks the field.
     *
     * @param input the input
     */
    public Dataset {
      Objects.requireNonNull(input, "input");
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      requireRunning(r, "log data sets");
      List<DatasetInput> l = new ArrayList<>(r.datasets());
      if (!l.contains(input)) {
        l.add(input);
      }
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), r.tags(), r.metrics(),
          r.seeds(), l, r.artifacts(), r.versions());
    }

    @Override
    public boolean indexed() {
      return false;
    }
  }

  /**
   * An artifact recorded (its bytes are already in the blob store). Logging a path again replaces it.
   *
   * @param artifact the artifact
   */
  record Artifact(ArtifactRef artifact) implements RunUpdate {
    /**
     * Checks the field.
     *
     * @param artifact the artifact
     */
    public Artifact {
      Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      requireRunning(r, "log artifacts");
      List<ArtifactRef> l = new ArrayList<>(r.artifacts());
      l.removeIf(a -> a.path().equals(artifact.path()));
      l.add(artifact);
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), r.tags(), r.metrics(),
          r.seeds(), r.datasets(), l, r.versions());
    }

    @Override
    public boolean indexed() {
      return false;
    }
  }

  /**
   * A registry version registered from the run (the reverse lineage link). Allowed after the run
   * ended.
   *
   * @param version the version
   */
  record Version(VersionId version) implements RunUpdate {
    /**
     * Checks the field.
     *
     * @param version the version
     */
    public Version {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      List<VersionId> l = new ArrayList<>(r.versions());
      if (!l.contains(version)) {
        l.add(version);
      }
      return copy(r, r.status(), r.endedAt(), r.heartbeatAt(), r.failure(), r.params(), r.tags(), r.metrics(),
          r.seeds(), r.datasets(), r.artifacts(), l);
    }

    @Override
    public boolean indexed() {
      return false;
    }
  }

  /**
   * The process reports the run alive. Ignored for an ended run.
   *
   * @param at the time
   */
  record Heartbeat(Instant at) implements RunUpdate {
    /**
     * Checks the field.
     *
     * @param at the time
     */
    public Heartbeat {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      if (r.status().isTerminal()) {
        return r;
      }
      return copy(r, r.status(), r.endedAt(), at, r.failure(), r.params(), r.tags(), r.metrics(), r.seeds(),
          r.datasets(), r.artifacts(), r.versions());
    }

    @Override
    public boolean indexed() {
      return false;
    }
  }

  /**
   * The run ended.
   *
   * @param status a terminal status
   * @param at the end time
   * @param failure the error summary (for FAILED), or a reason (for KILLED), or empty
   */
  record End(RunStatus status, Instant at, Optional<RunFailure> failure) implements RunUpdate {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the status is not terminal
     *
     * @param status a terminal status
     * @param at the end time
     * @param failure the error summary (for FAILED), or a reason (for KILLED), or empty
     */
    public End {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(failure, "failure");
      if (!status.isTerminal()) {
        throw new IllegalArgumentException("a run ends FINISHED, FAILED or KILLED, not " + status);
      }
    }

    @Override
    public RunRecord applyTo(RunRecord r) {
      if (r.status().isTerminal()) {
        throw new ConflictException("run " + r.runId(), "RUNNING", r.status().name(), "Run " + r.runId()
            + " already ended " + r.status() + "; a run ends once.");
      }
      return copy(r, status, Optional.of(at), at, failure, r.params(), r.tags(), r.metrics(), r.seeds(),
          r.datasets(), r.artifacts(), r.versions());
    }
  }

  private static Map<String, Double> latest(Map<String, Double> current, List<MetricPoint> points) {
    Map<String, Double> m = new TreeMap<>(current);
    points.forEach(p -> m.put(p.key(), p.value()));
    return m;
  }

  private static void requireRunning(RunRecord r, String what) {
    if (r.status().isTerminal()) {
      throw new ConflictException("run " + r.runId(), "RUNNING", r.status().name(), "Run " + r.runId() + " ended "
          + r.status() + "; it cannot " + what + " any more. Start a new run.");
    }
  }

  private static RunRecord copy(RunRecord r, RunStatus status, Optional<Instant> endedAt, Instant heartbeat,
      Optional<RunFailure> failure, Map<String, String> params, Map<String, String> tags, Map<String, Double> metrics,
      Map<String, Long> seeds, List<DatasetInput> datasets, List<ArtifactRef> artifacts, List<VersionId> versions) {
    return new RunRecord(r.runId(), r.experiment(), r.name(), r.parentRunId(), status, r.startedAt(), endedAt,
        heartbeat, failure, params, tags, metrics, seeds, datasets, artifacts, r.environment(), versions);
  }
}
