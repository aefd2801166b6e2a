package dev.mlops.testing.assertions;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.performance.MetricIntervals;
import java.util.Objects;

/**
 * A model scored on a frame (predictions computed once), to assert its quality, its behaviour, its
 * slices and its regression against a champion. Obtained from {@link ModelAssert#on}.
 *
 * <pre>{@code
 * ModelOnData m = assertThatModel(model).on(holdout, "diagnosis").withPositiveClass("malignant");
 * m.accuracy().lowerBound().isAtLeast(0.9);
 * m.auc().lowerBound().isAtLeast(0.95);
 * m.comparedTo(champion).accuracyNotWorse(0.01);
 * m.slicedBy("site").recall().lowerBound().isAtLeast(0.8);
 * m.invariantTo("tiny texture noise", Perturbation.add("mean_texture", 0.01)).failureRateAtMost(0.01);
 * }</pre>
 *
 * <p>Intervals default to 95% with 2,000 bootstrap resamples and seed 1 ({@link MetricIntervals#defaults()}).
 *
 * <p>Not thread-safe: configure and use it on one thread.
 */
public final class ModelOnData {
  private final Evaluation eval;
  private MetricIntervals intervals = MetricIntervals.defaults();
  private String positive;

  ModelOnData(Evaluation eval) {
    this.eval = eval;
  }

  /**
   * Sets the confidence level of every interval.
   *
   * @param level in (0, 1), e.g. 0.95
   * @return this
   * @throws dev.mlops.core.InvalidInputException if level is outside (0, 1)
   */
  public ModelOnData withConfidence(double level) {
    intervals = intervals.withLevel(level);
    return this;
  }

  /**
   * Sets the bootstrap's resamples and seed.
   *
   * @param resamples the number of resamples
   * @param seed the seed
   * @return this
   * @throws dev.mlops.core.InvalidInputException if resamples is too small
   */
  public ModelOnData withBootstrap(int resamples, long seed) {
    intervals = intervals.withResamples(resamples).withSeed(seed);
    return this;
  }

  /**
   * Sets the positive class: classification metrics become binary metrics of this class, and
   * directional expectations and fairness gaps follow it.
   *
   * @param label the positive label
   * @return this
   */
  public ModelOnData withPositiveClass(String label) {
    this.positive = Objects.requireNonNull(label, "label");
    return this;
  }

  private Quality quality() {
    return new Quality(eval, intervals, positive);
  }

  /**
   * Selects a metric on all rows.
   *
   * @param metric the metric
   * @return the assertion
   * @throws IllegalStateException if the metric does not apply to the model or the data has no labels
   */
  public MetricAssert metric(Metric metric) {
    return MetricAssert.of(quality(), Objects.requireNonNull(metric, "metric"));
  }

  /**
   * Accuracy (Wilson interval).
   *
   * @return the assertion
   */
  public MetricAssert accuracy() {
    return metric(Metric.ACCURACY);
  }

  /**
   * Precision of the positive class, or macro-averaged.
   *
   * @return the assertion
   */
  public MetricAssert precision() {
    return metric(Metric.PRECISION);
  }

  /**
   * Recall of the positive class, or macro-averaged.
   *
   * @return the assertion
   */
  public MetricAssert recall() {
    return metric(Metric.RECALL);
  }

  /**
   * F1 of the positive class, or macro-averaged.
   *
   * @return the assertion
   */
  public MetricAssert f1() {
    return metric(Metric.F1);
  }

  /**
   * ROC AUC (DeLong interval for a positive class, bootstrap otherwise).
   *
   * @return the assertion
   */
  public MetricAssert auc() {
    return metric(Metric.AUC);
  }

  /**
   * Log-loss; assert on its {@link MetricAssert#upperBound()}.
   *
   * @return the assertion
   */
  public MetricAssert logLoss() {
    return metric(Metric.LOG_LOSS);
  }

  /**
   * Expected calibration error; assert on its {@link MetricAssert#upperBound()}.
   *
   * @return the assertion
   */
  public MetricAssert calibrationError() {
    return metric(Metric.CALIBRATION_ERROR);
  }

  /**
   * Mean absolute error of a regression.
   *
   * @return the assertion
   */
  public MetricAssert mae() {
    return metric(Metric.MAE);
  }

  /**
   * Root mean squared error of a regression.
   *
   * @return the assertion
   */
  public MetricAssert rmse() {
    return metric(Metric.RMSE);
  }

  /**
   * R² of a regression.
   *
   * @return the assertion
   */
  public MetricAssert r2() {
    return metric(Metric.R2);
  }

  /**
   * Compares with the champion, scored on the same rows.
   *
   * @param champion the champion
   * @return the comparison
   */
  public ChampionComparison comparedTo(TabularPredictor champion) {
    Objects.requireNonNull(champion, "champion");
    return new ChampionComparison(quality(), eval.predictionsOf(champion));
  }

  /**
   * Slices the rows by a column's values, for per-slice metrics and fairness gaps.
   *
   * @param column the column (categorical, or numeric with at most 20 distinct values)
   * @return the slices
   * @throws dev.mlops.core.InvalidInputException if the column is missing or has too many numbers
   */
  public SliceAssert slicedBy(String column) {
    return new SliceAssert(quality(), column);
  }

  /**
   * An invariance test: the perturbation must not change the prediction.
   *
   * @param name what the perturbation does, in words
   * @param perturbation the perturbation
   * @return the test; end it with {@link BehaviourAssert#holds()}
   */
  public BehaviourAssert invariantTo(String name, Perturbation perturbation) {
    return new BehaviourAssert(eval, name, perturbation, null, positive);
  }

  /**
   * A directional expectation: the perturbation must not move the score (the positive class's
   * probability, or the regression value) against the direction.
   *
   * @param name what the perturbation does, in words
   * @param perturbation the perturbation
   * @param direction which way the score may move
   * @return the test; end it with {@link BehaviourAssert#holds()}
   */
  public BehaviourAssert directional(String name, Perturbation perturbation, Direction direction) {
    return new BehaviourAssert(eval, name, perturbation, Objects.requireNonNull(direction, "direction"), positive);
  }
}
