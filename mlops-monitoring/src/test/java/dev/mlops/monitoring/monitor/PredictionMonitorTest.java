package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Predictor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PredictionMonitorTest {
  private static final Prediction YES = new Prediction.Classification("yes", Map.of("yes", 0.9, "no", 0.1));
  private static final Prediction NO = new Prediction.Classification("no", Map.of("yes", 0.1, "no", 0.9));

  @Test
  void tumblingCountWindows_holdExactlyTheirEvents() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(100))
        .windowListener(windows::add).build()) {
      for (int i = 0; i < 250; i++) {
        if (i % 10 == 0) {
          m.recordError(null, "Timeout", 1000 + i);
        } else {
          m.record(null, i % 3 == 0 ? YES : NO, 1000 + i);
        }
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      assertThat(windows).hasSize(2);
      WindowSummary w0 = windows.get(0);
      assertThat(w0.index()).isZero();
      assertThat(w0.predictions()).isEqualTo(100);
      assertThat(w0.errors()).isEqualTo(10);
      assertThat(w0.errorRate()).isEqualTo(0.1);
      long yes = java.util.stream.IntStream.range(0, 100).filter(i -> i % 10 != 0 && i % 3 == 0).count();
      assertThat(w0.outputCounts()).containsEntry("yes", yes).containsEntry("no", 90 - yes);
      assertThat(w0.latency().count()).isEqualTo(100);
      assertThat(w0.latency().sumNanos()).isEqualTo(100 * 1000 + 99 * 100 / 2);
      assertThat(w0.latency().minNanos()).isEqualTo(1000);
      assertThat(w0.latency().maxNanos()).isEqualTo(1099);
      assertThat(w0.latency().quantileNanos(0.5)).isCloseTo(1049, within(1049 * 0.004));
      assertThat(windows.get(1).index()).isEqualTo(1);
      m.closeWindows();
      assertThat(windows).hasSize(3);
      assertThat(windows.get(2).predictions()).isEqualTo(50);
      assertThat(m.processed()).isEqualTo(250);
      assertThat(m.offered()).isEqualTo(250);
      assertThat(m.dropped()).isZero();
    }
  }

  @Test
  void slidingCountWindows_closeEveryStepOverTheLastSize() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.slidingCount(100, 25))
        .windowListener(windows::add).build()) {
      for (int i = 0; i < 200; i++) {
        m.record(null, YES, i);
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
    }
    // windows close after 100, 125, 150, 175, 200 events, each holding the last 100
    assertThat(windows).hasSize(5);
    for (int k = 0; k < 5; k++) {
      WindowSummary w = windows.get(k);
      assertThat(w.predictions()).isEqualTo(100);
      long first = 25L * k;
      assertThat(w.latency().minNanos()).isEqualTo(first);
      assertThat(w.latency().maxNanos()).isEqualTo(first + 99);
      assertThat(w.latency().sumNanos()).isEqualTo(100 * first + 99 * 100 / 2);
    }
  }

  @Test
  void timeWindows_useTheEventClock_tumblingAndSliding() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    List<WindowSummary> tumbling = new CopyOnWriteArrayList<>();
    List<WindowSummary> sliding = new CopyOnWriteArrayList<>();
    try (PredictionMonitor t = PredictionMonitor.builder("t").clock(now::get)
            .window(WindowSpec.tumblingTime(Duration.ofSeconds(10))).windowListener(tumbling::add).build();
        PredictionMonitor s = PredictionMonitor.builder("s").clock(now::get)
            .window(WindowSpec.slidingTime(Duration.ofSeconds(20), Duration.ofSeconds(10)))
            .windowListener(sliding::add).build()) {
      // 5 events per second for 35 seconds
      for (int sec = 0; sec < 35; sec++) {
        for (int j = 0; j < 5; j++) {
          now.set(1_000_000 + sec * 1000L + j * 100);
          t.record(null, YES, sec);
          s.record(null, YES, sec);
        }
      }
      assertThat(t.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      assertThat(s.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      // the clock passed 1,030,000: windows [1,000,000, 1,010,000), [.., 1,020,000), [.., 1,030,000) closed
      waitFor(() -> tumbling.size() == 3);
      assertThat(tumbling).extracting(WindowSummary::predictions).containsExactly(50L, 50L, 50L);
      assertThat(tumbling.get(0).start().toEpochMilli()).isEqualTo(1_000_000);
      assertThat(tumbling.get(0).end().toEpochMilli()).isEqualTo(1_010_000);
      waitFor(() -> sliding.size() == 2);
      // sliding 20 s every 10 s, reported once a window spans its full length after the first event:
      // [1,000,000, 1,020,000) and [1,010,000, 1,030,000)
      assertThat(sliding).extracting(WindowSummary::predictions).containsExactly(100L, 100L);
      assertThat(sliding.get(1).start().toEpochMilli()).isEqualTo(1_010_000);
      assertThat(sliding.get(1).end().toEpochMilli()).isEqualTo(1_030_000);
      // the idle worker closes the window in progress once the clock passes its end
      now.set(1_040_000);
      waitFor(() -> tumbling.size() == 4 && sliding.size() == 3);
      assertThat(tumbling.get(3).predictions()).isEqualTo(25);
      assertThat(sliding.get(2).predictions()).isEqualTo(75);
    }
  }

  /**
   * The worker's idle tick must not close a pane under an event already stamped and queued: here
   * the worker's clock read is held until a caller has queued an event stamped 1,999 and moved the
   * clock to 2,000. Reading the clock after an empty drain (the old order) closed [1,000, 2,000)
   * first and counted that event late in the next window.
   */
  @Test
  void idleTick_neverClosesAPaneUnderAQueuedEvent() throws Exception {
    Thread caller = Thread.currentThread();
    AtomicLong time = new AtomicLong(1_000);
    java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch queued = new CountDownLatch(1);
    java.util.function.LongSupplier clock = () -> {
      if (Thread.currentThread() != caller && hold.compareAndSet(true, false)) {
        try {
          queued.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return time.get();
    };
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").clock(clock)
        .window(WindowSpec.tumblingTime(Duration.ofSeconds(1))).windowListener(windows::add).build()) {
      m.record(null, YES, 1);
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      hold.set(true);
      waitFor(() -> !hold.get());   // the worker is now inside its clock read
      time.set(1_999);
      m.record(null, NO, 2);
      time.set(2_000);
      queued.countDown();
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      waitFor(() -> windows.size() == 1);
      assertThat(windows.get(0).predictions()).isEqualTo(2);
      assertThat(windows.get(0).lateEvents()).isZero();
      assertThat(windows.get(0).outputCounts()).containsEntry("yes", 1L).containsEntry("no", 1L);
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(c.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  @Test
  void fullQueue_dropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    MonitorExtension blocker = new MonitorExtension() {
      @Override
      public String name() {
        return "blocker";
      }

      @Override
      public void onEvent(PredictionEvent event) {
        if (event.id() == 0) {
          blocked.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").queueCapacity(8).window(WindowSpec.tumblingCount(5))
        .extension(blocker).windowListener(windows::add).build()) {
      assertThat(m.record(null, YES, 1)).isZero();
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      long accepted = 0;
      long droppedIds = 0;
      for (int i = 0; i < 100; i++) {
        if (m.record(null, YES, 1) == PredictionMonitor.DROPPED) {
          droppedIds++;
        } else {
          accepted++;
        }
      }
      assertThat(m.queueCapacity()).isEqualTo(8);
      assertThat(accepted).isEqualTo(8);
      assertThat(droppedIds).isEqualTo(92);
      assertThat(m.dropped()).isEqualTo(92);
      release.countDown();
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      assertThat(m.offered()).isEqualTo(101);
      assertThat(m.accepted()).isEqualTo(9);
      assertThat(m.processed()).isEqualTo(9);
      assertThat(windows).isNotEmpty();
      assertThat(windows.get(0).droppedTotal()).isEqualTo(92);
      assertThat(windows.get(0).droppedSincePrevious()).isEqualTo(92);
    }
  }

  @Test
  void recordAfterClose_isDroppedAndCounted() {
    PredictionMonitor m = PredictionMonitor.builder("m").build();
    m.close();
    assertThat(m.record(null, YES, 5)).isEqualTo(PredictionMonitor.DROPPED);
    assertThat(m.dropped()).isEqualTo(1);
    assertThat(m.offered()).isEqualTo(1);
    m.close();
  }

  @Test
  void windows_compareSampledInputsAndOutputsWithTheReference() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(500))
        .reference(MonitorFixtures.referenceProfile()).outputReference(MonitorFixtures.outputProfile())
        .windowListener(windows::add).build()) {
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < 1000; i++) {
        Map<String, Object> row = MonitorFixtures.row(r, i < 500 ? 0 : 1.0);
        m.record(row, MonitorFixtures.predict(row), 100);
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(windows).hasSize(2);
    WindowSummary calm = windows.get(0);
    WindowSummary shifted = windows.get(1);
    assertThat(calm.sampledInputs()).isEqualTo(500);
    assertThat(calm.featureDrift()).isPresent();
    assertThat(calm.featureDrift().get().driftedColumnNames()).doesNotContain("x");
    assertThat(shifted.featureDrift().get().driftedColumnNames()).contains("x").doesNotContain("plan");
    // 2,000 reference rows: Evidently's choice is the normed Wasserstein distance (threshold 0.1); a shift
    // of one standard deviation is a distance near 1, ten times the threshold
    assertThat(shifted.featureDrift().get().column("x").method()).hasValue(
        dev.mlops.monitoring.drift.DriftMethod.WASSERSTEIN_NORMED);
    assertThat(shifted.featureDriftSeverity("x").getAsDouble()).isBetween(7.0, 13.0);
    assertThat(calm.predictionDrift().get().drifted()).isFalse();
    assertThat(shifted.predictionDrift().get().drifted()).isTrue();
    assertThat(shifted.predictionDriftSeverity().getAsDouble()).isGreaterThan(1);
  }

  @Test
  void inputSampling_isReproducibleAndNearTheRate() throws Exception {
    long[] sampled = new long[2];
    for (int run = 0; run < 2; run++) {
      List<WindowSummary> windows = new CopyOnWriteArrayList<>();
      try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(10_000))
          .inputSampleRate(0.1).reference(MonitorFixtures.referenceProfile()).windowListener(windows::add).build()) {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
          Map<String, Object> row = MonitorFixtures.row(r, 0);
          m.record(row, MonitorFixtures.predict(row), 100);
        }
        assertThat(m.awaitProcessed(Duration.ofSeconds(30))).isTrue();
      }
      sampled[run] = windows.get(0).sampledInputs();
    }
    assertThat(sampled[0]).isEqualTo(sampled[1]).isBetween(900L, 1100L);
  }

  @Test
  void wrap_timesAndRecordsCalls_andRecordsFailuresAsErrors() throws Exception {
    Predictor<Map<String, ?>, Prediction> model = new Predictor<>() {
      @Override
      public Prediction predict(Map<String, ?> input) {
        if (input.containsKey("boom")) {
          throw new IllegalStateException("boom");
        }
        return YES;
      }

      @Override
      public ModelSignature signature() {
        throw new UnsupportedOperationException();
      }
    };
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(3))
        .windowListener(windows::add).build()) {
      Predictor<Map<String, ?>, Prediction> served = m.wrap(model);
      assertThat(served.predict(Map.of("a", 1))).isEqualTo(YES);
      assertThat(served.predict(Map.of("a", 2))).isEqualTo(YES);
      assertThatThrownBy(() -> served.predict(Map.of("boom", 1))).isInstanceOf(IllegalStateException.class);
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).errors()).isEqualTo(1);
    assertThat(windows.get(0).latency().minNanos()).isPositive();
  }

  @Test
  void routerVariants_haveTheirOwnWindows() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = PredictionMonitor.builder("fraud").variants("champion", "challenger")
        .window(WindowSpec.tumblingCount(10)).windowListener(windows::add).build()) {
      for (int i = 0; i < 30; i++) {
        m.record(i % 3 == 0 ? "challenger" : "champion", "req-" + i, null, YES, 10);
      }
      assertThatThrownBy(() -> m.record(null, YES, 1)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> m.record("other", null, null, YES, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      assertThat(m.processed("champion")).isEqualTo(20);
      assertThat(m.processed("challenger")).isEqualTo(10);
    }
    assertThat(windows).extracting(WindowSummary::variant).containsExactlyInAnyOrder("champion", "champion",
        "challenger");
  }

  @Test
  void routedPredictions_areRecordedUnderTheServedVariant() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (dev.mlops.core.routing.Router<Map<String, ?>, Prediction> router =
            dev.mlops.core.routing.Router.<Map<String, ?>, Prediction>builder("exp")
                .variant("champion", 80, in -> YES).variant("challenger", 20, in -> NO).build();
        PredictionMonitor m = PredictionMonitor.builder("fraud").variants("champion", "challenger")
            .window(WindowSpec.tumblingCount(1_000_000)).windowListener(windows::add).build()) {
      long[] served = new long[2];
      for (int i = 0; i < 2000; i++) {
        Map<String, ?> features = Map.of("x", (double) i);
        var routed = router.route("user-" + i, features);
        served[routed.decision().variant().equals("champion") ? 0 : 1]++;
        assertThat(m.record(routed, features, 100)).isEqualTo(i);
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
      m.closeWindows();
      assertThat(m.processed("champion")).isEqualTo(served[0]);
      assertThat(m.processed("challenger")).isEqualTo(served[1]);
      assertThat(served[1]).isBetween(300L, 500L);
    }
    assertThat(windows).hasSize(2).allSatisfy(w -> assertThat(w.outputCounts()).hasSize(1));
    WindowSummary challenger = windows.stream().filter(w -> w.variant().equals("challenger")).findFirst().orElseThrow();
    assertThat(challenger.outputCounts()).containsOnlyKeys("no");
  }

  @Test
  void badArguments_areRejectedClearly() {
    assertThatThrownBy(() -> WindowSpec.slidingCount(100, 30)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple");
    assertThatThrownBy(() -> PredictionMonitor.builder("m").inputSampleRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PredictionMonitor.builder("m").outputReference(MonitorFixtures.referenceProfile()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputProfile");
    try (PredictionMonitor m = PredictionMonitor.builder("m").build()) {
      assertThatThrownBy(() -> m.record(null, YES, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PredictionMonitor.builder("other").restore(m.snapshot()).build())
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("model");
    }
  }
}
