package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/**
 * CUPED (Deng et al., 2013): variance reduction with a pre-period covariate. Each unit's metric
 * {@code y} becomes {@code y - theta (x - mean(x))}, where {@code theta = cov(y, x) / var(x)} is
 * estimated on both groups pooled and {@code mean(x)} is the pooled covariate mean; the adjusted
 * metrics are then compared with {@link WelchTTest}. The adjustment leaves the expected difference
 * unchanged (the covariate is measured before assignment) and removes the share of variance the
 * covariate explains.
 *
 * <p>Stateless and thread-safe.
 */
public final class Cuped {
  private Cuped() {}

  /**
   * The outcome of a CUPED comparison.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param theta the pooled regression coefficient of y on x
   * @param varianceReduction 1 - (pooled adjusted variance / pooled variance of y), the share of
   *     variance removed
   * @param adjusted Welch's test on the adjusted metrics
   * @param unadjusted Welch's test on the raw metrics, for comparison
   */
  public record Result(double theta, double varianceReduction, LiftEstimate adjusted, LiftEstimate unadjusted) {}

  /**
   * Compares two groups with CUPED.
   *
   * @param control the control's paired moments
   * @param treatment the treatment's paired moments
   * @param confidence the intervals' confidence level
   * @return the result
   * @throws InvalidInputException if the covariate is constant across both groups, or Welch's test
   *     refuses the groups
   */
  public static Result test(PairedSummary control, PairedSummary treatment, double confidence) {
    long n = control.n() + treatment.n();
    if (control.n() < 2 || treatment.n() < 2) {
      throw new InvalidInputException("n", "CUPED needs at least 2 units per group.");
    }
    double meanX = (control.n() * control.meanX() + treatment.n() * treatment.meanX()) / n;
    double meanY = (control.n() * control.meanY() + treatment.n() * treatment.meanY()) / n;
    // Pooled (n - 1)-denominator moments from the groups' moments.
    double sxx = (control.n() - 1) * control.varianceX() + (treatment.n() - 1) * treatment.varianceX()
        + control.n() * sq(control.meanX() - meanX) + treatment.n() * sq(treatment.meanX() - meanX);
    double syy = (control.n() - 1) * control.varianceY() + (treatment.n() - 1) * treatment.varianceY()
        + control.n() * sq(control.meanY() - meanY) + treatment.n() * sq(treatment.meanY() - meanY);
    double sxy = (control.n() - 1) * control.covariance() + (treatment.n() - 1) * treatment.covariance()
        + control.n() * (control.meanX() - meanX) * (control.meanY() - meanY)
        + treatment.n() * (treatment.meanX() - meanX) * (treatment.meanY() - meanY);
    if (!(sxx > 0)) {
      throw new InvalidInputException("covariate", "The covariate is constant; CUPED needs a covariate that varies.");
    }
    double theta = sxy / sxx;
    SampleSummary c = adjust(control, theta, meanX);
    SampleSummary t = adjust(treatment, theta, meanX);
    double adjustedSs = (c.n() - 1) * c.variance() + (t.n() - 1) * t.variance()
        + c.n() * sq(c.mean() - meanY) + t.n() * sq(t.mean() - meanY);
    double reduction = syy > 0 ? 1 - adjustedSs / syy : 0;
    return new Result(theta, reduction, WelchTTest.test(c, t, confidence),
        WelchTTest.test(control.metric(), treatment.metric(), confidence));
  }

  static SampleSummary adjust(PairedSummary g, double theta, double pooledMeanX) {
    double mean = g.meanY() - theta * (g.meanX() - pooledMeanX);
    double var = Math.max(0, g.varianceY() + theta * theta * g.varianceX() - 2 * theta * g.covariance());
    return new SampleSummary(g.n(), mean, var);
  }

  private static double sq(double x) {
    return x * x;
  }
}
