package dev.mlops.monitoring.stream;

import java.util.Objects;

/**
 * Helpers around {@link ChangeDetector}s. Stateless and thread-safe.
 */
public final class ChangeDetectors {
  private ChangeDetectors() {}

  /**
   * Returns a view of a detector whose methods are synchronized on the view, for a detector that
   * several threads feed. The caller must not use the wrapped detector directly afterwards. A
   * snapshot taken through the view is consistent; it restores to an unwrapped detector.
   *
   * @param detector the detector to guard
   * @return a thread-safe view
   * @throws NullPointerException if detector is null
   */
  public static ChangeDetector synchronizedDetector(ChangeDetector detector) {
    return new SynchronizedDetector(Objects.requireNonNull(detector, "detector"));
  }

  /** The lock-guarded view; thread-safe. */
  private static final class SynchronizedDetector implements ChangeDetector {
    private final ChangeDetector delegate;

    SynchronizedDetector(ChangeDetector delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized DetectorState update(double value) {
      return delegate.update(value);
    }

    @Override
    public synchronized DetectorState state() {
      return delegate.state();
    }

    @Override
    public synchronized void reset() {
      delegate.reset();
    }

    @Override
    public synchronized long count() {
      return delegate.count();
    }

    @Override
    public synchronized DetectorSnapshot snapshot() {
      return delegate.snapshot();
    }

    @Override
    public String toString() {
      return "synchronized " + delegate;
    }
  }
}
