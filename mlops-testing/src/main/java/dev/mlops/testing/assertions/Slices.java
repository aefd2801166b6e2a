package dev.mlops.testing.assertions;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Groups the rows of a frame by the values of one column. Stateless. */
final class Slices {
  /** Numeric columns with more distinct values than this are refused as slice columns. */
  static final int MAX_NUMERIC_SLICES = 20;
  static final String MISSING = "(missing)";

  private Slices() {}

  /** Slice value to the rows in it, sorted by value. */
  static Map<String, int[]> of(Frame frame, String column) {
    Column c = frame.column(column).orElseThrow(() -> new InvalidInputException(column,
        "The data has no column '" + column + "' to slice by; its columns are " + Evaluation.names(frame) + "."));
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int r = 0; r < c.size(); r++) {
      String v;
      if (c instanceof CategoricalColumn k) {
        v = k.value(r);
      } else {
        v = Evaluation.labelText(c, r);
      }
      groups.computeIfAbsent(v == null ? MISSING : v, k -> new ArrayList<>()).add(r);
    }
    if (c instanceof NumericColumn && groups.size() > MAX_NUMERIC_SLICES) {
      throw new InvalidInputException(column, "Column '" + column + "' has " + groups.size()
          + " distinct numbers; slice by a column of at most " + MAX_NUMERIC_SLICES
          + " values (add a binned categorical column to the frame).");
    }
    Map<String, int[]> out = new TreeMap<>();
    groups.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }
}
