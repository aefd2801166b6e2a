package dev.mlops.benchmarks;

import dev.mlops.core.routing.BanditPolicy;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.MurmurHash3;
import dev.mlops.core.routing.Router;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;

/**
 * A diagnostic beside {@link RoutingBenchmarks} for a shared, overloaded machine: the same operations
 * on the same data, timed by the measuring thread's own CPU time ({@link ThreadMXBean}) instead of the
 * wall clock, so the figure is what one core delivers while the thread runs, whatever else the
 * machine is doing (other processes still share caches, so it remains an estimate). Five rounds after
 * a warm-up; prints the mean and standard deviation of operations per CPU-second.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.mlops.benchmarks.RoutingCpuTime}.
 */
public final class RoutingCpuTime {
  private static final int IDS = 1 << 16;
  private static final String SALT = "fraud-2026-11";
  private static long sink;

  private RoutingCpuTime() {}

  /**
   * Runs the diagnostic.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    SplittableRandom r = new SplittableRandom(20261122);
    String[] ids = new String[IDS];
    byte[][] utf8 = new byte[IDS][];
    for (int i = 0; i < IDS; i++) {
      ids[i] = "user-" + r.nextInt(1, Integer.MAX_VALUE);
      utf8[i] = (SALT + ids[i]).getBytes(StandardCharsets.UTF_8);
    }
    try (Router<Integer, Integer> sticky = Router.<Integer, Integer>builder(SALT).variant("champion", 90, x -> x)
        .variant("challenger", 10, x -> x).build();
        Router<Integer, Integer> t2 = bandit(2);
        Router<Integer, Integer> t10 = bandit(10)) {
      measure("murmurBare", 20_000_000, i -> {
        byte[] b = utf8[i & (IDS - 1)];
        return MurmurHash3.hash32(b, 0, b.length, 0);
      });
      measure("stickyDecide", 20_000_000, i -> sticky.decide(ids[i & (IDS - 1)]));
      measure("thompson 2 arms", 4_000_000, i -> t2.decide("request"));
      measure("thompson 10 arms", 1_000_000, i -> t10.decide("request"));
    }
    System.out.println("(sink " + sink + ")");
  }

  private static Router<Integer, Integer> bandit(int arms) {
    Router.Builder<Integer, Integer> b = Router.<Integer, Integer>builder("bandit").bandit(BanditPolicy.thompsonBernoulli(7));
    for (int a = 0; a < arms; a++) {
      b.variant("arm" + a, 1, x -> x);
    }
    Router<Integer, Integer> router = b.build();
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      long d = router.decide("warm");
      router.reward(d, rnd.nextDouble() < 0.05 + 0.01 * Decisions.variant(d) ? 1 : 0);
    }
    return router;
  }

  private static void measure(String name, int ops, IntToLongFunction op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long acc = 0;
    for (int w = 0; w < 3; w++) {
      for (int i = 0; i < ops; i++) {
        acc ^= op.applyAsLong(i);
      }
    }
    double[] rates = new double[5];
    for (int round = 0; round < rates.length; round++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < ops; i++) {
        acc ^= op.applyAsLong(i);
      }
      rates[round] = ops / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
    }
    sink ^= acc;
    double mean = 0;
    for (double x : rates) {
      mean += x / rates.length;
    }
    double var = 0;
    for (double x : rates) {
      var += (x - mean) * (x - mean) / (rates.length - 1);
    }
    System.out.printf(Locale.ROOT, "%-18s %8.2f ± %.2f million ops per CPU-second%n", name, mean / 1e6, Math.sqrt(var) / 1e6);
  }
}
