package dev.mlops.testing.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A fairness gap between the slices of a column: the largest minus the smallest of a per-slice rate.
 * End it with {@link #isAtMost(double)}.
 *
 * <ul>
 *   <li><b>Demographic parity difference</b>: the rate of predicting the positive class, per slice.
 *   <li><b>Equal opportunity difference</b>: the true positive rate (recall of the positive class),
 *       per slice; slices without a positive row are left out and named in the message.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class GapAssert {
  private final String metric;
  private final String column;
  private final Map<String, double[]> rates;
  private final List<String> skipped;

  /** {@code rates}: slice to {rate, rows counted}. */
  GapAssert(String metric, String column, Map<String, double[]> rates, List<String> skipped) {
    this.metric = metric;
    this.column = column;
    this.rates = Map.copyOf(rates);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Returns the gap: the largest per-slice rate minus the smallest (0 with fewer than two slices).
   *
   * @return the gap
   */
  public double value() {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double[] r : rates.values()) {
      max = Math.max(max, r[0]);
      min = Math.min(min, r[0]);
    }
    return rates.size() < 2 ? 0 : max - min;
  }

  /**
   * Asserts that the gap is at most a threshold.
   *
   * @param threshold the largest gap accepted
   * @return the recorded result
   * @throws ModelAssertionError if the gap is larger, or fewer than two slices could be compared
   */
  public AssertionResult isAtMost(double threshold) {
    String hi = null;
    String lo = null;
    for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(rates).entrySet()) {
      if (hi == null || e.getValue()[0] > rates.get(hi)[0]) {
        hi = e.getKey();
      }
      if (lo == null || e.getValue()[0] < rates.get(lo)[0]) {
        lo = e.getKey();
      }
    }
    double gap = value();
    boolean comparable = rates.size() >= 2;
    boolean passed = comparable && gap <= threshold;
    String slice = comparable ? column + "=" + hi + " vs " + column + "=" + lo : column;
    List<String> lines = new ArrayList<>();
    new java.util.TreeMap<>(rates).forEach((k, r) -> lines.add(String.format(Locale.ROOT, "%s=%s: %s %.4f (n=%d)",
        column, k, metric.startsWith("demographic") ? "positive prediction rate" : "true positive rate", r[0], (long) r[1])));
    String title = metric + " over " + column + " <= " + Checks.fmt(threshold);
    String message;
    if (!comparable) {
      message = metric + " over " + column + " cannot be checked: fewer than two slices have rows to compare"
          + (skipped.isEmpty() ? "" : " (no positive rows in " + skipped + ")");
    } else {
      message = String.format(Locale.ROOT, "%s %s over column '%s': %s (%s) - %s (%s) = %s, %s threshold %s%s%s",
          metric, passed ? "within" : "exceeds", column, hi, Checks.fmt(rates.get(hi)[0]), lo, Checks.fmt(rates.get(lo)[0]),
          Checks.fmt(gap), passed ? "<=" : ">", Checks.fmt(threshold),
          skipped.isEmpty() ? "" : "; left out (no positive rows): " + skipped,
          "\n  per slice:\n    " + String.join("\n    ", lines));
    }
    return Checks.enforce(new AssertionResult(title, metric, comparable ? OptionalDouble.of(gap) : OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(threshold),
        Optional.of(slice), passed, message, passed ? List.of() : lines));
  }
}
