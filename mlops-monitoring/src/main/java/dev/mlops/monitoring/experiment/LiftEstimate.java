package dev.mlops.monitoring.experiment;

import java.util.Objects;
import java.util.Optional;

/**
 * A fixed-horizon comparison of a treatment with the control: both means, the absolute difference
 * (treatment &minus; control) and the relative lift (treatment / control &minus; 1) with their
 * confidence intervals, the test statistic and its two-sided p-value.
 *
 * <p>The relative interval uses the delta method: {@code Var(mT/mC) ~ Var(mT)/mC^2 + mT^2 Var(mC)/mC^4}
 * with a normal quantile. The relative lift is absent when the control mean is 0 (a relative change
 * from nothing is undefined); no component is ever NaN.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param controlMean the control's mean (a rate for conversions)
 * @param treatmentMean the treatment's mean
 * @param difference treatment minus control
 * @param differenceLow the interval's lower bound
 * @param differenceHigh the interval's upper bound
 * @param relative the relative lift and its interval; empty when the control mean is 0
 * @param statistic z (proportions) or t (Welch)
 * @param degreesOfFreedom the t statistic's Welch&ndash;Satterthwaite degrees of freedom; infinite for z
 * @param pValue the two-sided p-value
 * @param confidence the intervals' confidence level
 */
public record LiftEstimate(double controlMean, double treatmentMean, double difference, double differenceLow,
    double differenceHigh, Optional<RelativeLift> relative, double statistic, double degreesOfFreedom, double pValue,
    double confidence) {

  /**
   * Validates the estimate.
   *
   * @param controlMean the control's mean
   * @param treatmentMean the treatment's mean
   * @param difference treatment minus control
   * @param differenceLow the interval's lower bound
   * @param differenceHigh the interval's upper bound
   * @param relative the relative lift; empty when the control mean is 0
   * @param statistic z or t
   * @param degreesOfFreedom the t statistic's degrees of freedom; infinite for z
   * @param pValue the two-sided p-value
   * @param confidence the intervals' confidence level
   * @throws NullPointerException if {@code relative} is null
   */
  public LiftEstimate {
    Objects.requireNonNull(relative, "relative");
  }

  /**
   * The relative lift {@code treatment / control - 1} with its delta-method interval.
   *
   * <p>Immutable and thread-safe.
   *
   * @param lift treatment / control - 1
   * @param low the interval's lower bound
   * @param high the interval's upper bound
   */
  public record RelativeLift(double lift, double low, double high) {}

  /**
   * Tells whether the difference is significant at {@code 1 - confidence}, for a single look at a
   * fixed horizon (peeking repeatedly inflates false positives; use {@link SequentialTest} then).
   *
   * @return whether the p-value is below {@code 1 - confidence}
   */
  public boolean significant() {
    return pValue < 1 - confidence;
  }
}
