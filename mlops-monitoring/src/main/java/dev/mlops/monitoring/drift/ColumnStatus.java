package dev.mlops.monitoring.drift;

/**
 * What the drift engine could do with a column. Immutable and thread-safe.
 *
 * <p>Which statuses count towards the dataset verdict: {@link #TESTED} and {@link #CONSTANT}
 * are in the denominator of the drifted share, {@link #MISSING_IN_CURRENT} is in it and counts as
 * drifted (a column the current data lost is drift), the others are reported but not counted.
 */
public enum ColumnStatus {
  /** Both sides have values; a test or distance was computed. */
  TESTED,
  /** Both sides hold one and the same single value: no drift, no statistic. */
  CONSTANT,
  /** Every reference value is missing: nothing to compare with (the missing-share check still runs). */
  EMPTY_REFERENCE,
  /** Every current value is missing (the missing-share check reports it). */
  EMPTY_CURRENT,
  /** The column is in the reference but not in the current data: counted as drifted. */
  MISSING_IN_CURRENT,
  /** The column is only in the current data: reported, not tested, not counted. */
  MISSING_IN_REFERENCE
}
