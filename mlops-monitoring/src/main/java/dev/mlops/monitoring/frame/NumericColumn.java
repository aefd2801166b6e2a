package dev.mlops.monitoring.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * A numeric column: one {@code double} per row, NaN where the value is missing. Infinite values
 * are kept as given but count as missing for drift and profiles (as Evidently drops them).
 *
 * <p>Immutable and thread-safe: the values are copied in and never handed out.
 */
public final class NumericColumn implements Column {
  private final ColumnSpec spec;
  private final double[] values;
  private final int missing;

  /**
   * Creates a column from a copy of the values.
   *
   * @param name the column name
   * @param values the values, NaN for missing
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is blank
   */
  public NumericColumn(String name, double[] values) {
    this(new ColumnSpec(name, ColumnType.NUMERIC), Objects.requireNonNull(values, "values").clone(), true);
  }

  NumericColumn(ColumnSpec spec, double[] owned, boolean unused) {
    this.spec = spec;
    this.values = owned;
    int m = 0;
    for (double v : owned) {
      if (!Double.isFinite(v)) {
        m++;
      }
    }
    this.missing = m;
  }

  @Override
  public ColumnSpec spec() {
    return spec;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public int missingCount() {
    return missing;
  }

  /**
   * Returns the value of one row.
   *
   * @param row the row index
   * @return the value, NaN (or infinite) where missing
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public double value(int row) {
    return values[row];
  }

  /**
   * Returns a copy of all values, missing ones included.
   *
   * @return a new array
   */
  public double[] toArray() {
    return values.clone();
  }

  /**
   * Returns the finite values in row order, in a new array (NaN and infinities left out).
   *
   * @return a new array of {@code size() - missingCount()} values
   */
  public double[] finiteValues() {
    if (missing == 0) {
      return values.clone();
    }
    double[] out = new double[values.length - missing];
    int j = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        out[j++] = v;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "NumericColumn[" + spec.name() + ", " + values.length + " rows, " + missing + " missing]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericColumn c && c.spec.equals(spec) && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return spec.hashCode() * 31 + Arrays.hashCode(values);
  }
}
