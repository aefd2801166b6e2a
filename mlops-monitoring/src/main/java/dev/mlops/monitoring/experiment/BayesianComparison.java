package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Beta;

/**
 * The Bayesian summary of a comparison: the probability that the treatment beats the control and
 * the expected loss of choosing either (how much of the metric one gives up, in expectation, if the
 * choice is wrong).
 *
 * <ul>
 *   <li>Conversions: independent Beta posteriors {@code Beta(a0 + successes, b0 + failures)};
 *       {@code P(T > C) = integral f_T(x) F_C(x) dx} and {@code E[max(C - T, 0)]}, both by
 *       composite Simpson integration over the posteriors' mass (piecewise at both posteriors'
 *       1e-12 quantiles), with the inner expectation in closed form through the regularized
 *       incomplete beta function.</li>
 *   <li>Means: the normal approximation {@code T - C ~ N(d, V)} (flat prior), with
 *       {@code P = Phi(d / sqrt V)} and {@code E[max(-D, 0)] = sqrt(V) phi(d/sqrt V) - d Phi(-d/sqrt V)}.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class BayesianComparison {
  private static final int INTERVALS = 2000;

  private BayesianComparison() {}

  /**
   * The Bayesian summary.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param probabilityToBeatControl P(treatment &gt; control)
   * @param expectedLossTreatment E[max(control - treatment, 0)]: the expected loss of choosing the treatment
   * @param expectedLossControl E[max(treatment - control, 0)]: the expected loss of keeping the control
   */
  public record Result(double probabilityToBeatControl, double expectedLossTreatment, double expectedLossControl) {}

  /**
   * Compares two conversion rates with Beta posteriors.
   *
   * @param controlSuccesses control conversions
   * @param controlTrials control units
   * @param treatmentSuccesses treatment conversions
   * @param treatmentTrials treatment units
   * @param priorAlpha the Beta prior's alpha (1 for uniform), positive
   * @param priorBeta the Beta prior's beta, positive
   * @return the summary
   * @throws InvalidInputException if the counts or the prior are invalid
   */
  public static Result conversions(long controlSuccesses, long controlTrials, long treatmentSuccesses,
      long treatmentTrials, double priorAlpha, double priorBeta) {
    if (controlTrials < 0 || treatmentTrials < 0 || controlSuccesses < 0 || treatmentSuccesses < 0
        || controlSuccesses > controlTrials || treatmentSuccesses > treatmentTrials) {
      throw new InvalidInputException("counts", "Counts are non-negative with successes <= trials.");
    }
    if (!(priorAlpha > 0) || !(priorBeta > 0) || Double.isInfinite(priorAlpha) || Double.isInfinite(priorBeta)) {
      throw new InvalidInputException("prior", "The Beta prior's parameters are positive and finite.");
    }
    double aC = priorAlpha + controlSuccesses;
    double bC = priorBeta + controlTrials - controlSuccesses;
    double aT = priorAlpha + treatmentSuccesses;
    double bT = priorBeta + treatmentTrials - treatmentSuccesses;
    BetaDistribution c = new BetaDistribution((RandomGenerator) null, aC, bC);
    BetaDistribution t = new BetaDistribution((RandomGenerator) null, aT, bT);
    double meanC = aC / (aC + bC);
    double meanT = aT / (aT + bT);
    double[] cuts = cuts(c, t);
    double prob = 0;
    double lossT = 0;
    for (int k = 0; k + 1 < cuts.length; k++) {
      double lo = cuts[k];
      double hi = cuts[k + 1];
      if (!(hi > lo)) {
        continue;
      }
      prob += simpson(lo, hi, x -> t.density(x) * c.cumulativeProbability(x));
      // E[max(C - x, 0)] = meanC (1 - I_x(aC + 1, bC)) - x (1 - I_x(aC, bC))
      lossT += simpson(lo, hi, x -> t.density(x) * Math.max(0,
          meanC * (1 - Beta.regularizedBeta(x, aC + 1, bC)) - x * (1 - Beta.regularizedBeta(x, aC, bC))));
    }
    prob = Math.min(1, Math.max(0, prob));
    return new Result(prob, lossT, lossT + (meanT - meanC));
  }

  /**
   * Compares two means with the normal approximation.
   *
   * @param control the control's summary
   * @param treatment the treatment's summary
   * @return the summary
   * @throws InvalidInputException if a group has fewer than 2 observations or both are constant
   */
  public static Result means(SampleSummary control, SampleSummary treatment) {
    if (control.n() < 2 || treatment.n() < 2) {
      throw new InvalidInputException("n", "A Bayesian comparison of means needs at least 2 observations per group.");
    }
    double v = control.varianceOfMean() + treatment.varianceOfMean();
    if (!(v > 0)) {
      throw new InvalidInputException("variance", "Both groups are constant; the comparison needs some variance.");
    }
    double sd = Math.sqrt(v);
    double d = treatment.mean() - control.mean();
    double z = d / sd;
    double prob = Stats.NORMAL.cumulativeProbability(z);
    double lossT = sd * Stats.NORMAL.density(z) - d * Stats.NORMAL.cumulativeProbability(-z);
    return new Result(prob, Math.max(0, lossT), Math.max(0, lossT + d));
  }

  private static double[] cuts(BetaDistribution c, BetaDistribution t) {
    double eps = 1e-12;
    double[] q = {t.inverseCumulativeProbability(eps), t.inverseCumulativeProbability(1 - eps),
        c.inverseCumulativeProbability(eps), c.inverseCumulativeProbability(1 - eps)};
    java.util.Arrays.sort(q);
    // T's mass lies in [q(T, eps), q(T, 1 - eps)]: integrate there, split where C's mass starts and ends.
    double lo = t.inverseCumulativeProbability(eps);
    double hi = t.inverseCumulativeProbability(1 - eps);
    return java.util.Arrays.stream(q).map(x -> Math.min(hi, Math.max(lo, x))).toArray();
  }

  private static double simpson(double a, double b, java.util.function.DoubleUnaryOperator f) {
    double h = (b - a) / INTERVALS;
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < INTERVALS; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }
}
