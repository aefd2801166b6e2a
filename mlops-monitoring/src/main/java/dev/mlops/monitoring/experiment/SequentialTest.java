package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;

/**
 * The always-valid mixture sequential probability ratio test (mSPRT; Johari, Pekelis and Walsh,
 * "Always valid inference", 2017, the test behind Optimizely's stats engine) for a difference of
 * means or rates, checked after every batch without inflating false positives.
 *
 * <p>At each look the difference {@code d} (treatment &minus; control) has estimated variance
 * {@code V} (the sum of the two means' squared standard errors). With a normal mixing distribution
 * of variance {@code tau^2} over the effect, the likelihood ratio against {@code H0: effect = theta0} is
 * <pre>
 *   Lambda = sqrt(V / (V + tau^2)) * exp( tau^2 (d - theta0)^2 / (2 V (V + tau^2)) )
 * </pre>
 * and the always-valid p-value is the running minimum of {@code min(1, 1/Lambda)}. Rejecting when it
 * falls below alpha keeps the probability of ever rejecting a true null at most alpha (up to the
 * normal approximation of the means), however often one looks. {@code tau} should be of the order
 * of the effects that matter (say, the smallest lift worth detecting).
 *
 * <p>With {@link Side#GREATER} only looks where {@code d > theta0} count as evidence (a one-sided
 * test, used by guardrails: "the treatment is worse by more than the margin").
 *
 * <pre>{@code
 * SequentialTest t = new SequentialTest(0.05, 0.01, 0, SequentialTest.Side.TWO_SIDED);
 * // after every batch:
 * SequentialTest.Result r = t.updateProportions(cConv, cN, tConv, tN);
 * if (r.rejected()) { ... }
 * }</pre>
 *
 * <p>Thread-safe: looks are serialised.
 */
public final class SequentialTest {

  /** Which differences count as evidence. Enum constants are immutable and thread-safe. */
  public enum Side {
    /** Both directions. */
    TWO_SIDED,
    /** Only {@code d > theta0}. */
    GREATER
  }

  /**
   * The state after one look.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param looks how many looks so far
   * @param difference the difference at this look
   * @param variance its estimated variance
   * @param logLikelihoodRatio log Lambda at this look
   * @param alwaysValidP the always-valid p-value (running minimum)
   * @param rejected whether the null has been rejected at any look so far
   */
  public record Result(long looks, double difference, double variance, double logLikelihoodRatio, double alwaysValidP,
      boolean rejected) {}

  private final double alpha;
  private final double tau2;
  private final double theta0;
  private final Side side;
  private long looks;
  private double minP = 1;
  private Result last;

  /**
   * Creates a test.
   *
   * @param alpha the significance level, in (0, 1)
   * @param tau the mixing standard deviation over effects, positive, in the metric's units
   * @param theta0 the null effect (0 for "no difference"; a guardrail's margin)
   * @param side which differences count
   * @throws InvalidInputException if alpha or tau is out of range or theta0 not finite
   */
  public SequentialTest(double alpha, double tau, double theta0, Side side) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidInputException("alpha", "alpha is in (0, 1); got " + alpha + ".");
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new InvalidInputException("tau", "tau (the mixing standard deviation) is positive and finite; got " + tau + ".");
    }
    if (!Double.isFinite(theta0)) {
      throw new InvalidInputException("theta0", "theta0 is finite.");
    }
    this.alpha = alpha;
    this.tau2 = tau * tau;
    this.theta0 = theta0;
    this.side = java.util.Objects.requireNonNull(side, "side");
    this.last = new Result(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, false);
  }

  /**
   * The log likelihood ratio of one look.
   *
   * @param difference the estimated difference
   * @param variance its variance, positive
   * @param tau the mixing standard deviation
   * @param theta0 the null effect
   * @return log Lambda
   */
  public static double logLikelihoodRatio(double difference, double variance, double tau, double theta0) {
    double t2 = tau * tau;
    double d = difference - theta0;
    return 0.5 * Math.log(variance / (variance + t2)) + t2 * d * d / (2 * variance * (variance + t2));
  }

  /**
   * Takes one look at a difference and its variance.
   *
   * @param difference treatment minus control
   * @param variance the difference's estimated variance; a look with zero variance (no spread yet)
   *     or too little data is recorded but carries no evidence
   * @return the state after the look
   * @throws InvalidInputException if the difference or variance is not finite or the variance negative
   */
  public synchronized Result update(double difference, double variance) {
    if (!Double.isFinite(difference) || !Double.isFinite(variance) || variance < 0) {
      throw new InvalidInputException("variance", "A look needs a finite difference and a finite, non-negative variance.");
    }
    looks++;
    double llr = Double.NEGATIVE_INFINITY;
    if (variance > 0 && (side == Side.TWO_SIDED || difference > theta0)) {
      llr = 0.5 * Math.log(variance / (variance + tau2))
          + tau2 * (difference - theta0) * (difference - theta0) / (2 * variance * (variance + tau2));
      minP = Math.min(minP, Math.min(1, Math.exp(-llr)));
    }
    last = new Result(looks, difference, variance, llr, minP, minP <= alpha);
    return last;
  }

  /**
   * Takes one look at two conversion rates (unpooled variance).
   *
   * @param controlSuccesses control conversions
   * @param controlTrials control units
   * @param treatmentSuccesses treatment conversions
   * @param treatmentTrials treatment units
   * @return the state after the look
   * @throws InvalidInputException if the counts are invalid
   */
  public Result updateProportions(long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials) {
    TwoProportionZTest.requireCounts("control", controlSuccesses, controlTrials);
    TwoProportionZTest.requireCounts("treatment", treatmentSuccesses, treatmentTrials);
    double pC = controlSuccesses / (double) controlTrials;
    double pT = treatmentSuccesses / (double) treatmentTrials;
    return update(pT - pC, pC * (1 - pC) / controlTrials + pT * (1 - pT) / treatmentTrials);
  }

  /**
   * Takes one look at two means.
   *
   * @param control the control's summary
   * @param treatment the treatment's summary
   * @return the state after the look (no evidence while a group has fewer than 2 observations)
   */
  public Result updateMeans(SampleSummary control, SampleSummary treatment) {
    if (control.n() < 2 || treatment.n() < 2) {
      return update(treatment.mean() - control.mean(), 0);
    }
    return update(treatment.mean() - control.mean(), control.varianceOfMean() + treatment.varianceOfMean());
  }

  /**
   * Returns the last look's state.
   *
   * @return the state (looks 0 before the first)
   */
  public synchronized Result last() {
    return last;
  }

  /**
   * Returns the significance level.
   *
   * @return alpha
   */
  public double alpha() {
    return alpha;
  }
}
