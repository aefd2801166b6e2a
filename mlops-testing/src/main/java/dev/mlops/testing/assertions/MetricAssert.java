package dev.mlops.testing.assertions;

import dev.mlops.monitoring.performance.MetricEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * A quality metric with its confidence interval, on all rows or on every slice of a column, to assert a
 * threshold on: the point value ({@link #isAtLeast}, {@link #isAtMost}) or a confidence bound
 * ({@link #lowerBound()}, {@link #upperBound()}).
 *
 * <pre>{@code
 * assertThatModel(model).on(holdout, "label").accuracy().lowerBound().isAtLeast(0.9);
 * assertThatModel(model).on(holdout, "label").logLoss().upperBound().isAtMost(0.4);
 * assertThatModel(model).on(holdout, "label").slicedBy("region").recall().lowerBound().isAtLeast(0.7);
 * }</pre>
 *
 * <p>On slices the assertion holds for every slice, and the message names the worst one (the lowest
 * value for {@code isAtLeast}, the highest for {@code isAtMost}) and every slice that fails. A slice on
 * which the metric is undefined (AUC with one class in it) is listed and left out. A failure message
 * reads, for example:
 *
 * <pre>
 * accuracy lower bound 0.6012 is below the threshold 0.9000 on slice region=north: value 0.7000,
 *   95% interval [0.6012, 0.7830] (WILSON, n=60); 1 of 3 slices fail: region=north (0.6012)
 *   failing rows (first 5 of 18):
 *     row 12: true malignant, predicted benign (score[benign]=0.810)
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MetricAssert {
  /**
   * The metric on one set of rows.
   *
   * @param slice the slice, or empty for all rows
   * @param rows the rows, or null for all rows
   * @param estimate the metric with its interval
   */
  record Entry(Optional<String> slice, int[] rows, MetricEstimate estimate) {}

  private final Quality quality;
  private final Metric metric;
  private final List<Entry> entries;
  private final List<String> undefined;
  private final String sliceColumn;

  MetricAssert(Quality quality, Metric metric, List<Entry> entries, List<String> undefined, String sliceColumn) {
    this.quality = quality;
    this.metric = metric;
    this.entries = List.copyOf(entries);
    this.undefined = List.copyOf(undefined);
    this.sliceColumn = sliceColumn;
  }

  /**
   * Returns the estimate: on all rows, or, on slices, that of the slice with the worst value.
   *
   * @return the value with its interval
   * @throws IllegalStateException if no slice has a defined value
   */
  public MetricEstimate estimate() {
    return worst(e -> e.estimate().value(), !metric.lowerIsBetter())
        .orElseThrow(() -> new IllegalStateException(metric.label() + " is undefined on every slice: " + undefined))
        .estimate();
  }

  /**
   * Asserts that the point value is at least a threshold.
   *
   * @param threshold the threshold
   * @return the recorded result
   * @throws ModelAssertionError if the value (on some slice) is below it
   */
  public AssertionResult isAtLeast(double threshold) {
    return check("value", MetricEstimate::value, true, threshold);
  }

  /**
   * Asserts that the point value is at most a threshold.
   *
   * @param threshold the threshold
   * @return the recorded result
   * @throws ModelAssertionError if the value (on some slice) is above it
   */
  public AssertionResult isAtMost(double threshold) {
    return check("value", MetricEstimate::value, false, threshold);
  }

  /**
   * Selects the lower confidence bound: the claim "at least" with the interval's confidence.
   *
   * @return the bound to assert on
   */
  public Bound lowerBound() {
    return new Bound("lower bound", MetricEstimate::lower);
  }

  /**
   * Selects the upper confidence bound: for losses and errors, the claim "at most" with the
   * interval's confidence.
   *
   * @return the bound to assert on
   */
  public Bound upperBound() {
    return new Bound("upper bound", MetricEstimate::upper);
  }

  /**
   * A confidence bound of the metric to assert a threshold on. Immutable and thread-safe.
   */
  public final class Bound {
    private final String name;
    private final ToDoubleFunction<MetricEstimate> of;

    private Bound(String name, ToDoubleFunction<MetricEstimate> of) {
      this.name = name;
      this.of = of;
    }

    /**
     * Asserts that the bound is at least a threshold.
     *
     * @param threshold the threshold
     * @return the recorded result
     * @throws ModelAssertionError if the bound (on some slice) is below it
     */
    public AssertionResult isAtLeast(double threshold) {
      return check(name, of, true, threshold);
    }

    /**
     * Asserts that the bound is at most a threshold.
     *
     * @param threshold the threshold
     * @return the recorded result
     * @throws ModelAssertionError if the bound (on some slice) is above it
     */
    public AssertionResult isAtMost(double threshold) {
      return check(name, of, false, threshold);
    }
  }

  private Optional<Entry> worst(ToDoubleFunction<Entry> of, boolean lowIsWorst) {
    Entry worst = null;
    for (Entry e : entries) {
      if (worst == null || (lowIsWorst ? of.applyAsDouble(e) < of.applyAsDouble(worst) : of.applyAsDouble(e) > of.applyAsDouble(worst))) {
        worst = e;
      }
    }
    return Optional.ofNullable(worst);
  }

  private AssertionResult check(String quantity, ToDoubleFunction<MetricEstimate> of, boolean atLeast, double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold is NaN");
    }
    String title = metric.label() + " " + quantity + (atLeast ? " >= " : " <= ") + Checks.fmt(threshold)
        + (sliceColumn == null ? "" : " on every slice of " + sliceColumn);
    Optional<Entry> found = worst(e -> of.applyAsDouble(e.estimate()), atLeast);
    if (found.isEmpty()) {
      String message = title + " cannot be checked: the metric is undefined on every slice" + undefinedText();
      return Checks.enforce(new AssertionResult(title, metric.label(), OptionalDouble.empty(), OptionalDouble.empty(),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(threshold), Optional.ofNullable(sliceColumn),
          false, message, List.of()));
    }
    Entry w = found.get();
    MetricEstimate e = w.estimate();
    List<String> failingSlices = new ArrayList<>();
    for (Entry x : entries) {
      double v = of.applyAsDouble(x.estimate());
      if (atLeast ? v < threshold : v > threshold) {
        failingSlices.add(x.slice().orElse("all rows") + " (" + Checks.fmt(v) + ")");
      }
    }
    boolean passed = failingSlices.isEmpty();
    double x = of.applyAsDouble(e);
    String verdict = passed ? (atLeast ? "meets" : "is within") : (atLeast ? "is below" : "exceeds");
    StringBuilder m = new StringBuilder(String.format(Locale.ROOT,
        "%s %s %s %s the threshold %s on %s: value %s, %d%% interval [%s, %s] (%s, n=%d)", metric.label(), quantity,
        Checks.fmt(x), verdict, Checks.fmt(threshold), Checks.sliceText(w.slice()), Checks.fmt(e.value()),
        Math.round(e.level() * 100), Checks.fmt(e.lower()), Checks.fmt(e.upper()), e.method(), e.n()));
    if (sliceColumn != null) {
      m.append(String.format(Locale.ROOT, "; %d of %d slices fail%s", failingSlices.size(), entries.size(),
          failingSlices.isEmpty() ? "" : ": " + String.join(", ", failingSlices)));
    }
    m.append(undefinedText());
    List<String> rows = List.of();
    if (!passed) {
      rows = quality.worstRows(w.rows(), AssertionResult.MAX_ROWS);
      m.append(Checks.rowsText(rows, quality.wrongCount(w.rows())));
    }
    return Checks.enforce(new AssertionResult(title, metric.label(), OptionalDouble.of(e.value()), OptionalDouble.of(e.lower()),
        OptionalDouble.of(e.upper()), OptionalDouble.of(e.level()), OptionalDouble.of(threshold), w.slice(), passed,
        m.toString(), rows));
  }

  private String undefinedText() {
    return undefined.isEmpty() ? "" : "; undefined on (left out): " + String.join(", ", undefined);
  }

  static MetricAssert of(Quality quality, Metric metric) {
    return new MetricAssert(quality, metric, List.of(new Entry(Optional.empty(), null, quality.estimate(metric, null))),
        List.of(), null);
  }

  static MetricAssert sliced(Quality quality, Metric metric, String column, java.util.Map<String, int[]> slices) {
    List<Entry> entries = new ArrayList<>();
    List<String> undefined = new ArrayList<>();
    slices.forEach((value, rows) -> {
      String name = column + "=" + value;
      try {
        entries.add(new Entry(Optional.of(name), rows, quality.estimate(metric, rows)));
      } catch (dev.mlops.core.InvalidInputException ex) {
        undefined.add(name + " (" + ex.getMessage() + ")");
      }
    });
    return new MetricAssert(quality, metric, entries, undefined, Objects.requireNonNull(column));
  }
}
