package dev.mlops.core.routing;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/** A bandit's arms and the choice rule. Thread-safe: each arm is an atomically replaced snapshot. */
final class Bandit {
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  /**
   * An arm's rewards with, for Beta-Bernoulli Thompson sampling, the Marsaglia-Tsang constants of its
   * two Gamma draws precomputed (they change only when a reward arrives, not per decision).
   */
  private static final class Arm {
    final ArmStats stats;
    final double alpha;
    final double beta;
    final double dA;
    final double cA;
    final double dB;
    final double cB;

    Arm(ArmStats stats, BanditPolicy policy) {
      this.stats = stats;
      if (policy instanceof BanditPolicy.ThompsonBernoulli tb) {
        alpha = tb.priorAlpha() + stats.sum();
        beta = tb.priorBeta() + (stats.count() - stats.sum());
      } else {
        alpha = 1;
        beta = 1;
      }
      dA = alpha - 1.0 / 3.0;
      cA = 1 / Math.sqrt(9 * dA);
      dB = beta - 1.0 / 3.0;
      cB = 1 / Math.sqrt(9 * dB);
    }
  }

  private final BanditPolicy policy;
  private final AtomicReference<Arm>[] arms;
  private final long seed;

  @SuppressWarnings("unchecked")
  Bandit(BanditPolicy policy, String[] names) {
    this.policy = policy;
    this.seed = policy.seed();
    this.arms = new AtomicReference[names.length];
    for (int i = 0; i < names.length; i++) {
      arms[i] = new AtomicReference<>(new Arm(new ArmStats(names[i], 0, 0, 0), policy));
    }
  }

  void reward(int arm, double reward) {
    arms[arm].updateAndGet(a -> new Arm(a.stats.plus(reward), policy));
  }

  ArmStats stats(int arm) {
    return arms[arm].get().stats;
  }

  BanditPolicy policy() {
    return policy;
  }

  int arms() {
    return arms.length;
  }

  /** The generator of decision {@code sequence}: a SplitMix64 mix of seed and sequence. */
  private SplittableRandom random(long sequence) {
    return new SplittableRandom(mix64(seed + GOLDEN * (sequence + 1)));
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  int choose(long sequence, boolean[] excluded) {
    if (policy instanceof BanditPolicy.ThompsonBernoulli tb) {
      return thompsonBernoulli(tb, random(sequence), excluded);
    } else if (policy instanceof BanditPolicy.ThompsonGaussian tg) {
      return thompsonGaussian(tg, random(sequence), excluded);
    } else if (policy instanceof BanditPolicy.EpsilonGreedy eg) {
      return epsilonGreedy(eg, random(sequence), excluded);
    }
    return ucb1((BanditPolicy.Ucb1) policy, excluded);
  }

  private int thompsonBernoulli(BanditPolicy.ThompsonBernoulli p, SplittableRandom rnd, boolean[] excluded) {
    int best = -1;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < arms.length; i++) {
      if (excluded != null && excluded[i]) {
        continue;
      }
      Arm a = arms[i].get();
      double x = a.alpha >= 1 ? marsagliaTsang(rnd, a.dA, a.cA) : gamma(rnd, a.alpha);
      double y = a.beta >= 1 ? marsagliaTsang(rnd, a.dB, a.cB) : gamma(rnd, a.beta);
      double draw = x / (x + y);
      if (draw > bestDraw) {
        bestDraw = draw;
        best = i;
      }
    }
    return best;
  }

  private int thompsonGaussian(BanditPolicy.ThompsonGaussian p, SplittableRandom rnd, boolean[] excluded) {
    int best = -1;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < arms.length; i++) {
      if (excluded != null && excluded[i]) {
        continue;
      }
      ArmStats a = arms[i].get().stats;
      double n0 = p.priorCount();
      double n = a.count();
      double mean = (n0 * p.priorMean() + a.sum()) / (n0 + n);
      double variance = p.priorVariance();
      if (a.count() >= 2) {
        double ss = Math.max(0, a.sumOfSquares() - a.sum() * a.sum() / n);
        variance = (n0 * p.priorVariance() + ss) / (n0 + n - 1);
      }
      double draw = mean + Math.sqrt(variance / (n0 + n)) * rnd.nextGaussian();
      if (draw > bestDraw) {
        bestDraw = draw;
        best = i;
      }
    }
    return best;
  }

  private int epsilonGreedy(BanditPolicy.EpsilonGreedy p, SplittableRandom rnd, boolean[] excluded) {
    if (rnd.nextDouble() < p.epsilon()) {
      int open = 0;
      for (int i = 0; i < arms.length; i++) {
        if (excluded == null || !excluded[i]) {
          open++;
        }
      }
      if (open == 0) {
        return -1;
      }
      int pick = rnd.nextInt(open);
      for (int i = 0; i < arms.length; i++) {
        if ((excluded == null || !excluded[i]) && pick-- == 0) {
          return i;
        }
      }
    }
    int best = -1;
    double bestMean = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < arms.length; i++) {
      if (excluded != null && excluded[i]) {
        continue;
      }
      ArmStats a = arms[i].get().stats;
      double m = a.count() == 0 ? Double.POSITIVE_INFINITY : a.mean();
      if (m > bestMean) {
        bestMean = m;
        best = i;
      }
    }
    return best;
  }

  private int ucb1(BanditPolicy.Ucb1 p, boolean[] excluded) {
    long total = 0;
    ArmStats[] snap = new ArmStats[arms.length];
    for (int i = 0; i < arms.length; i++) {
      snap[i] = arms[i].get().stats;
      total += snap[i].count();
    }
    int best = -1;
    double bestBound = Double.NEGATIVE_INFINITY;
    double logTotal = Math.log(Math.max(total, 1));
    for (int i = 0; i < arms.length; i++) {
      if (excluded != null && excluded[i]) {
        continue;
      }
      if (snap[i].count() == 0) {
        return i;
      }
      double bound = snap[i].mean() + p.exploration() * Math.sqrt(2 * logTotal / snap[i].count());
      if (bound > bestBound) {
        bestBound = bound;
        best = i;
      }
    }
    return best;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 by the u^(1/a) boost. */
  static double gamma(SplittableRandom rnd, double shape) {
    if (shape < 1) {
      double u = rnd.nextDouble();
      return gamma(rnd, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3.0;
    return marsagliaTsang(rnd, d, 1 / Math.sqrt(9 * d));
  }

  /** The Marsaglia-Tsang loop for shape {@code d + 1/3 >= 1}, with {@code c = 1 / sqrt(9 d)}. */
  private static double marsagliaTsang(SplittableRandom rnd, double d, double c) {
    while (true) {
      double x;
      double v;
      do {
        x = rnd.nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rnd.nextDouble();
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
