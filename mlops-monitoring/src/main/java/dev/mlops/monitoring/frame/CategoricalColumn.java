package dev.mlops.monitoring.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A categorical column, dictionary-encoded: one {@code int} code per row into a list of distinct
 * labels, {@code -1} where the value is missing.
 *
 * <p>Immutable and thread-safe: codes and labels are copied in and never handed out mutable.
 */
public final class CategoricalColumn implements Column {
  /** The code of a missing value. */
  public static final int MISSING = -1;

  private final ColumnSpec spec;
  private final int[] codes;
  private final List<String> labels;
  private final int missing;

  /**
   * Creates a column from labels, one per row ({@code null} for missing).
   *
   * @param name the column name
   * @param values the labels; null entries are missing
   * @throws NullPointerException if the name or the array is null
   * @throws IllegalArgumentException if the name is blank
   */
  public CategoricalColumn(String name, String[] values) {
    Objects.requireNonNull(values, "values");
    this.spec = new ColumnSpec(name, ColumnType.CATEGORICAL);
    Map<String, Integer> dict = new HashMap<>();
    List<String> list = new ArrayList<>();
    int[] c = new int[values.length];
    int m = 0;
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v == null) {
        c[i] = MISSING;
        m++;
      } else {
        Integer code = dict.get(v);
        if (code == null) {
          code = list.size();
          dict.put(v, code);
          list.add(v);
        }
        c[i] = code;
      }
    }
    this.codes = c;
    this.labels = List.copyOf(list);
    this.missing = m;
  }

  CategoricalColumn(ColumnSpec spec, int[] ownedCodes, List<String> labels) {
    this.spec = spec;
    this.codes = ownedCodes;
    this.labels = List.copyOf(labels);
    int m = 0;
    for (int c : ownedCodes) {
      if (c == MISSING) {
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
    return codes.length;
  }

  @Override
  public int missingCount() {
    return missing;
  }

  /**
   * Returns the distinct labels, in order of first appearance; code {@code i} stands for label
   * {@code i}.
   *
   * @return an immutable list
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * Returns the code of one row.
   *
   * @param row the row index
   * @return the code, or {@link #MISSING}
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public int code(int row) {
    return codes[row];
  }

  /**
   * Returns the label of one row.
   *
   * @param row the row index
   * @return the label, or null where missing
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public String value(int row) {
    int c = codes[row];
    return c == MISSING ? null : labels.get(c);
  }

  /**
   * Counts the rows of each label.
   *
   * @return {@code counts[i]} rows carry label {@code i}; missing rows are not counted
   */
  public long[] counts() {
    long[] counts = new long[labels.size()];
    for (int c : codes) {
      if (c != MISSING) {
        counts[c]++;
      }
    }
    return counts;
  }

  @Override
  public String toString() {
    return "CategoricalColumn[" + spec.name() + ", " + codes.length + " rows, " + labels.size()
        + " labels, " + missing + " missing]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CategoricalColumn c) || !c.spec.equals(spec) || c.codes.length != codes.length) {
      return false;
    }
    for (int i = 0; i < codes.length; i++) {
      if (!Objects.equals(c.value(i), value(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    String[] v = new String[codes.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = value(i);
    }
    return spec.hashCode() * 31 + Arrays.hashCode(v);
  }
}
