package dev.mlops.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BanditTest {
  private static final double[] RATES = {0.02, 0.05, 0.10};

  static List<BanditPolicy> policies() {
    return List.of(BanditPolicy.thompsonBernoulli(7), BanditPolicy.thompsonGaussian(7),
        BanditPolicy.epsilonGreedy(0.1, 7), BanditPolicy.ucb1());
  }

  private static Router<Integer, String> bandit(BanditPolicy p) {
    Router.Builder<Integer, String> b = Router.<Integer, String>builder("bandit").bandit(p);
    for (int i = 0; i < RATES.length; i++) {
      b.variant("arm" + i, 1);
    }
    return b.build();
  }

  /** Simulates Bernoulli rewards; returns the choices in order. */
  private static List<Integer> run(Router<Integer, String> r, int n, long seed) {
    SplittableRandom world = new SplittableRandom(seed);
    List<Integer> choices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long d = r.decide("req-" + i);
      int arm = Decisions.variant(d);
      assertThat(Decisions.reason(d)).isEqualTo(Reason.BANDIT);
      choices.add(arm);
      r.reward(d, world.nextDouble() < RATES[arm] ? 1 : 0);
    }
    return choices;
  }

  @ParameterizedTest
  @MethodSource("policies")
  void bandit_learnsToPlayTheBestArmMostOfTheTime(BanditPolicy p) {
    try (Router<Integer, String> r = bandit(p)) {
      List<Integer> choices = run(r, 20_000, 11);
      long best = choices.subList(10_000, 20_000).stream().filter(a -> a == 2).count();
      assertThat(best).as("plays of the best arm in the second half, %s", p).isGreaterThan(7_000);
      assertThat(r.arms().stream().mapToLong(ArmStats::count).sum()).isEqualTo(20_000);
      assertThat(r.arms().get(2).mean()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.02));
    }
  }

  @ParameterizedTest
  @MethodSource("policies")
  void bandit_sameSeedSameRewards_sameChoices(BanditPolicy p) {
    List<Integer> a;
    List<Integer> b;
    try (Router<Integer, String> r = bandit(p)) {
      a = run(r, 3_000, 5);
    }
    try (Router<Integer, String> r = bandit(p)) {
      b = run(r, 3_000, 5);
    }
    assertThat(a).isEqualTo(b);
  }

  @Test
  void thompson_differentSeeds_differentChoices() {
    List<Integer> a;
    List<Integer> b;
    try (Router<Integer, String> r = bandit(BanditPolicy.thompsonBernoulli(1))) {
      a = run(r, 500, 5);
    }
    try (Router<Integer, String> r = bandit(BanditPolicy.thompsonBernoulli(2))) {
      b = run(r, 500, 5);
    }
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void gammaSampler_matchesTheGammaDistribution_kolmogorovSmirnov() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (double shape : new double[] {0.3, 1.0, 2.5, 40}) {
      double[] x = new double[20_000];
      for (int i = 0; i < x.length; i++) {
        x[i] = Bandit.gamma(rnd, shape);
      }
      double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new GammaDistribution(shape, 1), x);
      assertThat(p).as("shape %s", shape).isGreaterThan(0.001);
    }
  }

  @Test
  void reward_rejectsForeignIdsAndBadValues() {
    try (Router<Integer, String> r = bandit(BanditPolicy.thompsonBernoulli(1))) {
      long d = r.decide("x");
      assertThatThrownBy(() -> r.reward(d, Double.NaN)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("finite");
      assertThatThrownBy(() -> r.reward(d, 2)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("[0, 1]");
      assertThatThrownBy(() -> r.reward(Decisions.encode(Router.ID_BLOCK * 8L, 0, Reason.BANDIT), 1))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> r.reward(-5, 1)).isInstanceOf(InvalidInputException.class);
    }
    try (Router<Integer, String> r = bandit(BanditPolicy.thompsonGaussian(1))) {
      r.reward(r.decide("x"), 42.5);
      assertThat(r.arms().stream().mapToDouble(ArmStats::sum).sum()).isEqualTo(42.5);
    }
  }

  @Test
  void bandit_skipsArmsWithAnOpenBreaker() {
    try (Router<Integer, String> r = Router.<Integer, String>builder("b")
        .variant("good", 1, x -> "good")
        .variant("bad", 1, x -> {
          throw new IllegalStateException("down");
        })
        .fallback("good")
        .circuitBreaker(new CircuitBreakerPolicy(4, 2, 0.5, java.time.Duration.ofMinutes(5)))
        .bandit(BanditPolicy.epsilonGreedy(1.0, 3)).build()) {
      for (int i = 0; i < 50; i++) {
        r.route("u" + i, i);
      }
      assertThat(r.variants().get(1).breaker()).isEqualTo(BreakerState.OPEN);
      for (int i = 0; i < 200; i++) {
        assertThat(r.decision("v" + i).variant()).isEqualTo("good");
      }
    }
  }
}
