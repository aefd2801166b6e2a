package dev.mlops.benchmarks;

import dev.mlops.core.routing.ArmStats;
import dev.mlops.core.routing.BanditPolicy;
import dev.mlops.core.routing.DecisionHolder;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.MurmurHash3;
import dev.mlops.core.routing.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's hot paths, each beside its limit in the same run.
 *
 * <ul>
 *   <li>{@link #stickyDecide} ({@code router.decide(id)}: hash, bucket table, sequence number,
 *       exposure listener; the primitive encoding) and {@link #stickyDecideHolder} (into a caller-owned
 *       holder) against {@link #murmurBare}: {@code MurmurHash3.hash32} over the same ids' UTF-8 bytes
 *       (salt + id) encoded in advance, the limit of any sticky assignment. Targets: at least 20 million
 *       decisions per second on one thread, 0 B per decision with {@code -prof gc}.</li>
 *   <li>{@link #thompson} (Beta&ndash;Bernoulli Thompson sampling, 2 and 10 arms, posteriors holding
 *       10,000 rewards): target at least 2 million decisions per second per thread. Beside it: the
 *       peer {@link #thompsonCommonsMath} (the same draws with Commons Math's {@code BetaDistribution}),
 *       the floor {@link #gaussianDrawsOnly} (only the normal draws a Gamma sampler needs) and
 *       {@link #ucb1}.</li>
 *   <li>{@link #mirror} (what a shadow costs the caller's thread: handing the request to the shadow
 *       executor) against {@link #stickyDecide} of the same run; target under 1 µs. The shadow itself
 *       (a trivial function) runs on one worker thread on the other core; when the caller outpaces
 *       it the queue fills and calls are dropped and counted, which the caller also pays for: both
 *       paths are measured as they come.</li>
 * </ul>
 *
 * <p>Ids: 65,536 strings {@code "user-<n>"} with random n from a fixed seed, cycled.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingBenchmarks {
  private static final int IDS = 1 << 16;
  private static final String SALT = "fraud-2026-11";

  /** Ids and routers, shared by every benchmark. */
  @State(Scope.Benchmark)
  public static class Data {
    String[] ids;
    byte[][] utf8;
    Router<Integer, Integer> sticky;
    Router<Integer, Integer> shadowed;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(20261122);
      ids = new String[IDS];
      utf8 = new byte[IDS][];
      for (int i = 0; i < IDS; i++) {
        ids[i] = "user-" + r.nextInt(1, Integer.MAX_VALUE);
        utf8[i] = (SALT + ids[i]).getBytes(StandardCharsets.UTF_8);
      }
      sticky = Router.<Integer, Integer>builder(SALT).variant("champion", 90, x -> x).variant("challenger", 10, x -> x + 1)
          .build();
      shadowed = Router.<Integer, Integer>builder(SALT).variant("champion", 90, x -> x).variant("challenger", 10, x -> x + 1)
          .shadow("candidate", x -> x * 31).shadowExecutor(1, 4096, Duration.ofSeconds(1)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println();
      System.out.println("shadow: " + shadowed.shadows().get(0));
      sticky.close();
      shadowed.close();
    }
  }

  /** Per-thread cursor and holder. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
    final DecisionHolder holder = new DecisionHolder();

    int next() {
      return i = (i + 1) & (IDS - 1);
    }
  }

  /** Bandit routers whose arms already hold rewards. */
  @State(Scope.Benchmark)
  public static class Bandits {
    @Param({"2", "10"})
    int arms;

    Router<Integer, Integer> thompson;
    Router<Integer, Integer> ucb;
    double[] alpha;
    double[] beta;
    RandomGenerator commonsRng;
    SplittableRandom jdkRng;

    @Setup(Level.Trial)
    public void setUp() {
      thompson = build(BanditPolicy.thompsonBernoulli(7));
      ucb = build(BanditPolicy.ucb1());
      alpha = new double[arms];
      beta = new double[arms];
      for (int a = 0; a < arms; a++) {
        ArmStats s = thompson.arms().get(a);
        alpha[a] = 1 + s.sum();
        beta[a] = 1 + s.count() - s.sum();
      }
      commonsRng = new Well19937c(11);
      jdkRng = new SplittableRandom(11);
    }

    private Router<Integer, Integer> build(BanditPolicy p) {
      Router.Builder<Integer, Integer> b = Router.<Integer, Integer>builder("bandit").bandit(p);
      for (int a = 0; a < arms; a++) {
        b.variant("arm" + a, 1, x -> x);
      }
      Router<Integer, Integer> r = b.build();
      SplittableRandom rnd = new SplittableRandom(3);
      for (int i = 0; i < 10_000; i++) {
        long d = r.decide("warm");
        r.reward(d, rnd.nextDouble() < 0.05 + 0.01 * Decisions.variant(d) ? 1 : 0);
      }
      return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      thompson.close();
      ucb.close();
    }
  }

  /**
   * The limit: MurmurHash3 of the same ids' pre-encoded UTF-8 bytes.
   *
   * @param d the data
   * @param c the cursor
   * @return the hash
   */
  @Benchmark
  public int murmurBare(Data d, Cursor c) {
    byte[] b = d.utf8[c.next()];
    return MurmurHash3.hash32(b, 0, b.length, 0);
  }

  /**
   * A sticky weighted decision in its primitive encoding.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public long stickyDecide(Data d, Cursor c) {
    return d.sticky.decide(d.ids[c.next()]);
  }

  /**
   * A sticky weighted decision into a caller-owned holder.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision id
   */
  @Benchmark
  public long stickyDecideHolder(Data d, Cursor c) {
    d.sticky.decide(d.ids[c.next()], c.holder);
    return c.holder.id();
  }

  /**
   * A Thompson-sampling decision.
   *
   * @param b the bandits
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public long thompson(Bandits b, Cursor c) {
    return b.thompson.decide("request");
  }

  /**
   * The peer: Thompson sampling written with Commons Math, one {@code BetaDistribution.sample()}
   * (Cheng's algorithm) per arm on the same posteriors, argmax.
   *
   * @param b the bandits
   * @return the chosen arm
   */
  @Benchmark
  public int thompsonCommonsMath(Bandits b) {
    int best = -1;
    double bestDraw = -1;
    for (int a = 0; a < b.arms; a++) {
      double x = new BetaDistribution(b.commonsRng, b.alpha[a], b.beta[a]).sample();
      if (x > bestDraw) {
        bestDraw = x;
        best = a;
      }
    }
    return best;
  }

  /**
   * The floor: the two standard normal draws per arm that the Gamma sampler needs, and nothing else.
   *
   * @param b the bandits
   * @return the sum of the draws
   */
  @Benchmark
  public double gaussianDrawsOnly(Bandits b) {
    double s = 0;
    for (int a = 0; a < 2 * b.arms; a++) {
      s += b.jdkRng.nextGaussian();
    }
    return s;
  }

  /**
   * A UCB1 decision.
   *
   * @param b the bandits
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public long ucb1(Bandits b, Cursor c) {
    return b.ucb.decide("request");
  }

  /**
   * What a shadow costs the caller: mirroring a request already answered.
   *
   * @param d the data
   * @param c the cursor
   * @return how many shadow calls were accepted
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public int mirror(Data d, Cursor c) {
    int i = c.next();
    return d.shadowed.mirror(0L, i, i);
  }

  /**
   * The same decision in average time, to set the mirror's nanoseconds beside.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long stickyDecideTime(Data d, Cursor c) {
    return d.sticky.decide(d.ids[c.next()]);
  }
}
