package dev.mlops.monitoring.profile;

import dev.mlops.monitoring.frame.ColumnSpec;

/**
 * The profile of one column: {@link NumericProfile} or {@link CategoricalProfile}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ColumnProfile permits NumericProfile, CategoricalProfile {
  /**
   * Returns the column's name and type.
   *
   * @return the spec
   */
  ColumnSpec spec();

  /**
   * Returns the number of non-missing values profiled.
   *
   * @return the count
   */
  long count();

  /**
   * Returns the number of missing values seen.
   *
   * @return the missing count
   */
  long missingCount();
}
