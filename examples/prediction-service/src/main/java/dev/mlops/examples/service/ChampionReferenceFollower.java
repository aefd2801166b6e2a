package dev.mlops.examples.service;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.routing.ModelRouter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the monitor's drift reference on the version the champion variant serves. Every interval (the
 * router's refresh interval), on its own thread and off the request path, it reads the version the router
 * serves for {@code @champion}; when that differs from the version the monitor's reference belongs to, it
 * finds the new version's profiles ({@link VersionProfiles#of}: stored with it, else rebuilt from its lineage's
 * training data set, loading its predictor only for that) and gives them to the monitor ({@link
 * PredictionMonitor#replaceReference}), logging at INFO which version and source.
 *
 * <p><b>Bound.</b> The reference follows the served champion within one interval plus the time to build the
 * profiles (a read of two small files when stored, a pass over the training data when rebuilt). The router
 * itself follows the alias within one interval plus the load of the new version, so after {@code @champion}
 * moves the monitor compares with the new reference after at most two intervals plus the load and the
 * profiles. Following the served version rather than the alias keeps the reference on the model that
 * answers: a version the router refuses (it does not verify) does not become the reference either.
 *
 * <p><b>Failures.</b> When the new champion has neither stored profiles nor a training data set in its
 * lineage, or they cannot be read (a damaged profile, a data set that lacks a feature), it logs one WARN line
 * and keeps the old reference (a service started without one stays without one) until {@code @champion}
 * moves again. Other failures (a store that does not answer) are retried every interval, with one WARN line
 * per version.
 *
 * <p>Thread-safe: the checks run one at a time ({@link #followNow()} is synchronized).
 */
public final class ChampionReferenceFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionReferenceFollower.class);

  private final ModelRegistry registry;
  private final ModelRouter router;
  private final String champion;
  private final PredictionMonitor monitor;
  private final ScheduledExecutorService scheduler;
  /** The version last settled: its reference is in force, or it has none (warned). */
  private String settled;
  /** The version whose transient failure was warned about. */
  private String warned;

  /**
   * Creates a follower; {@link #start(Duration)} schedules it.
   *
   * @param registry the registry the versions and their profiles are read from
   * @param router the router serving the champion
   * @param champion the champion's alias reference, e.g. {@code breast-cancer-classifier@champion}
   * @param monitor the monitor whose reference follows the champion
   * @param startVersion the version the monitor's reference (or its lack of one) belongs to at start-up
   * @throws NullPointerException if an argument is null
   */
  public ChampionReferenceFollower(ModelRegistry registry, ModelRouter router, String champion,
      PredictionMonitor monitor, String startVersion) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.router = Objects.requireNonNull(router, "router");
    this.champion = Objects.requireNonNull(champion, "champion");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.settled = Objects.requireNonNull(startVersion, "startVersion");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-reference-follower");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Checks every interval, first after one interval, on the follower's thread.
   *
   * @param interval the interval, positive
   * @throws NullPointerException if interval is null
   * @throws IllegalArgumentException if interval is not positive
   * @throws java.util.concurrent.RejectedExecutionException if the follower is closed
   */
  public void start(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval must be positive, got " + interval);
    }
    long nanos = interval.toNanos();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        followNow();
      } catch (RuntimeException e) { // a throwing task would cancel the schedule
        LOG.warn("Following {} failed unexpectedly; trying again in {}", champion, interval, e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Checks once now: when the champion variant serves another version than the one the reference belongs to,
   * gives the monitor that version's reference profiles.
   *
   * @return whether the monitor's reference changed
   */
  public synchronized boolean followNow() {
    VersionId served = router.servedVersions().get(champion);
    if (served == null) {
      return false;
    }
    String version = served.toString();
    if (version.equals(settled)) {
      return false;
    }
    String kept = monitor.referenceId().map(id -> "the reference of " + id).orElse("no reference");
    try {
      VersionProfiles profiles = VersionProfiles.of(registry, registry.get(version));
      monitor.replaceReference(profiles.inputs(), profiles.outputs(), version);
      LOG.info("Drift reference: the profiles of {}, {} ({} input columns, {} rows), now that {} serves it "
          + "(was {})", version, profiles.source(), profiles.inputs().columns().size(), profiles.inputs().rowCount(),
          champion, kept);
      settled = version;
      return true;
    } catch (NotFoundException e) {
      settled = version;
      LOG.warn("No drift reference for {}, which {} now serves: it stores no reference profiles and its lineage "
          + "names no training data set of this registry ({}). Keeping {}. Register the model with "
          + "VersionProfiles.attach(...) at training time, or name its training data set in its lineage.",
          version, champion, e.getMessage(), kept);
    } catch (InvalidInputException | IntegrityException e) {
      settled = version;
      LOG.warn("The drift reference of {}, which {} now serves, cannot be read ({}). Keeping {}.", version,
          champion, e.getMessage(), kept);
    } catch (IllegalStateException e) {
      LOG.debug("The monitor is closed; {} is not followed any more", champion, e);
    } catch (RuntimeException e) {
      if (!version.equals(warned)) {
        warned = version;
        LOG.warn("Could not read the drift reference of {}, which {} now serves ({}). Keeping {}; trying again "
            + "every interval.", version, champion, e.getMessage(), kept);
      }
    }
    return false;
  }

  /** Stops the checks (a check under way finishes first, for up to ten seconds). Idempotent. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The reference follower of {} did not stop within 10 s", champion);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
