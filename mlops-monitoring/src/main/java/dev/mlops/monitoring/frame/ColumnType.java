package dev.mlops.monitoring.frame;

/**
 * The type of a frame column. Immutable and thread-safe.
 */
public enum ColumnType {
  /** Real numbers stored as {@code double}; missing is NaN (infinities also count as missing in drift). */
  NUMERIC,
  /** Category labels stored as dictionary codes; missing is a null label. */
  CATEGORICAL
}
