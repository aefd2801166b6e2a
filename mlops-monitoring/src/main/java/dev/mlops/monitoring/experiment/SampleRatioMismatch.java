package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The sample-ratio-mismatch (SRM) check: Pearson's chi-square goodness-of-fit of the exposures each
 * variant received against what the configured weights expect, as
 * {@code scipy.stats.chisquare(observed, expected)}. A p-value below {@value #ALARM_P} raises the
 * alarm: the assignment or the logging is broken (a bot filter, a redirect that loses users, a
 * variant that crashes before logging), and no verdict of the experiment can be trusted until it is
 * fixed. {@link Experiment} blocks verdicts, and {@link CanaryController} promotions and rollbacks,
 * while it fails; routing itself goes on.
 *
 * <p>Stateless and thread-safe.
 */
public final class SampleRatioMismatch {
  /** The alarm threshold: p &lt; 0.001. */
  public static final double ALARM_P = 0.001;

  private SampleRatioMismatch() {}

  /**
   * The outcome of the check.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param observed exposures per variant
   * @param expected expected exposures per variant
   * @param chiSquare the statistic
   * @param degreesOfFreedom variants with a positive expectation, minus one
   * @param pValue its p-value (1 with fewer than 2 such variants or no exposure)
   * @param mismatch whether the alarm is raised ({@code pValue < ALARM_P}, or exposures where none
   *     are expected)
   */
  public record Result(long[] observed, double[] expected, double chiSquare, int degreesOfFreedom, double pValue,
      boolean mismatch) {
    /**
     * Copies the arrays.
     *
     * @param observed observed counts
     * @param expected expected counts
     * @param chiSquare the statistic
     * @param degreesOfFreedom the degrees of freedom
     * @param pValue the p-value
     * @param mismatch the alarm
     */
    public Result {
      observed = observed.clone();
      expected = expected.clone();
    }

    /**
     * Returns the observed counts.
     *
     * @return a copy
     */
    @Override
    public long[] observed() {
      return observed.clone();
    }

    /**
     * Returns the expected counts.
     *
     * @return a copy
     */
    @Override
    public double[] expected() {
      return expected.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Result r && Arrays.equals(observed, r.observed) && Arrays.equals(expected, r.expected)
          && Double.compare(chiSquare, r.chiSquare) == 0 && degreesOfFreedom == r.degreesOfFreedom
          && Double.compare(pValue, r.pValue) == 0 && mismatch == r.mismatch;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(observed) + Arrays.hashCode(expected);
    }

    @Override
    public String toString() {
      return "SRM[observed=" + Arrays.toString(observed) + ", expected=" + Arrays.toString(expected) + ", chi2="
          + chiSquare + ", p=" + pValue + (mismatch ? ", MISMATCH]" : "]");
    }
  }

  /**
   * Checks observed exposures against the configured weights.
   *
   * @param observed exposures per variant
   * @param weights the configured weights, one per variant, not negative
   * @return the result
   * @throws InvalidInputException if the lengths differ, a count is negative or the weights are invalid
   */
  public static Result test(long[] observed, double[] weights) {
    double sumW = Stats.requireWeights(weights, observed.length);
    long total = 0;
    for (long o : observed) {
      if (o < 0) {
        throw new InvalidInputException("observed", "Exposure counts are not negative.");
      }
      total += o;
    }
    double[] expected = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      expected[i] = total * weights[i] / sumW;
    }
    return testExpected(observed, expected);
  }

  /**
   * Checks observed exposures against expected counts (for experiments whose weights changed: the
   * expectation is the sum over periods of each period's exposures times its weights).
   *
   * @param observed exposures per variant
   * @param expected expected exposures per variant, not negative, summing to the observed total
   * @return the result
   * @throws InvalidInputException if the lengths differ or a value is invalid
   */
  public static Result testExpected(long[] observed, double[] expected) {
    if (observed.length != expected.length) {
      throw new InvalidInputException("expected", "Give one expected count per variant.");
    }
    double chi2 = 0;
    int cells = 0;
    boolean impossible = false;
    for (int i = 0; i < observed.length; i++) {
      if (!Double.isFinite(expected[i]) || expected[i] < 0 || observed[i] < 0) {
        throw new InvalidInputException("expected", "Counts and expectations are finite and not negative.");
      }
      if (expected[i] == 0) {
        impossible |= observed[i] > 0;
        continue;
      }
      cells++;
      double d = observed[i] - expected[i];
      chi2 += d * d / expected[i];
    }
    int df = cells - 1;
    double p = df < 1 ? 1 : 1 - new ChiSquaredDistribution((RandomGenerator) null, df).cumulativeProbability(chi2);
    if (impossible) {
      p = 0;
    }
    return new Result(observed, expected, chi2, Math.max(df, 0), p, p < ALARM_P);
  }
}
