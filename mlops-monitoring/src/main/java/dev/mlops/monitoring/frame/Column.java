package dev.mlops.monitoring.frame;

/**
 * One column of a {@link Frame}: a {@link NumericColumn} or a {@link CategoricalColumn}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {
  /**
   * Returns the column's name and type.
   *
   * @return the spec
   */
  ColumnSpec spec();

  /**
   * Returns the number of rows, missing ones included.
   *
   * @return the row count
   */
  int size();

  /**
   * Returns the number of missing rows (NaN or infinite for numeric, null for categorical).
   *
   * @return the missing count
   */
  int missingCount();
}
