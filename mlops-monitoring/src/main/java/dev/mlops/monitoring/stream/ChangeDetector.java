package dev.mlops.monitoring.stream;

/**
 * A streaming change detector: it reads one value at a time and says whether the stream has changed.
 *
 * <pre>{@code
 * ChangeDetector detector = new PageHinkley(PageHinkleyConfig.DEFAULTS);
 * for (double latency : latencies) {
 *   if (detector.update(latency) == DetectorState.DRIFT) {
 *     // the mean moved: raise an alert, retrain, ...
 *   }
 * }
 * String json = detector.snapshot().toJson();               // persist
 * ChangeDetector again = DetectorSnapshot.fromJson(json).restore(); // continue after a restart
 * }</pre>
 *
 * <p>After a {@link DetectorState#DRIFT} the detector discards what it learned and starts afresh
 * with the next value, as River's and MOA's detectors do; the caller does not need to reset it.
 * Every detector is deterministic: the same values (and, for a randomised detector, the same seed)
 * give the same states, and a detector restored from a {@link #snapshot()} continues exactly as the
 * original would have.
 *
 * <p>Values must be finite: NaN or an infinity is rejected with {@link
 * dev.mlops.core.InvalidInputException} and leaves the detector unchanged. Binary detectors (see
 * {@link BinaryChangeDetector}) accept only 0 and 1.
 *
 * <p>Implementations are <b>not thread-safe</b>: confine an instance to one thread, or wrap it
 * with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public interface ChangeDetector {

  /**
   * Reads one value and returns the detector's conclusion.
   *
   * @param value the observation (finite; 0 or 1 for a binary detector)
   * @return the state after this observation; never null
   * @throws dev.mlops.core.InvalidInputException if the value is NaN or infinite, or not 0 or 1
   *     for a binary detector; the detector is unchanged
   */
  DetectorState update(double value);

  /**
   * Returns the state after the latest observation ({@link DetectorState#NONE} before any).
   *
   * @return the current state; never null
   */
  DetectorState state();

  /** Forgets every observation: the detector is as new, and {@link #count()} is zero. */
  void reset();

  /**
   * Returns the number of observations read since creation or the last {@link #reset()},
   * including those before a drift.
   *
   * @return the number of observations
   */
  long count();

  /**
   * Captures the configuration and the complete state as a JSON-serialisable snapshot.
   *
   * @return the snapshot; {@link DetectorSnapshot#restore()} gives an equivalent detector
   */
  DetectorSnapshot snapshot();
}
