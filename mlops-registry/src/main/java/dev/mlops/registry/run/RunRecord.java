package dev.mlops.registry.run;

import dev.mlops.core.Names;
import dev.mlops.core.artifact.VersionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a store holds about one run: identity, state, and everything logged in it. Metrics hold the
 * latest value of each key (the full history is {@link Tracking#metricHistory}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the run's id (32 lowercase hex digits)
 * @param experiment the experiment it belongs to (same rules as model names)
 * @param name a human name for the run; may be empty
 * @param parentRunId the run it is nested in, if any
 * @param status its state
 * @param startedAt when it started
 * @param endedAt when it ended, if it did
 * @param heartbeatAt the last time its process reported it alive
 * @param failure the exception that ended it, for a failed run
 * @param params parameters: set once each
 * @param tags tags: may be changed
 * @param metrics the latest value of each metric
 * @param seeds the random seeds used, by name
 * @param datasets the data sets read
 * @param artifacts the files logged
 * @param environment the environment captured at start (see {@link Environment})
 * @param versions the registry versions registered from this run
 */
public record RunRecord(
    String runId,
    String experiment,
    String name,
    Optional<String> parentRunId,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Instant heartbeatAt,
    Optional<RunFailure> failure,
    Map<String, String> params,
    Map<String, String> tags,
    Map<String, Double> metrics,
    Map<String, Long> seeds,
    List<DatasetInput> datasets,
    List<ArtifactRef> artifacts,
    Map<String, String> environment,
    List<VersionId> versions) {

  /**
   * Validates and copies the fields; maps are kept sorted by key.
   *
   * @throws dev.mlops.core.InvalidInputException if the id, experiment or name is invalid
   *
   * @param runId the run's id (32 lowercase hex digits)
   * @param experiment the experiment it belongs to (same rules as model names)
   * @param name a human name for the run; may be empty
   * @param parentRunId the run it is nested in, if any
   * @param status its state
   * @param startedAt when it started
   * @param endedAt when it ended, if it did
   * @param heartbeatAt the last time its process reported it alive
   * @param failure the exception that ended it, for a failed run
   * @param params parameters: set once each
   * @param tags tags: may be changed
   * @param metrics the latest value of each metric
   * @param seeds the random seeds used, by name
   * @param datasets the data sets read
   * @param artifacts the files logged
   * @param environment the environment captured at start (see {@link Environment})
   * @param versions the registry versions registered from this run
   */
  public RunRecord {
    requireRunId(runId);
    Names.requireModelName(experiment);
    Names.requireTagValue(name);
    Objects.requireNonNull(parentRunId, "parentRunId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    Objects.requireNonNull(failure, "failure");
    params = sorted(params);
    tags = sorted(tags);
    metrics = sorted(metrics);
    seeds = sorted(seeds);
    datasets = List.copyOf(datasets);
    artifacts = List.copyOf(artifacts);
    environment = sorted(environment);
    versions = List.copyOf(versions);
  }

  /**
   * A new running run with nothing logged yet.
   *
   * @param runId the id
   * @param experiment the experiment
   * @param name the run name (may be empty)
   * @param parentRunId the parent run, if nested
   * @param startedAt the start time (also the first heartbeat)
   * @param environment the captured environment
   * @return the record
   */
  public static RunRecord started(String runId, String experiment, String name, Optional<String> parentRunId,
      Instant startedAt, Map<String, String> environment) {
    return new RunRecord(runId, experiment, name, parentRunId, RunStatus.RUNNING, startedAt, Optional.empty(),
        startedAt, Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of(), environment, List.of());
  }

  /**
   * Checks a run id: 32 lowercase hexadecimal digits.
   *
   * @param runId the id
   * @return the id
   * @throws dev.mlops.core.InvalidInputException if it is not one
   */
  public static String requireRunId(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (!runId.matches("[0-9a-f]{32}")) {
      throw new dev.mlops.core.InvalidInputException("runId", "A run id is 32 lowercase hexadecimal digits; got '"
          + (runId.length() > 40 ? runId.substring(0, 40) + "..." : runId) + "'.");
    }
    return runId;
  }

  /**
   * Tells whether a running run's heartbeat is older than a bound: its process most likely died.
   *
   * @param now the current time
   * @param maxSilence the longest silence a live run may have (several heartbeat intervals)
   * @return true if the run is RUNNING and its heartbeat is older than {@code now - maxSilence}
   */
  public boolean isStale(Instant now, Duration maxSilence) {
    return status == RunStatus.RUNNING && heartbeatAt.plus(maxSilence).isBefore(now);
  }

  /**
   * Finds a logged artifact by path.
   *
   * @param path the artifact's path
   * @return the artifact, if logged
   */
  public Optional<ArtifactRef> artifact(String path) {
    return artifacts.stream().filter(a -> a.path().equals(path)).findFirst();
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(m, "map")));
  }
}
