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
 * in flight on it can finish (by the next refresh or a task scheduled for it, whichever comes first),
 * and at the latest when the handle is closed: moving an alias back and forth leaks no predictor.
 *
 * <p>Instances are thread-safe.
 */
public final class ModelHandle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHandle.class);

  private record Loaded(ModelVersion version, TabularPredictor predictor) {}

  /** A replaced predictor and when it may be closed (System.nanoTime). */
  private record Retired(TabularPredictor predictor, long closeAfterNanos) {}

  private final ModelRegistry registry;
  private final ModelRef ref;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private final ScheduledFuture<?> task;
  private volatile Loaded current;
  private volatile boolean closed;
  /** Replaced predictors waiting out one refresh interval before they are closed, oldest first. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Retired> retired = new java.util.concurrent.ConcurrentLinkedQueue<>();

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
   * Predicts with the version currently served. Unlike {@code predictor().predict(features)}, a call
   * that picked a predictor just before it was replaced and closed (a thread paused for longer than the
   * refresh interval between the two) is answered by the new version instead of failing.
   *
   * @param features the input features
   * @return the prediction
   * @throws dev.mlops.core.InvalidInputException if the features do not match the model's signature
   * @throws IllegalStateException if the handle is closed
   */
  public dev.mlops.core.model.Prediction predict(java.util.Map<String, ?> features) {
    Loaded l = current;
    if (closed) {
      throw new IllegalStateException("this model handle is closed");
    }
    try {
      return l.predictor().predict(features);
    } catch (IllegalStateException e) {
      Loaded now = current;
      if (now != l && !closed) {
        return now.predictor().predict(features); // replaced and closed under this call
      }
      throw e;
    }
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
    closeRetired(false);
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
      retired.add(new Retired(old.predictor(), System.nanoTime() + interval.toNanos()));
      try {
        scheduler.schedule(() -> closeRetired(false), interval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeRetired(true); // the registry is closed: no delayed close is possible
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

  /**
   * Closes the replaced predictors whose interval has passed (all of them if {@code all}). Called by
   * every refresh and by a task scheduled one interval after each replacement, so closes keep up even
   * when the scheduler thread is busy loading.
   */
  private void closeRetired(boolean all) {
    long now = System.nanoTime();
    Retired r;
    while ((r = retired.peek()) != null && (all || now - r.closeAfterNanos() >= 0)) {
      if (retired.remove(r)) {
        closeQuietly(r.predictor());
      }
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
      closeRetired(true);
    }
  }

  @Override
  public String toString() {
    return "ModelHandle[" + ref + " -> " + current.version().id() + "]";
  }
}
