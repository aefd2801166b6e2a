package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.model.Prediction;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Eight threads record ten million predictions in total into one monitor: every count and every
 * window statistic is exact (nothing lost but the counted drops).
 */
class MonitorConcurrencyTest {
  static final int THREADS = 8;
  static final int PER_THREAD = 1_250_000;
  static final int WINDOW = 250_000;
  static final Prediction[] OUTPUTS = {
      new Prediction.Classification("a", Map.of("a", 1.0)),
      new Prediction.Classification("b", Map.of("b", 1.0)),
      new Prediction.Classification("c", Map.of("c", 1.0))};

  /** What one producer saw accepted. */
  static final class Tally {
    long accepted;
    long dropped;
    long latencySum;
    long errors;
    final long[] labels = new long[3];
  }

  @Test
  void eightThreads_tenMillionPredictions_countsAndWindowStatisticsAreExact() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    BitSet ids = new BitSet(THREADS * PER_THREAD);
    long[] duplicateIds = new long[1];
    MonitorExtension idCheck = new MonitorExtension() {   // runs on the worker: no locking needed
      @Override
      public String name() {
        return "ids";
      }

      @Override
      public void onEvent(PredictionEvent e) {
        if (ids.get((int) e.id())) {
          duplicateIds[0]++;
        }
        ids.set((int) e.id());
      }
    };
    Tally[] tallies = new Tally[THREADS];
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[THREADS];
    PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(WINDOW))
        .queueCapacity(1 << 16).extension(idCheck).windowListener(windows::add).build();
    for (int t = 0; t < THREADS; t++) {
      Tally tally = tallies[t] = new Tally();
      int thread = t;
      threads[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < PER_THREAD; i++) {
          long latency = thread * 1000L + (i % 977);
          boolean error = i % 101 == 0;
          int label = i % 3;
          long id = error ? m.recordError(null, "E", latency) : m.record(null, OUTPUTS[label], latency);
          if (id == PredictionMonitor.DROPPED) {
            tally.dropped++;
            Thread.yield();   // a service would go on with its own work; give the worker a turn
            continue;
          }
          tally.accepted++;
          tally.latencySum += latency;
          if (error) {
            tally.errors++;
          } else {
            tally.labels[label]++;
          }
        }
      });
      threads[t].start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(m.awaitProcessed(Duration.ofMinutes(2))).isTrue();
    m.closeWindows();
    m.close();

    Tally all = new Tally();
    for (Tally t : tallies) {
      all.accepted += t.accepted;
      all.dropped += t.dropped;
      all.latencySum += t.latencySum;
      all.errors += t.errors;
      for (int k = 0; k < 3; k++) {
        all.labels[k] += t.labels[k];
      }
    }
    long offered = (long) THREADS * PER_THREAD;
    System.out.printf("10M test: accepted %d, dropped %d (%.2f%%), windows %d%n", all.accepted, all.dropped,
        100.0 * all.dropped / offered, windows.size());
    assertThat(m.offered()).isEqualTo(offered);
    assertThat(m.dropped()).isEqualTo(all.dropped);
    assertThat(m.accepted()).isEqualTo(all.accepted).isEqualTo(offered - all.dropped);
    assertThat(m.processed()).isEqualTo(all.accepted);
    assertThat(duplicateIds[0]).isZero();
    assertThat(ids.cardinality()).isEqualTo((int) all.accepted);
    assertThat(all.accepted).as("most events get through").isGreaterThan(offered / 10);

    // windows: every full window holds exactly WINDOW events; the last holds the rest
    for (int i = 0; i < windows.size() - 1; i++) {
      assertThat(windows.get(i).predictions()).isEqualTo(WINDOW);
      assertThat(windows.get(i).index()).isEqualTo(i);
    }
    assertThat(windows.get(windows.size() - 1).predictions()).isBetween(1L, (long) WINDOW);
    assertThat(windows.stream().mapToLong(WindowSummary::predictions).sum()).isEqualTo(all.accepted);
    assertThat(windows.stream().mapToLong(WindowSummary::errors).sum()).isEqualTo(all.errors);
    assertThat(windows.stream().mapToLong(w -> w.latency().sumNanos()).sum()).isEqualTo(all.latencySum);
    assertThat(windows.stream().mapToLong(w -> w.latency().count()).sum()).isEqualTo(all.accepted);
    String[] names = {"a", "b", "c"};
    for (int k = 0; k < 3; k++) {
      String label = names[k];
      assertThat(windows.stream().mapToLong(w -> w.outputCounts().getOrDefault(label, 0L)).sum())
          .isEqualTo(all.labels[k]);
    }
    assertThat(windows.stream().mapToLong(w -> w.latency().minNanos()).min().getAsLong()).isZero();
    assertThat(windows.stream().mapToLong(w -> w.latency().maxNanos()).max().getAsLong())
        .isEqualTo((THREADS - 1) * 1000L + 976);
    assertThat(windows.get(windows.size() - 1).droppedTotal()).isEqualTo(all.dropped);
    assertThat(m.latencyTotalNanos("m")).isEqualTo(all.latencySum);
    assertThat(m.errors("m")).isEqualTo(all.errors);
  }
}
