package dev.mlops.testing.assertions;

import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.performance.McNemarResult;
import dev.mlops.monitoring.performance.McNemarTest;
import dev.mlops.monitoring.performance.MetricEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The model under test (the challenger) against the champion on the same rows: paired comparisons that
 * pass when the challenger is not worse beyond a margin. Obtained from
 * {@link ModelOnData#comparedTo(dev.mlops.core.model.TabularPredictor)}.
 *
 * <ul>
 *   <li>{@link #accuracyNotWorse(double)}: McNemar's test on the rows where exactly one model is right.
 *       It fails when the challenger is <em>significantly</em> less accurate (two-sided p below
 *       {@code 1 - confidence}, more rows only the champion gets right) <em>and</em> the accuracy drop
 *       exceeds the margin.
 *   <li>{@link #notWorse(Metric, double)}: the paired bootstrap interval of
 *       {@code metric(challenger) - metric(champion)} (both scored on every resample). It is a
 *       non-inferiority test: it passes when the whole interval lies above {@code -margin} (below
 *       {@code +margin} for losses), so an uncertain comparison fails and asks for more rows.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ChampionComparison {
  private final Quality quality;
  private final List<Prediction> champion;

  ChampionComparison(Quality quality, List<Prediction> champion) {
    this.quality = quality;
    this.champion = List.copyOf(champion);
  }

  /**
   * Asserts with McNemar's test that the challenger is not significantly less accurate than the champion
   * by more than a margin.
   *
   * @param margin the accuracy drop tolerated, at least 0 (e.g. 0.01)
   * @return the recorded result
   * @throws ModelAssertionError if the challenger is significantly worse beyond the margin
   * @throws IllegalArgumentException if the margin is negative
   * @throws IllegalStateException if the model is not a classifier or the data has no labels
   */
  public AssertionResult accuracyNotWorse(double margin) {
    requireMargin(margin);
    quality.requireLabels();
    quality.requireKind(Metric.ACCURACY);
    int[] truth = quality.truth();
    McNemarResult r = McNemarTest.compare(truth, quality.predicted(quality.eval.predictions), quality.predicted(champion));
    double alpha = 1 - quality.intervals.level();
    double diff = r.accuracyDifference();
    boolean worse = r.pValue() < alpha && diff < -margin;
    List<String> rows = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < truth.length; i++) {
      String label = quality.eval.labels[i];
      boolean challengerRight = Evaluation.classification(quality.eval.predictions.get(i)).label().equals(label);
      boolean championRight = Evaluation.classification(champion.get(i)).label().equals(label);
      if (championRight && !challengerRight) {
        lost++;
        if (rows.size() < AssertionResult.MAX_ROWS) {
          rows.add(String.format(Locale.ROOT, "row %d: true %s, challenger %s, champion %s", i, label,
              Evaluation.describe(quality.eval.predictions.get(i), null), Evaluation.describe(champion.get(i), null)));
        }
      }
    }
    String title = "accuracy not worse than the champion by more than " + Checks.fmt(margin) + " (McNemar)";
    String message = String.format(Locale.ROOT,
        "accuracy difference (challenger - champion) %s %s the margin -%s on all rows: McNemar %s p = %s "
            + "(alpha %s), only the challenger right on %d rows, only the champion right on %d of %d rows%s",
        Checks.fmt(diff), worse ? "is significantly below" : "is not significantly below", Checks.fmt(margin),
        r.exact() ? "exact" : "chi-square", Checks.fmt(r.pValue()), Checks.fmt(alpha), r.onlyFirstCorrect(),
        r.onlySecondCorrect(), r.n(), worse ? Checks.rowsText(rows, lost) : "");
    return Checks.enforce(new AssertionResult(title, "accuracy difference", OptionalDouble.of(diff), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(-margin), Optional.empty(), !worse, message,
        worse ? rows : List.of()));
  }

  /**
   * Asserts with a paired bootstrap interval that the challenger is not worse than the champion on a
   * metric beyond a margin.
   *
   * @param metric the metric
   * @param margin the degradation tolerated, at least 0, in the metric's units
   * @return the recorded result
   * @throws ModelAssertionError if the interval reaches beyond the margin on the worse side
   * @throws IllegalArgumentException if the margin is negative
   * @throws IllegalStateException if the metric does not apply to the model or the data has no labels
   */
  public AssertionResult notWorse(Metric metric, double margin) {
    requireMargin(margin);
    MetricEstimate d = quality.pairedDifference(metric, champion);
    boolean passed = metric.lowerIsBetter() ? d.upper() <= margin : d.lower() >= -margin;
    double bound = metric.lowerIsBetter() ? d.upper() : d.lower();
    double threshold = metric.lowerIsBetter() ? margin : -margin;
    String title = metric.label() + " not worse than the champion by more than " + Checks.fmt(margin) + " (paired bootstrap)";
    String message = String.format(Locale.ROOT,
        "%s difference (challenger - champion) %s bound %s %s %s on all rows: difference %s, %d%% paired bootstrap "
            + "interval [%s, %s] (n=%d)%s",
        metric.label(), metric.lowerIsBetter() ? "upper" : "lower", Checks.fmt(bound),
        passed ? (metric.lowerIsBetter() ? "is within the margin" : "clears the margin")
            : (metric.lowerIsBetter() ? "exceeds the margin" : "is below the margin"),
        Checks.fmt(threshold), Checks.fmt(d.value()), Math.round(d.level() * 100), Checks.fmt(d.lower()),
        Checks.fmt(d.upper()), d.n(), passed ? "" : "; the challenger may be worse: add rows or fix the model");
    List<String> rows = List.of();
    if (!passed && quality.eval.kind != OutputKind.REGRESSION) {
      rows = quality.worstRows(null, AssertionResult.MAX_ROWS);
      message += Checks.rowsText(rows, quality.wrongCount(null));
    }
    return Checks.enforce(new AssertionResult(title, metric.label() + " difference", OptionalDouble.of(d.value()),
        OptionalDouble.of(d.lower()), OptionalDouble.of(d.upper()), OptionalDouble.of(d.level()),
        OptionalDouble.of(threshold), Optional.empty(), passed, message, rows));
  }

  private static void requireMargin(double margin) {
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("margin must be at least 0, got " + margin);
    }
  }
}
