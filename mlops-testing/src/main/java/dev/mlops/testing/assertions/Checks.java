package dev.mlops.testing.assertions;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds, records and enforces {@link AssertionResult}s, and formats their numbers. Stateless. */
final class Checks {
  private Checks() {}

  /** Records the result, then throws {@link ModelAssertionError} if it failed. */
  static AssertionResult enforce(AssertionResult result) {
    AssertionRecorder.record(result);
    if (!result.passed()) {
      throw new ModelAssertionError(result);
    }
    return result;
  }

  static OptionalDouble opt(double d) {
    return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
  }

  static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "undefined";
    }
    return String.format(Locale.ROOT, "%.4f", d);
  }

  static String sliceText(Optional<String> slice) {
    return slice.map(s -> "slice " + s).orElse("all rows");
  }

  /** Appends up to {@link AssertionResult#MAX_ROWS} row descriptions, with how many there were. */
  static String rowsText(List<String> rows, int total) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\n  failing rows (first ").append(Math.min(rows.size(), AssertionResult.MAX_ROWS))
        .append(" of ").append(total).append("):");
    for (int i = 0; i < Math.min(rows.size(), AssertionResult.MAX_ROWS); i++) {
      b.append("\n    ").append(rows.get(i));
    }
    return b.toString();
  }
}
