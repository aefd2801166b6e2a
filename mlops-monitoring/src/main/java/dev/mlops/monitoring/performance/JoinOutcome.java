package dev.mlops.monitoring.performance;

/**
 * What {@link LabelJoiner} did with a label.
 *
 * <p>Immutable and thread-safe.
 */
public enum JoinOutcome {
  /** The label was joined to its pending prediction and counts in the current window. */
  JOINED,
  /**
   * No prediction with that id was pending: never recorded, evicted by the pending limit, expired by the
   * time-to-live, or already labelled. Counted in {@link LabelJoiner#unmatchedLabels()}.
   */
  UNMATCHED
}
