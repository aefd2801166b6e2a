package dev.mlops.core.routing;

/**
 * How a bandit router chooses a variant (an arm) for each decision, learning from the rewards sent
 * back with {@link Router#reward(long, double)}.
 *
 * <ul>
 *   <li>{@link ThompsonBernoulli}: rewards are successes (1) and failures (0), or any value in [0, 1]
 *       counted fractionally; each arm's success rate has a Beta posterior and the arm with the
 *       largest draw wins.</li>
 *   <li>{@link ThompsonGaussian}: real-valued rewards; each arm's mean has a normal posterior whose
 *       variance is estimated from the rewards (with a prior).</li>
 *   <li>{@link EpsilonGreedy}: with probability epsilon a uniformly random arm, otherwise the arm with
 *       the best mean reward (untried arms first).</li>
 *   <li>{@link Ucb1}: the arm with the largest upper confidence bound
 *       {@code mean + c * sqrt(2 ln N / n)} (Auer et al., 2002; untried arms first); rewards are
 *       meant to lie in [0, 1].</li>
 * </ul>
 *
 * <p><b>Reproducible.</b> Every random draw of decision number {@code s} comes from a generator seeded
 * with {@code (seed, s)}, so the same seed, the same sequence of decisions and the same rewards give
 * the same choices, whichever thread makes each decision.
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface BanditPolicy
    permits BanditPolicy.ThompsonBernoulli, BanditPolicy.ThompsonGaussian, BanditPolicy.EpsilonGreedy, BanditPolicy.Ucb1 {

  /**
   * Returns the seed of the policy's random draws.
   *
   * @return the seed
   */
  long seed();

  /**
   * Thompson sampling with Beta&ndash;Bernoulli rewards.
   *
   * @param priorAlpha the prior's alpha (pseudo-successes), positive
   * @param priorBeta the prior's beta (pseudo-failures), positive
   * @param seed the seed
   */
  record ThompsonBernoulli(double priorAlpha, double priorBeta, long seed) implements BanditPolicy {
    /**
     * Validates the prior.
     *
     * @param priorAlpha alpha
     * @param priorBeta beta
     * @param seed the seed
     */
    public ThompsonBernoulli {
      if (!(priorAlpha > 0) || !(priorBeta > 0) || Double.isInfinite(priorAlpha) || Double.isInfinite(priorBeta)) {
        throw new IllegalArgumentException("the Beta prior's parameters are positive and finite");
      }
    }
  }

  /**
   * Thompson sampling with Gaussian rewards.
   *
   * @param priorMean the prior mean of every arm
   * @param priorVariance the prior variance of a reward, positive
   * @param priorCount how many pseudo-observations the prior is worth, positive
   * @param seed the seed
   */
  record ThompsonGaussian(double priorMean, double priorVariance, double priorCount, long seed)
      implements BanditPolicy {
    /**
     * Validates the prior.
     *
     * @param priorMean the prior mean
     * @param priorVariance the prior variance
     * @param priorCount the prior weight
     * @param seed the seed
     */
    public ThompsonGaussian {
      if (!Double.isFinite(priorMean) || !(priorVariance > 0) || !(priorCount > 0)
          || Double.isInfinite(priorVariance) || Double.isInfinite(priorCount)) {
        throw new IllegalArgumentException("the prior mean is finite, its variance and count positive and finite");
      }
    }
  }

  /**
   * Epsilon-greedy.
   *
   * @param epsilon the exploration probability, in [0, 1]
   * @param seed the seed
   */
  record EpsilonGreedy(double epsilon, long seed) implements BanditPolicy {
    /**
     * Validates epsilon.
     *
     * @param epsilon the exploration probability
     * @param seed the seed
     */
    public EpsilonGreedy {
      if (!(epsilon >= 0 && epsilon <= 1)) {
        throw new IllegalArgumentException("epsilon is in [0, 1]");
      }
    }
  }

  /**
   * UCB1.
   *
   * @param exploration the factor {@code c} of the confidence term (1 is Auer's UCB1), not negative
   * @param seed the seed (UCB1 is deterministic; the seed is kept for a uniform API)
   */
  record Ucb1(double exploration, long seed) implements BanditPolicy {
    /**
     * Validates the factor.
     *
     * @param exploration the factor
     * @param seed the seed
     */
    public Ucb1 {
      if (!(exploration >= 0) || Double.isInfinite(exploration)) {
        throw new IllegalArgumentException("exploration is finite and not negative");
      }
    }
  }

  /**
   * Thompson sampling with a uniform Beta(1, 1) prior.
   *
   * @param seed the seed
   * @return the policy
   */
  static BanditPolicy thompsonBernoulli(long seed) {
    return new ThompsonBernoulli(1, 1, seed);
  }

  /**
   * Thompson sampling for Gaussian rewards with a weak prior (mean 0, variance 1, worth one
   * observation).
   *
   * @param seed the seed
   * @return the policy
   */
  static BanditPolicy thompsonGaussian(long seed) {
    return new ThompsonGaussian(0, 1, 1, seed);
  }

  /**
   * Epsilon-greedy.
   *
   * @param epsilon the exploration probability
   * @param seed the seed
   * @return the policy
   */
  static BanditPolicy epsilonGreedy(double epsilon, long seed) {
    return new EpsilonGreedy(epsilon, seed);
  }

  /**
   * UCB1 with {@code c = 1}.
   *
   * @return the policy
   */
  static BanditPolicy ucb1() {
    return new Ucb1(1, 0);
  }
}
