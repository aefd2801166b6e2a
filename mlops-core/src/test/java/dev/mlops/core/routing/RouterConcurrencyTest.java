package dev.mlops.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Many threads deciding, routing, rewarding, re-weighting and overriding at once. */
class RouterConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 20_000;

  @Test
  void concurrentDecisionsAndFeedback_keepEveryCountAndIdConsistent() throws Exception {
    LongAdder exposures = new LongAdder();
    try (Router<Integer, String> r = Router.<Integer, String>builder("conc")
        .variant("a", 1, x -> "a").variant("b", 1, x -> "b").variant("c", 1, x -> "c")
        .bandit(BanditPolicy.thompsonBernoulli(9))
        .exposureListener((u, d) -> exposures.increment()).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          long[] ids = new long[PER_THREAD];
          for (int i = 0; i < PER_THREAD; i++) {
            long d = r.decide("t" + thread + "-" + i);
            ids[i] = d;
            r.reward(d, Decisions.variant(d) == 2 ? 1 : (i % 10 == 0 ? 1 : 0));
          }
          return ids;
        }));
      }
      Set<Long> sequences = new HashSet<>();
      for (Future<long[]> f : futures) {
        for (long d : f.get()) {
          sequences.add(Decisions.sequence(d));
        }
      }
      pool.shutdown();
      int total = THREADS * PER_THREAD;
      assertThat(sequences).hasSize(total);
      assertThat(r.decisionCount()).isEqualTo(total);
      assertThat(exposures.sum()).isEqualTo(total);
      assertThat(r.arms().stream().mapToLong(ArmStats::count).sum()).isEqualTo(total);
      assertThat(r.variants().stream().mapToLong(VariantReport::decisions).sum()).isEqualTo(total);
      assertThat(r.arms().get(2).count()).as("the best arm dominates").isGreaterThan(total / 2);
    }
  }

  @Test
  void concurrentRoutingWhileWeightsAndOverridesChange_staysStickyAndConsistent() throws Exception {
    try (Router<Integer, String> r = Router.<Integer, String>builder("conc2")
        .variant("stable", 99, x -> "stable").variant("canary", 1, x -> "canary")
        .shadow("shadow", x -> "stable")
        .shadowExecutor(2, 10_000, Duration.ofSeconds(5)).build()) {
      ConcurrentHashMap<String, String> firstCanary = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CyclicBarrier start = new CyclicBarrier(THREADS + 1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < PER_THREAD / 4; i++) {
            String unit = "u" + (i % 2000);
            Routed<String> out = r.route(unit, i);
            assertThat(out.output()).isEqualTo(out.decision().variant());
            if (out.output().equals("canary")) {
              firstCanary.putIfAbsent(unit, "canary");
            }
          }
          return null;
        }));
      }
      start.await();
      for (double p : new double[] {5, 25, 50, 100}) {
        r.setWeights(100 - p, p);
        r.override("u7", "stable");
        r.removeOverride("u7");
        Thread.sleep(5);
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      // Ramp coverage under concurrency: a unit once in the canary is never moved back (weights only grew).
      for (String unit : firstCanary.keySet()) {
        if (!unit.equals("u7")) {
          assertThat(r.decision(unit).variant()).isEqualTo("canary");
        }
      }
      assertThat(r.awaitShadows(Duration.ofSeconds(20))).isTrue();
      ShadowReport s = r.shadows().get(0);
      assertThat(s.submitted() + s.dropped()).isEqualTo((long) THREADS * (PER_THREAD / 4));
      assertThat(s.completed()).isEqualTo(s.submitted());
    }
  }
}
