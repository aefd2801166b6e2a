package dev.mlops.testing.assertions;

import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Data checks on a frame: drift against reference data (with the {@link DriftEngine}), conformance to a
 * model's input signature, and value ranges. Obtained from {@link ModelAssertions#assertThatData(Frame)}.
 *
 * <pre>{@code
 * assertThatData(test).hasNoDriftFrom(training);
 * assertThatData(test).conformsTo(model.signature());
 * assertThatData(test).isWithinRangesOf(training);
 * }</pre>
 *
 * <p>Not thread-safe: configure and use it on one thread.
 */
public final class DataAssert {
  private final Frame data;
  private DriftEngine engine = DriftEngine.defaults();

  DataAssert(Frame data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  /**
   * Uses this drift engine (methods, thresholds, correction) instead of {@link DriftEngine#defaults()}.
   *
   * @param driftEngine the engine
   * @return this
   */
  public DataAssert usingDriftEngine(DriftEngine driftEngine) {
    this.engine = Objects.requireNonNull(driftEngine, "driftEngine");
    return this;
  }

  /**
   * Asserts that the data set as a whole has not drifted from the reference (the engine's dataset
   * verdict: the share of drifted columns stays below its threshold).
   *
   * @param reference the reference data, e.g. the training set
   * @return the recorded result
   * @throws ModelAssertionError if the data set drifted
   */
  public AssertionResult hasNoDriftFrom(Frame reference) {
    DriftReport report = engine.compare(Objects.requireNonNull(reference, "reference"), data);
    return drift(report, !report.datasetDrift(), "dataset drift", report.driftShareThreshold());
  }

  /**
   * Asserts that no single column has drifted from the reference.
   *
   * @param reference the reference data, e.g. the training set
   * @return the recorded result
   * @throws ModelAssertionError if a column drifted
   */
  public AssertionResult hasNoColumnDriftFrom(Frame reference) {
    DriftReport report = engine.compare(Objects.requireNonNull(reference, "reference"), data);
    return drift(report, report.driftedColumns() == 0, "column drift", 0);
  }

  private AssertionResult drift(DriftReport report, boolean passed, String what, double threshold) {
    List<String> lines = new ArrayList<>();
    for (ColumnDrift c : report.columns()) {
      if (c.drifted()) {
        lines.add(String.format(Locale.ROOT, "column %s: %s score %s vs threshold %s (%d reference, %d current values)",
            c.name(), c.method().map(Enum::name).orElse("none"), c.score().isPresent() ? Checks.fmt(c.score().getAsDouble()) : "-",
            c.threshold().isPresent() ? Checks.fmt(c.threshold().getAsDouble()) : "-", c.referenceCount(), c.currentCount()));
      }
    }
    String title = "no " + what + " from the reference";
    String message = String.format(Locale.ROOT, "%s: %d of %d columns drifted (share %s, dataset drifts at share >= %s)%s",
        passed ? "no " + what : what + " found", report.driftedColumns(), report.consideredColumns(),
        Checks.fmt(report.driftShare()), Checks.fmt(report.driftShareThreshold()),
        lines.isEmpty() ? "" : "\n  drifted columns:\n    " + String.join("\n    ", lines));
    return Checks.enforce(new AssertionResult(title, "drift", OptionalDouble.of(report.driftShare()), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(threshold), Optional.empty(), passed, message, lines));
  }

  /**
   * Asserts that the data can be fed to a model: every input feature of the signature is a column, of
   * a matching type (numbers for double, long and boolean features, whole numbers for long, 0 or 1 for
   * boolean, text for string features), with no missing or non-finite value.
   *
   * @param signature the model's signature
   * @return the recorded result
   * @throws ModelAssertionError naming the columns and rows that do not conform
   */
  public AssertionResult conformsTo(ModelSignature signature) {
    List<String> problems = new ArrayList<>();
    int badRows = 0;
    boolean[] bad = new boolean[data.rowCount()];
    for (FeatureSpec f : signature.inputs().features()) {
      Optional<Column> column = data.column(f.name());
      if (column.isEmpty()) {
        problems.add("column " + f.name() + ": missing (the signature requires a " + f.type().id() + " feature)");
        continue;
      }
      Column c = column.get();
      if (f.type() == FeatureType.STRING) {
        if (!(c instanceof CategoricalColumn k)) {
          problems.add("column " + f.name() + ": numeric, but the signature requires text");
          continue;
        }
        for (int r = 0; r < k.size(); r++) {
          if (k.value(r) == null) {
            bad[r] = true;
            problems.add("row " + r + ": column " + f.name() + " is missing");
          }
        }
        continue;
      }
      if (!(c instanceof NumericColumn n)) {
        problems.add("column " + f.name() + ": text, but the signature requires a " + f.type().id() + " feature");
        continue;
      }
      for (int r = 0; r < n.size(); r++) {
        double v = n.value(r);
        String issue = null;
        if (!Double.isFinite(v)) {
          issue = "is missing or not finite";
        } else if (f.type() == FeatureType.LONG && v != Math.rint(v)) {
          issue = String.format(Locale.ROOT, "is %s, not a whole number", v);
        } else if (f.type() == FeatureType.BOOLEAN && v != 0 && v != 1) {
          issue = String.format(Locale.ROOT, "is %s, not 0 or 1", v);
        }
        if (issue != null) {
          bad[r] = true;
          problems.add("row " + r + ": column " + f.name() + " " + issue);
        }
      }
    }
    for (boolean b : bad) {
      badRows += b ? 1 : 0;
    }
    boolean passed = problems.isEmpty();
    String message = passed
        ? "the data conforms to the signature's " + signature.inputs().size() + " input features"
        : String.format(Locale.ROOT, "the data does not conform to the model's signature %s: %d problems, %d of %d rows affected%s",
            signature.inputs(), problems.size(), badRows, data.rowCount(), Checks.rowsText(problems, problems.size()));
    return Checks.enforce(new AssertionResult("data conforms to the model signature", "schema",
        OptionalDouble.of(problems.size()), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.of(0), Optional.empty(), passed, message, problems));
  }

  /**
   * Asserts that every value of a numeric column lies in {@code [min, max]}.
   *
   * @param column the column
   * @param min the lowest value accepted
   * @param max the highest value accepted
   * @return the recorded result
   * @throws ModelAssertionError naming the rows outside the range
   * @throws IllegalArgumentException if the column is missing or not numeric
   */
  public AssertionResult hasValuesBetween(String column, double min, double max) {
    NumericColumn n = numeric(data, column);
    List<String> lines = new ArrayList<>();
    int outside = outside(n, min, max, lines);
    return range("values of " + column + " in [" + Checks.fmt(min) + ", " + Checks.fmt(max) + "]", column, outside, 0, lines);
  }

  /**
   * Asserts that no value of a numeric column shared with the reference falls outside the range the
   * reference covers ({@code [min, max]} of its finite values).
   *
   * @param reference the reference data, e.g. the training set
   * @return the recorded result
   * @throws ModelAssertionError naming the rows and columns outside the reference's ranges
   */
  public AssertionResult isWithinRangesOf(Frame reference) {
    return isWithinRangesOf(reference, 0.0);
  }

  /**
   * Asserts that in every numeric column shared with the reference, at most a share of values falls
   * outside the range the reference covers.
   *
   * @param reference the reference data
   * @param maxShareOutside the largest share of out-of-range values accepted per column, in [0, 1]
   * @return the recorded result
   * @throws ModelAssertionError naming the rows and columns outside the reference's ranges
   * @throws IllegalArgumentException if maxShareOutside is outside [0, 1]
   */
  public AssertionResult isWithinRangesOf(Frame reference, double maxShareOutside) {
    if (!(maxShareOutside >= 0 && maxShareOutside <= 1)) {
      throw new IllegalArgumentException("maxShareOutside must lie in [0, 1], got " + maxShareOutside);
    }
    List<String> lines = new ArrayList<>();
    double worst = 0;
    String worstColumn = null;
    for (Column c : data.columns()) {
      if (!(c instanceof NumericColumn n) || !(reference.column(c.spec().name()).orElse(null) instanceof NumericColumn ref)) {
        continue;
      }
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : ref.finiteValues()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (lo > hi) {
        continue;
      }
      int out = outside(n, lo, hi, lines);
      double share = n.size() == 0 ? 0 : (double) out / n.size();
      if (share > worst || worstColumn == null) {
        worst = share;
        worstColumn = c.spec().name();
      }
    }
    String title = "values within the reference's ranges (share outside <= " + Checks.fmt(maxShareOutside) + ")";
    boolean passed = worst <= maxShareOutside;
    String message = String.format(Locale.ROOT, "%s: worst column %s has share %s outside the reference's range, %s threshold %s%s",
        passed ? "values within the reference's ranges" : "values outside the reference's ranges", worstColumn, Checks.fmt(worst),
        passed ? "<=" : ">", Checks.fmt(maxShareOutside), passed ? "" : Checks.rowsText(lines, lines.size()));
    return Checks.enforce(new AssertionResult(title, "range", OptionalDouble.of(worst), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(maxShareOutside),
        worstColumn == null ? Optional.empty() : Optional.of("column " + worstColumn), passed, message,
        passed ? List.of() : lines));
  }

  private AssertionResult range(String title, String column, int outside, double threshold, List<String> lines) {
    double share = data.rowCount() == 0 ? 0 : (double) outside / data.rowCount();
    boolean passed = share <= threshold;
    String message = String.format(Locale.ROOT, "%s: %d of %d rows outside (share %s, threshold %s)%s", title, outside,
        data.rowCount(), Checks.fmt(share), Checks.fmt(threshold), Checks.rowsText(lines, outside));
    return Checks.enforce(new AssertionResult(title, "range", OptionalDouble.of(share), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(threshold), Optional.of("column " + column),
        passed, message, lines));
  }

  private static int outside(NumericColumn n, double min, double max, List<String> lines) {
    int out = 0;
    for (int r = 0; r < n.size(); r++) {
      double v = n.value(r);
      if (!(v >= min && v <= max)) {
        out++;
        lines.add(String.format(Locale.ROOT, "row %d: %s = %s outside [%s, %s]", r, n.spec().name(),
            Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "missing", Checks.fmt(min), Checks.fmt(max)));
      }
    }
    return out;
  }

  private static NumericColumn numeric(Frame frame, String column) {
    Column c = frame.column(column).orElseThrow(() -> new IllegalArgumentException(
        "The data has no column '" + column + "'; its columns are " + Evaluation.names(frame) + "."));
    if (!(c instanceof NumericColumn n)) {
      throw new IllegalArgumentException("Column '" + column + "' holds text; range checks need numbers.");
    }
    return n;
  }
}
