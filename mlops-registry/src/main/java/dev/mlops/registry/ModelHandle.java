package dev.mlops.registry;

import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.TabularPredictor;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded predictor that follows a reference (usually an alias such as {@code fraud@champion}) as
 * it moves: what a service calls on every request.
 *
 * <pre>{@code
 * ModelHandle champion = registry.watch("fraud@champion", Duration.ofSeconds(1));
 * // per request:
 * Prediction p = champion.predictor().predict(features);
 * }</pre>
 *
 * <p><b>Cost.</b> {@link #predictor()} and {@link #version()} are a single volatile read: no I/O, no
 * lock, no allocation.
 *
 * <p><b>Staleness bound.</b> A background thread re-resolves the reference every refresh interval.
 * When another thread or process moves the alias, this handle serves the old version for at most
 * the refresh interval plus the time it takes to load and verify the new version; until then, the
 * old version keeps answering (never a half-loaded one). If the new version fails to load (say, its
 * bytes do not verify), the handle keeps the old version, logs the failure, and tries again at the
 * next refresh. A replaced predictor is closed one refresh interval after it is replaced, so requests
 * in flight on it can finish.
 *
 * <p>Instances are thread-safe.
 */
public final class ModelHandle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHandle.class);

  private record Loaded(ModelVersion version, TabularPredictor predictor) {}

  private final ModelRegistry registry;
  private final ModelRef ref;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private final ScheduledFuture<?> task;
  private volatile Loaded current;
  private volatile boolean closed;

  ModelHandle(ModelRegistry registry, ModelRef ref, Duration interval, ScheduledExecutorService scheduler) {
    this.registry = registry;
    this.ref = ref;
    this.interval = interval;
    this.scheduler = scheduler;
    ModelVersion v = registry.current(ref);
    this.current = new Loaded(v, registry.load(v, ref));
    long ms = interval.toMillis();
    this.task = scheduler.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Returns the predictor of the version the reference pointed at when last checked.
   *
   * @return the predictor; do not close it, the handle does
   * @throws IllegalStateException if the handle is closed
   */
  public TabularPredictor predictor() {
    if (closed) {
      throw new IllegalStateException("this model handle is closed");
    }
    return current.predictor();
  }

  /**
   * Returns the version currently served.
   *
   * @return the version id
   */
  public VersionId version() {
    return current.version().id();
  }

  /**
   * Returns the reference followed.
   *
   * @return the reference
   */
  public ModelRef reference() {
    return ref;
  }

  /**
   * Re-resolves the reference now instead of waiting for the next refresh, and switches to the version
   * it points at if that changed.
   *
   * @return whether the served version changed
   * @throws dev.mlops.core.MlopsException if the reference no longer resolves or the new version
   *     does not load; the old version is kept
   */
  public boolean refreshNow() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      ModelVersion v = registry.current(ref);
      Loaded old = current;
      if (v.id().equals(old.version().id()) && v.manifestDigest().equals(old.version().manifestDigest())) {
        return false;
      }
      TabularPredictor p = registry.load(v, ref);
      current = new Loaded(v, p);
      LOG.info("{} now serves {} (was {})", ref, v.id(), old.version().id());
      try {
        scheduler.schedule(() -> closeQuietly(old.predictor()), interval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(old.predictor()); // the registry is closed: no delayed close is possible
      }
      return true;
    }
  }

  private void refresh() {
    try {
      refreshNow();
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh {}; still serving {}: {}", ref, current.version().id(), e.getMessage());
    }
  }

  private static void closeQuietly(TabularPredictor p) {
    try {
      p.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing a replaced predictor failed: {}", e.getMessage());
    }
  }

  /** Stops following the reference and closes the current predictor. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      task.cancel(false);
      closeQuietly(current.predictor());
    }
  }

  @Override
  public String toString() {
    return "ModelHandle[" + ref + " -> " + current.version().id() + "]";
  }
}
