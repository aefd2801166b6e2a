package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/**
 * Welch's unequal-variance t-test for continuous metrics, as {@code scipy.stats.ttest_ind(...,
 * equal_var=False)}: {@code t = (mT - mC) / sqrt(vT/nT + vC/nC)} with Welch&ndash;Satterthwaite
 * degrees of freedom; the difference's interval uses the t quantile, the relative lift's the delta
 * method with a normal quantile.
 *
 * <p>Stateless and thread-safe.
 */
public final class WelchTTest {
  private WelchTTest() {}

  /**
   * Compares two means.
   *
   * @param control the control's summary, at least 2 observations
   * @param treatment the treatment's summary, at least 2 observations
   * @param confidence the intervals' confidence level, in (0, 1)
   * @return the estimate
   * @throws InvalidInputException if a group has fewer than 2 observations, both groups are constant,
   *     or the confidence is out of range
   */
  public static LiftEstimate test(SampleSummary control, SampleSummary treatment, double confidence) {
    Stats.requireConfidence(confidence);
    if (control.n() < 2 || treatment.n() < 2) {
      throw new InvalidInputException("n", "Welch's t-test needs at least 2 observations per group; got "
          + control.n() + " and " + treatment.n() + ".");
    }
    double vC = control.varianceOfMean();
    double vT = treatment.varianceOfMean();
    double se2 = vC + vT;
    if (!(se2 > 0)) {
      throw new InvalidInputException("variance", "Both groups are constant; a t-test needs some variance.");
    }
    double se = Math.sqrt(se2);
    double diff = treatment.mean() - control.mean();
    double t = diff / se;
    double df = se2 * se2 / (vC * vC / (control.n() - 1) + vT * vT / (treatment.n() - 1));
    double p = Stats.tTwoSided(t, df);
    double tq = Stats.tQuantile(confidence, df);
    return new LiftEstimate(control.mean(), treatment.mean(), diff, diff - tq * se, diff + tq * se,
        Stats.relative(control.mean(), vC, treatment.mean(), vT, Stats.normalQuantile(confidence)), t, df, p, confidence);
  }
}
