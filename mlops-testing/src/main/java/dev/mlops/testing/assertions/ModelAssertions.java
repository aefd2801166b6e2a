package dev.mlops.testing.assertions;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Frame;

/**
 * The entry point of the model assertions: fluent checks of quality (with confidence intervals), no
 * regression against a champion, slices and fairness gaps, behaviour (CheckList-style invariance,
 * directional and minimum functionality tests) and data (drift, schema, ranges).
 *
 * <pre>{@code
 * import static dev.mlops.testing.assertions.ModelAssertions.*;
 *
 * ModelOnData m = assertThatModel(challenger).on(holdout, "diagnosis").withPositiveClass("malignant");
 * m.accuracy().lowerBound().isAtLeast(0.9);
 * m.logLoss().upperBound().isAtMost(0.3);
 * m.comparedTo(champion).notWorse(Metric.AUC, 0.01);
 * m.slicedBy("site").demographicParityDifference().isAtMost(0.1);
 * assertThatData(holdout).hasNoDriftFrom(training);
 * }</pre>
 *
 * <p>Every assertion records an {@link AssertionResult} (see {@link AssertionRecorder}) and throws
 * {@link ModelAssertionError} when it fails; the message names the metric, the slice, the interval and
 * the threshold, and shows up to {@value AssertionResult#MAX_ROWS} failing rows.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelAssertions {
  private ModelAssertions() {}

  /**
   * Starts assertions on a model.
   *
   * @param model the model under test
   * @return the assertions
   */
  public static ModelAssert assertThatModel(TabularPredictor model) {
    return new ModelAssert(model);
  }

  /**
   * Starts data checks on a frame.
   *
   * @param data the data
   * @return the checks
   */
  public static DataAssert assertThatData(Frame data) {
    return new DataAssert(data);
  }
}
