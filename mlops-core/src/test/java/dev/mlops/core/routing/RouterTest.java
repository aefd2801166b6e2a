package dev.mlops.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static Router.Builder<Integer, String> twoVariants(double a, double b) {
    return Router.<Integer, String>builder("exp")
        .variant("champion", a, x -> "champion:" + x)
        .variant("challenger", b, x -> "challenger:" + x);
  }

  @Test
  void decide_isStickyAndMatchesTheDocumentedHashAndBucket() {
    try (Router<Integer, String> r = twoVariants(50, 50).build()) {
      for (int i = 0; i < 1000; i++) {
        String unit = "user-" + i;
        long d = r.decide(unit);
        int expectedBucket = BucketAllocation.bucketOf(MurmurHash3.hash32("exp" + unit, 0));
        assertThat(Decisions.variant(d)).isEqualTo(expectedBucket < 5000 ? 0 : 1);
        assertThat(Decisions.reason(d)).isEqualTo(Reason.WEIGHTED);
        assertThat(Decisions.variant(r.decide(unit))).isEqualTo(Decisions.variant(d));
      }
      // Pinned with an independent vector: MurmurHash3("exp-2026" + "user-42") = 2072597960 (Guava),
      // bucket floor(2072597960 * 10000 / 2^32) = 4825, below 5000: the first variant.
      try (Router<Integer, String> pinned = Router.<Integer, String>builder("exp-2026").variant("a", 1).variant("b", 1).build()) {
        assertThat(Decisions.variant(pinned.decide("user-42"))).isZero();
        assertThat(BucketAllocation.bucketOf((int) 2072597960L)).isEqualTo(4825);
      }
    }
  }

  @Test
  void decisionIds_areUniqueSequencedAndDecodable() {
    try (Router<Integer, String> r = twoVariants(1, 1).build()) {
      long d0 = r.decide("a");
      long d1 = r.decide("b");
      assertThat(Decisions.sequence(d0)).isZero();
      assertThat(Decisions.sequence(d1)).isEqualTo(1);
      Decision obj = r.decision("c");
      assertThat(obj.sequence()).isEqualTo(2);
      assertThat(r.toDecision(d1).variant()).isEqualTo(r.variantName(d1));
      DecisionHolder h = new DecisionHolder();
      assertThat(h.isSet()).isFalse();
      r.decide("a", h);
      assertThat(h.variantIndex()).isEqualTo(Decisions.variant(d0));
      assertThat(h.variant()).isEqualTo(r.variantNames().get(h.variantIndex()));
      assertThat(h.toDecision().reason()).isEqualTo(Reason.WEIGHTED);
      assertThatThrownBy(() -> r.toDecision(Decisions.encode(Router.ID_BLOCK * 8L + 99, 0, Reason.WEIGHTED)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("not issued by this router");
    }
  }

  @Test
  void overrides_winOverWeights_andCanBeRemoved() {
    try (Router<Integer, String> r = twoVariants(100, 0).build()) {
      assertThat(r.decision("qa-1").variant()).isEqualTo("champion");
      r.override("qa-1", "challenger");
      Decision d = r.decision("qa-1");
      assertThat(d.variant()).isEqualTo("challenger");
      assertThat(d.reason()).isEqualTo(Reason.OVERRIDE);
      assertThat(r.overrides()).containsEntry("qa-1", "challenger");
      assertThat(r.decision(new StringBuilder("qa-1")).variant()).as("any CharSequence").isEqualTo("challenger");
      assertThat(r.removeOverride("qa-1")).isTrue();
      assertThat(r.decision("qa-1").variant()).isEqualTo("champion");
      List<String> allowList = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        allowList.add("beta-" + i);
      }
      r.override(allowList, "challenger");
      assertThat(allowList).allSatisfy(u -> assertThat(r.decision(u).reason()).isEqualTo(Reason.OVERRIDE));
      assertThat(r.decision("not-on-the-list").variant()).isEqualTo("champion");
      assertThatThrownBy(() -> r.override("x", "nope")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Unknown variant 'nope'");
    }
  }

  @Test
  void assignmentStore_keepsFirstAssignmentsAcrossWeightChanges() {
    InMemoryAssignmentStore store = new InMemoryAssignmentStore();
    try (Router<Integer, String> r = twoVariants(100, 0).assignmentStore(store).build()) {
      for (int i = 0; i < 100; i++) {
        assertThat(r.decision("u" + i).variant()).isEqualTo("champion");
      }
      r.setWeights(0, 100);
      for (int i = 0; i < 100; i++) {
        Decision d = r.decision("u" + i);
        assertThat(d.variant()).isEqualTo("champion");
        assertThat(d.reason()).isEqualTo(Reason.STORED);
      }
      assertThat(r.decision("new-unit").variant()).isEqualTo("challenger");
      assertThat(store.size("exp")).isEqualTo(101);
    }
    // A stored variant that no longer exists is replaced.
    store.put("exp", "ghost", "removed-variant");
    try (Router<Integer, String> r = twoVariants(0, 100).assignmentStore(store).build()) {
      assertThat(r.decision("ghost").variant()).isEqualTo("challenger");
      assertThat(store.get("exp", "ghost")).hasValue("challenger");
    }
  }

  @Test
  void exposureListener_seesEveryDecision_andItsFailuresDoNotBreakDecisions() {
    List<Long> seen = new ArrayList<>();
    try (Router<Integer, String> r = twoVariants(1, 1).exposureListener((u, d) -> {
      seen.add(d);
      if (u.toString().equals("boom")) {
        throw new IllegalStateException("listener bug");
      }
    }).build()) {
      long a = r.decide("a");
      long b = r.decide("boom");
      assertThat(seen).containsExactly(a, b);
      assertThat(r.listenerFailures()).isEqualTo(1);
    }
  }

  @Test
  void fallback_answersWhenTheChosenVariantThrows_andTheFailureIsCounted() {
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("champion", 0, x -> "champion:" + x)
        .variant("challenger", 100, x -> {
          throw new IllegalStateException("model bug");
        })
        .fallback("champion").build()) {
      Routed<String> out = r.route("u1", 7);
      assertThat(out.output()).isEqualTo("champion:7");
      assertThat(out.decision().reason()).isEqualTo(Reason.FALLBACK);
      assertThat(out.decision().variant()).isEqualTo("champion");
      assertThat(out.assignedVariant()).isEqualTo("challenger");
      assertThat(out.failure()).get().isInstanceOf(IllegalStateException.class);
      VariantReport ch = r.variants().get(1);
      assertThat(ch.failures()).isEqualTo(1);
      assertThat(ch.fallbacks()).isEqualTo(1);
    }
  }

  @Test
  void noFallback_propagatesTheFailure_andATimeoutAsMlopsException() {
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("only", 1, x -> {
          throw new IllegalArgumentException("bad");
        }).build()) {
      assertThatThrownBy(() -> r.route("u", 1)).isInstanceOf(IllegalArgumentException.class);
    }
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("slow", 1, x -> sleep(2000)).callTimeout(Duration.ofMillis(50)).build()) {
      assertThatThrownBy(() -> r.route("u", 1)).isInstanceOf(MlopsException.class).hasMessageContaining("did not answer");
      assertThat(r.variants().get(0).timeouts()).isEqualTo(1);
    }
  }

  @Test
  void callTimeout_letsTheFallbackAnswer() {
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("fast", 0, x -> "fast")
        .variant("slow", 100, x -> sleep(2000))
        .fallback("fast").callTimeout(Duration.ofMillis(50)).build()) {
      long t0 = System.nanoTime();
      Routed<String> out = r.route("u", 1);
      assertThat(System.nanoTime() - t0).isLessThan(1_500_000_000L);
      assertThat(out.output()).isEqualTo("fast");
      assertThat(out.failure()).get().isInstanceOf(java.util.concurrent.TimeoutException.class);
      assertThat(r.variants().get(1).timeouts()).isEqualTo(1);
    }
  }

  @Test
  void circuitBreaker_opensOnFailures_sendsTrafficToFallback_andClosesAfterASuccessfulTrial() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    boolean[] failing = {true};
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("stable", 0, x -> "stable")
        .variant("canary", 100, x -> {
          if (failing[0]) {
            throw new IllegalStateException("down");
          }
          return "canary";
        })
        .fallback("stable")
        .circuitBreaker(new CircuitBreakerPolicy(10, 5, 0.5, Duration.ofSeconds(10)))
        .nanoClock(now::get).build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(r.route("u" + i, i).output()).isEqualTo("stable");
      }
      assertThat(r.variants().get(1).breaker()).isEqualTo(BreakerState.OPEN);
      int callsBefore = (int) r.variants().get(1).failures();
      Decision d = r.decision("u-next");
      assertThat(d.variant()).isEqualTo("stable");
      assertThat(d.reason()).isEqualTo(Reason.FALLBACK);
      r.route("u-more", 1);
      assertThat(r.variants().get(1).failures()).as("no call reaches an open variant").isEqualTo(callsBefore);

      now.addAndGet(Duration.ofSeconds(11).toNanos());
      assertThat(r.variants().get(1).breaker()).isEqualTo(BreakerState.HALF_OPEN);
      assertThat(r.route("u-trial", 1).output()).as("a failed trial reopens").isEqualTo("stable");
      assertThat(r.variants().get(1).breaker()).isEqualTo(BreakerState.OPEN);

      now.addAndGet(Duration.ofSeconds(11).toNanos());
      failing[0] = false;
      assertThat(r.route("u-trial2", 1).output()).isEqualTo("canary");
      assertThat(r.variants().get(1).breaker()).isEqualTo(BreakerState.CLOSED);
      assertThat(r.variants().get(1).breakerOpenings()).isEqualTo(2);
    }
  }

  @Test
  void shadows_neverChangeTheResult_andRecordAgreementErrorsAndDistributions() throws Exception {
    ConcurrentLinkedQueue<ShadowResult<String>> results = new ConcurrentLinkedQueue<>();
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("champion", 1, x -> x % 2 == 0 ? "even" : "odd")
        .shadow("agreeing", x -> x % 2 == 0 ? "even" : "odd")
        .shadow("half", x -> x % 4 == 0 ? "even" : "odd")
        .shadow("broken", x -> {
          throw new IllegalStateException("shadow bug");
        })
        .shadowListener(results::add)
        .build()) {
      for (int i = 0; i < 400; i++) {
        assertThat(r.route("u" + i, i).output()).isEqualTo(i % 2 == 0 ? "even" : "odd");
      }
      assertThat(r.awaitShadows(Duration.ofSeconds(10))).isTrue();
      ShadowReport agreeing = r.shadows().get(0);
      ShadowReport half = r.shadows().get(1);
      ShadowReport broken = r.shadows().get(2);
      assertThat(agreeing.submitted() + agreeing.dropped()).isEqualTo(400);
      assertThat(agreeing.agreementRate()).isEqualTo(1.0);
      assertThat(half.completed()).isEqualTo(half.submitted());
      assertThat(half.agreementRate()).isBetween(0.70, 0.80); // disagrees on x % 4 == 2: a quarter
      assertThat(half.shadowOutputs().get("odd")).isGreaterThan(half.primaryOutputs().get("odd"));
      assertThat(broken.errors()).isEqualTo(broken.submitted());
      assertThat(broken.completed()).isZero();
      assertThat(results).hasSize((int) (agreeing.submitted() + half.submitted() + broken.submitted()));
      assertThat(results).filteredOn(x -> x.shadow().equals("broken")).allMatch(x -> x.error().isPresent());
    }
  }

  @Test
  void shadows_fullExecutor_dropsAndCounts_withoutBlockingTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("champion", 1, x -> "ok")
        .shadow("stuck", x -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "ok";
        })
        .shadowExecutor(1, 4, Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 100; i++) {
        assertThat(r.route("u" + i, i).output()).isEqualTo("ok");
      }
      ShadowReport s = r.shadows().get(0);
      assertThat(s.submitted()).isEqualTo(4);
      assertThat(s.dropped()).isEqualTo(96);
      release.countDown();
      assertThat(r.awaitShadows(Duration.ofSeconds(10))).isTrue();
      assertThat(r.shadows().get(0).completed()).isEqualTo(4);
    }
  }

  @Test
  void shadows_pastTheirTimeout_areCountedAndInterrupted() throws Exception {
    try (Router<Integer, String> r = Router.<Integer, String>builder("exp")
        .variant("champion", 1, x -> "ok")
        .shadow("slow", x -> sleep(10_000))
        .shadowExecutor(1, 16, Duration.ofMillis(50)).build()) {
      r.route("u", 1);
      r.route("v", 2);
      assertThat(r.awaitShadows(Duration.ofSeconds(5))).as("the watchdog interrupts the slow calls").isTrue();
      ShadowReport s = r.shadows().get(0);
      assertThat(s.timeouts()).isEqualTo(2);
      assertThat(s.completed()).isZero();
    }
  }

  private static String sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    return "slept";
  }

  @Test
  void builder_rejectsBadConfiguration() {
    assertThatThrownBy(() -> Router.builder("")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").variant("a", 1).variant("a", 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("already added");
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").variant("a", Double.NaN))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").variant("a", 1).fallback("b").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown variant 'b'");
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").fallback("a").fallback("b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Router.<Integer, String>builder("e").variant("a", 0).variant("b", 0).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sum to 0");
    try (Router<Integer, String> r = Router.<Integer, String>builder("e").variant("a", 1).build()) {
      assertThatThrownBy(() -> r.route("u", 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without a call");
      assertThatThrownBy(() -> r.reward(r.decide("u"), 1)).isInstanceOf(IllegalStateException.class);
    }
  }

  static Function<Integer, String> named(String n) {
    return x -> n;
  }
}
