package dev.mlops.monitoring.frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A columnar table: named columns of equal length, each a primitive array ({@link NumericColumn}
 * or {@link CategoricalColumn}), and the schema of their names and types in order.
 *
 * <pre>{@code
 * Frame frame = Frame.of(
 *     new NumericColumn("age", new double[] {31, 45, Double.NaN}),
 *     new CategoricalColumn("plan", new String[] {"free", null, "pro"}));
 * }</pre>
 *
 * <p>Adapters in {@link Frames} build frames from Tribuo data sets, CSV files and maps. Immutable
 * and thread-safe.
 */
public final class Frame {
  private final Map<String, Column> columns;
  private final List<ColumnSpec> schema;
  private final int rowCount;

  private Frame(Map<String, Column> columns, int rowCount) {
    this.columns = Collections.unmodifiableMap(columns);
    List<ColumnSpec> s = new ArrayList<>(columns.size());
    for (Column c : columns.values()) {
      s.add(c.spec());
    }
    this.schema = List.copyOf(s);
    this.rowCount = rowCount;
  }

  /**
   * Creates a frame from columns of equal length.
   *
   * @param columns the columns, in schema order
   * @return the frame
   * @throws NullPointerException if a column is null
   * @throws IllegalArgumentException if two columns share a name or differ in length
   */
  public static Frame of(Column... columns) {
    return of(List.of(columns));
  }

  /**
   * Creates a frame from columns of equal length.
   *
   * @param columns the columns, in schema order
   * @return the frame
   * @throws NullPointerException if a column is null
   * @throws IllegalArgumentException if two columns share a name or differ in length
   */
  public static Frame of(List<? extends Column> columns) {
    Map<String, Column> map = new LinkedHashMap<>();
    int rows = -1;
    for (Column c : columns) {
      Objects.requireNonNull(c, "column");
      if (rows >= 0 && c.size() != rows) {
        throw new IllegalArgumentException("column '" + c.spec().name() + "' has " + c.size()
            + " rows, the columns before it " + rows + ": every column needs the same row count");
      }
      rows = c.size();
      if (map.put(c.spec().name(), c) != null) {
        throw new IllegalArgumentException("two columns are named '" + c.spec().name() + "'");
      }
    }
    return new Frame(map, Math.max(rows, 0));
  }

  /**
   * Returns the schema: names and types in column order.
   *
   * @return an immutable list
   */
  public List<ColumnSpec> schema() {
    return schema;
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count (0 for a frame without columns)
   */
  public int rowCount() {
    return rowCount;
  }

  /**
   * Returns the columns in schema order.
   *
   * @return an immutable list
   */
  public List<Column> columns() {
    return List.copyOf(columns.values());
  }

  /**
   * Returns a column by name.
   *
   * @param name the column name
   * @return the column, or empty if the frame has none of that name
   * @throws NullPointerException if name is null
   */
  public Optional<Column> column(String name) {
    return Optional.ofNullable(columns.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns the frame's rows {@code [from, to)} as a new frame.
   *
   * @param from the first row, inclusive
   * @param to the last row, exclusive
   * @return the slice
   * @throws IndexOutOfBoundsException if the range is not within the frame
   */
  public Frame slice(int from, int to) {
    Objects.checkFromToIndex(from, to, rowCount);
    int[] rows = new int[to - from];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return select(rows);
  }

  /**
   * Returns the given rows, in the given order, as a new frame (a row may repeat).
   *
   * @param rows the row indices
   * @return the selection
   * @throws NullPointerException if rows is null
   * @throws IndexOutOfBoundsException if an index is not a row of the frame
   */
  public Frame select(int[] rows) {
    Objects.requireNonNull(rows, "rows");
    for (int r : rows) {
      Objects.checkIndex(r, rowCount);
    }
    List<Column> out = new ArrayList<>();
    for (Column c : columns.values()) {
      if (c instanceof NumericColumn n) {
        double[] v = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          v[i] = n.value(rows[i]);
        }
        out.add(new NumericColumn(c.spec(), v, true));
      } else {
        CategoricalColumn k = (CategoricalColumn) c;
        int[] codes = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
          codes[i] = k.code(rows[i]);
        }
        out.add(new CategoricalColumn(c.spec(), codes, k.labels()));
      }
    }
    return of(out);
  }

  @Override
  public String toString() {
    return "Frame[" + rowCount + " rows, " + schema + "]";
  }
}
