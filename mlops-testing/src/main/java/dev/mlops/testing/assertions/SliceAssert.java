package dev.mlops.testing.assertions;

import dev.mlops.core.model.OutputKind;
import dev.mlops.monitoring.performance.MetricEstimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics and fairness gaps per slice of one column (one slice per category; a numeric column with at
 * most 20 distinct values gives one slice per value; a missing value is the slice {@code (missing)}).
 * Obtained from {@link ModelOnData#slicedBy(String)}.
 *
 * <pre>{@code
 * var byRegion = assertThatModel(model).on(holdout, "label").withPositiveClass("fraud").slicedBy("region");
 * byRegion.recall().lowerBound().isAtLeast(0.7);               // every slice; the message names the worst
 * byRegion.demographicParityDifference().isAtMost(0.1);
 * byRegion.equalOpportunityDifference().isAtMost(0.1);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SliceAssert {
  private final Quality quality;
  private final String column;
  private final Map<String, int[]> slices;

  SliceAssert(Quality quality, String column) {
    this.quality = quality;
    this.column = Objects.requireNonNull(column, "column");
    this.slices = Slices.of(quality.eval.frame, column);
  }

  /**
   * Returns the slices' values, in order.
   *
   * @return the slice values
   */
  public List<String> sliceValues() {
    return List.copyOf(slices.keySet());
  }

  /**
   * Computes a metric on every slice; slices where it is undefined are left out.
   *
   * @param metric the metric
   * @return slice value to estimate, in slice order
   */
  public Map<String, MetricEstimate> estimates(Metric metric) {
    Map<String, MetricEstimate> out = new LinkedHashMap<>();
    slices.forEach((value, rows) -> {
      try {
        out.put(value, quality.estimate(metric, rows));
      } catch (dev.mlops.core.InvalidInputException e) {
        // undefined on this slice
      }
    });
    return out;
  }

  /**
   * Selects a metric on every slice.
   *
   * @param metric the metric
   * @return the assertion over all slices
   * @throws IllegalStateException if the metric does not apply to the model or the data has no labels
   */
  public MetricAssert metric(Metric metric) {
    return MetricAssert.sliced(quality, metric, column, slices);
  }

  /**
   * Accuracy on every slice.
   *
   * @return the assertion
   */
  public MetricAssert accuracy() {
    return metric(Metric.ACCURACY);
  }

  /**
   * Precision on every slice.
   *
   * @return the assertion
   */
  public MetricAssert precision() {
    return metric(Metric.PRECISION);
  }

  /**
   * Recall on every slice.
   *
   * @return the assertion
   */
  public MetricAssert recall() {
    return metric(Metric.RECALL);
  }

  /**
   * F1 on every slice.
   *
   * @return the assertion
   */
  public MetricAssert f1() {
    return metric(Metric.F1);
  }

  /**
   * AUC on every slice.
   *
   * @return the assertion
   */
  public MetricAssert auc() {
    return metric(Metric.AUC);
  }

  /**
   * Mean absolute error on every slice.
   *
   * @return the assertion
   */
  public MetricAssert mae() {
    return metric(Metric.MAE);
  }

  /**
   * Root mean squared error on every slice.
   *
   * @return the assertion
   */
  public MetricAssert rmse() {
    return metric(Metric.RMSE);
  }

  /**
   * The demographic parity difference: the largest minus the smallest per-slice rate of predicting the
   * positive class. Needs no labels.
   *
   * @return the gap to assert on
   * @throws IllegalStateException if the model is not a classifier or no positive class is set
   */
  public GapAssert demographicParityDifference() {
    String positive = requirePositive();
    Map<String, double[]> rates = new LinkedHashMap<>();
    slices.forEach((value, rows) -> {
      int hits = 0;
      for (int r : rows) {
        hits += Evaluation.classification(quality.eval.predictions.get(r)).label().equals(positive) ? 1 : 0;
      }
      rates.put(value, new double[] {(double) hits / rows.length, rows.length});
    });
    return new GapAssert("demographic parity difference", column, rates, List.of());
  }

  /**
   * The equal opportunity difference: the largest minus the smallest per-slice true positive rate
   * (the recall of the positive class). Slices without a positive row are left out.
   *
   * @return the gap to assert on
   * @throws IllegalStateException if the model is not a classifier, no positive class is set, or the
   *     data has no labels
   */
  public GapAssert equalOpportunityDifference() {
    String positive = requirePositive();
    quality.requireLabels();
    Map<String, double[]> rates = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    slices.forEach((value, rows) -> {
      int positives = 0;
      int hits = 0;
      for (int r : rows) {
        if (quality.eval.labels[r].equals(positive)) {
          positives++;
          hits += Evaluation.classification(quality.eval.predictions.get(r)).label().equals(positive) ? 1 : 0;
        }
      }
      if (positives == 0) {
        skipped.add(column + "=" + value);
      } else {
        rates.put(value, new double[] {(double) hits / positives, positives});
      }
    });
    return new GapAssert("equal opportunity difference", column, rates, skipped);
  }

  private String requirePositive() {
    if (quality.eval.kind == OutputKind.REGRESSION) {
      throw new IllegalStateException("Fairness gaps compare rates of a predicted class; the model is a regression.");
    }
    if (quality.positive == null) {
      throw new IllegalStateException("Fairness gaps need the favourable outcome: call withPositiveClass(label) first.");
    }
    return quality.positive;
  }
}
