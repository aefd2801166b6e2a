package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** Shared distribution helpers. */
final class Stats {
  static final NormalDistribution NORMAL = new NormalDistribution((RandomGenerator) null, 0, 1);

  private Stats() {}

  static double requireConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new InvalidInputException("confidence", "A confidence level is in (0, 1), e.g. 0.95; got " + confidence + ".");
    }
    return confidence;
  }

  /** Checks one finite, non-negative weight per variant with a positive sum; returns the sum. */
  static double requireWeights(double[] w, int k) {
    if (w.length != k) {
      throw new InvalidInputException("weights", "Give one weight per variant: " + k + ", not " + w.length + ".");
    }
    double sum = 0;
    for (double x : w) {
      if (!Double.isFinite(x) || x < 0) {
        throw new InvalidInputException("weights", "Weights are finite and not negative.");
      }
      sum += x;
    }
    if (!(sum > 0)) {
      throw new InvalidInputException("weights", "The weights sum to 0.");
    }
    return sum;
  }

  static double normalQuantile(double confidence) {
    return NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** Two-sided normal p-value, accurate in the far tail. */
  static double normalTwoSided(double z) {
    return 2 * NORMAL.cumulativeProbability(-Math.abs(z));
  }

  static double tTwoSided(double t, double df) {
    TDistribution dist = new TDistribution((RandomGenerator) null, df);
    return 2 * dist.cumulativeProbability(-Math.abs(t));
  }

  static double tQuantile(double confidence, double df) {
    return new TDistribution((RandomGenerator) null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** Delta-method interval of mT/mC - 1. */
  static java.util.Optional<LiftEstimate.RelativeLift> relative(double mC, double vMeanC, double mT, double vMeanT,
      double z) {
    if (mC == 0) {
      return java.util.Optional.empty();
    }
    double rel = mT / mC - 1;
    double se = Math.sqrt(vMeanT / (mC * mC) + mT * mT * vMeanC / (mC * mC * mC * mC));
    return java.util.Optional.of(new LiftEstimate.RelativeLift(rel, rel - z * se, rel + z * se));
  }
}
