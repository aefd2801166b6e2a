package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/**
 * The two-proportion z-test for conversion metrics: {@code z = (pT - pC) / sqrt(p(1 - p)(1/nC + 1/nT))}
 * with the pooled rate {@code p}, as {@code statsmodels.stats.proportion.proportions_ztest} computes
 * it; the interval of the difference is the unpooled Wald interval
 * ({@code confint_proportions_2indep(method="wald")}), and the relative lift's uses the delta method.
 *
 * <pre>{@code
 * LiftEstimate e = TwoProportionZTest.test(480, 10_000, 540, 10_000, 0.95);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class TwoProportionZTest {
  private TwoProportionZTest() {}

  /**
   * Compares two conversion rates.
   *
   * @param controlSuccesses conversions in the control
   * @param controlTrials units in the control
   * @param treatmentSuccesses conversions in the treatment
   * @param treatmentTrials units in the treatment
   * @param confidence the intervals' confidence level, in (0, 1)
   * @return the estimate; statistic 0 and p-value 1 when both rates are 0 or both 1
   * @throws InvalidInputException if a count is negative, successes exceed trials, a group is empty
   *     or the confidence is out of range
   */
  public static LiftEstimate test(long controlSuccesses, long controlTrials, long treatmentSuccesses,
      long treatmentTrials, double confidence) {
    requireCounts("control", controlSuccesses, controlTrials);
    requireCounts("treatment", treatmentSuccesses, treatmentTrials);
    Stats.requireConfidence(confidence);
    double pC = controlSuccesses / (double) controlTrials;
    double pT = treatmentSuccesses / (double) treatmentTrials;
    double diff = pT - pC;
    double pooled = (controlSuccesses + treatmentSuccesses) / (double) (controlTrials + treatmentTrials);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / treatmentTrials));
    double zStat = sePooled == 0 ? 0 : diff / sePooled;
    double p = sePooled == 0 ? 1 : Stats.normalTwoSided(zStat);
    double vC = pC * (1 - pC) / controlTrials;
    double vT = pT * (1 - pT) / treatmentTrials;
    double q = Stats.normalQuantile(confidence);
    double se = Math.sqrt(vC + vT);
    return new LiftEstimate(pC, pT, diff, diff - q * se, diff + q * se, Stats.relative(pC, vC, pT, vT, q), zStat,
        Double.POSITIVE_INFINITY, p, confidence);
  }

  static void requireCounts(String group, long successes, long trials) {
    if (trials <= 0 || successes < 0 || successes > trials) {
      throw new InvalidInputException(group, "The " + group + " has " + successes + " successes in " + trials
          + " trials; give at least one trial and 0 <= successes <= trials.");
    }
  }
}
