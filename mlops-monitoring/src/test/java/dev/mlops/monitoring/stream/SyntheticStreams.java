package dev.mlops.monitoring.stream;

import java.util.SplittableRandom;

/**
 * Synthetic streams with a known change point, from a seed.
 *
 * <p>Real-valued streams are Gaussian with σ = 0.1 (the scale of a per-window error rate or score;
 * Page–Hinkley's delta and lambda are in the data's units, the other detectors are scale-free);
 * binary streams are Bernoulli bits.
 */
final class SyntheticStreams {
  static final double SIGMA = 0.1;

  private SyntheticStreams() {}

  /** The kind of change. */
  enum Change {
    /** No change at all. */
    NONE,
    /** A step at the change point. */
    ABRUPT,
    /** A linear ramp that starts at the change point and ends {@link #RAMP} observations later. */
    GRADUAL
  }

  static final int RAMP = 1000;

  /** The share of the way from before to after at observation i. */
  static double progress(Change change, int i, int changeAt) {
    switch (change) {
      case NONE:
        return 0;
      case ABRUPT:
        return i >= changeAt ? 1 : 0;
      default:
        return Math.min(1.0, Math.max(0.0, (i - changeAt) / (double) RAMP));
    }
  }

  /** N(0.5 + shift·progress, σ²): the mean moves by {@code shiftInSigmas} σ. */
  static double[] gaussian(long seed, int n, Change change, int changeAt, double shiftInSigmas) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = 0.5 + SIGMA * (rng.nextGaussian() + shiftInSigmas * progress(change, i, changeAt));
    }
    return out;
  }

  /** Bernoulli bits whose P(1) moves from {@code before} to {@code after}. */
  static double[] bernoulli(long seed, int n, Change change, int changeAt, double before, double after) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double p = before + (after - before) * progress(change, i, changeAt);
      out[i] = rng.nextDouble() < p ? 1.0 : 0.0;
    }
    return out;
  }
}
