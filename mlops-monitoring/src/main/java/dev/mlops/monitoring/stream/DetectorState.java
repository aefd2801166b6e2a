package dev.mlops.monitoring.stream;

/**
 * What a {@link ChangeDetector} concluded after its latest observation.
 *
 * <p>Detectors return one of these constants from every update, so an update allocates nothing.
 * Immutable and thread-safe.
 */
public enum DetectorState {
  /** No change: the stream looks stationary so far. */
  NONE,
  /**
   * The warning zone: the statistic is past the warning level but not the drift level (only the
   * detectors that have a warning level report it: DDM, EDDM, HDDM-A, HDDM-W).
   */
  WARNING,
  /**
   * A change was detected at this observation. The detector starts afresh with the next
   * observation (its statistics are reset; {@link ChangeDetector#count()} keeps counting).
   */
  DRIFT
}
