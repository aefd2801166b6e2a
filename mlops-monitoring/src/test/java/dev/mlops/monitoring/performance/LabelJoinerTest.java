package dev.mlops.monitoring.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LabelJoinerTest {
  final ManualClock clock = new ManualClock();
  final MetricIntervals intervals = MetricIntervals.defaults().withResamples(300);

  LabelJoiner joiner(int maxPending, Duration ttl) {
    return LabelJoiner.builder().maxPending(maxPending).timeToLive(ttl).clock(clock).intervals(intervals).build();
  }

  @Test
  void labelsArrivingOutOfOrder_joinByIdAndGiveTheMetricsOfThoseRows() {
    LabelJoiner j = joiner(10_000, Duration.ofHours(1));
    SplittableRandom r = new SplittableRandom(7);
    int n = 400;
    int[] y = new int[n];
    int[] pred = new int[n];
    double[] p1 = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      p1[i] = Math.min(0.99, Math.max(0.01, 0.5 + (y[i] - 0.5) * 0.5 + r.nextGaussian() * 0.25));
      pred[i] = p1[i] > 0.5 ? 1 : 0;
      j.recordPrediction("id-" + i, pred[i], new double[] {1 - p1[i], p1[i]});
    }
    j.recordPrediction("never-labelled", 1, new double[] {0.3, 0.7});
    // labels arrive in reverse order, plus one for an unknown id
    for (int i = n - 1; i >= 0; i--) {
      assertThat(j.recordLabel("id-" + i, y[i])).isEqualTo(JoinOutcome.JOINED);
    }
    assertThat(j.recordLabel("who?", 1)).isEqualTo(JoinOutcome.UNMATCHED);
    WindowPerformance w = j.closeWindow();
    assertThat(w.labelled()).isEqualTo(n);
    assertThat(w.pending()).isEqualTo(1);
    assertThat(w.unmatchedLabels()).isEqualTo(1);
    // reversed rows: order-free metrics equal those of the original order
    assertThat(w.metric(PerformanceMetric.ACCURACY)).contains(intervals.accuracy(y, pred));
    assertThat(w.metric(PerformanceMetric.PRECISION)).contains(intervals.precision(y, pred));
    assertThat(w.metric(PerformanceMetric.RECALL)).contains(intervals.recall(y, pred));
    assertThat(w.metric(PerformanceMetric.ROC_AUC).orElseThrow().value())
        .isEqualTo(intervals.rocAuc(y, p1).value());
    assertThat(w.metric(PerformanceMetric.F1).orElseThrow().value()).isEqualTo(ClassificationMetrics.f1(y, pred));
    assertThat(w.metric(PerformanceMetric.LOG_LOSS).orElseThrow().value())
        .isCloseTo(ClassificationMetrics.logLoss(y, p1), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(w.metric(PerformanceMetric.EXPECTED_CALIBRATION_ERROR)).isPresent();
    assertThat(w.metrics()).doesNotContainKeys(PerformanceMetric.MAE, PerformanceMetric.RMSE);

    WindowPerformance next = j.closeWindow();
    assertThat(next.labelled()).isZero();
    assertThat(next.metrics()).isEmpty();
    assertThat(next.pending()).isEqualTo(1);
  }

  @Test
  void pendingLimit_evictsTheOldestAndCountsIt() {
    LabelJoiner j = joiner(3, Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      j.recordPrediction("p" + i, 1.0 * i);
    }
    assertThat(j.pending()).isEqualTo(3);
    assertThat(j.evicted()).isEqualTo(2);
    assertThat(j.isPending("p0")).isFalse();
    assertThat(j.isPending("p4")).isTrue();
    assertThat(j.recordLabel("p0", 0.0)).isEqualTo(JoinOutcome.UNMATCHED);
    assertThat(j.recordLabel("p1", 0.0)).isEqualTo(JoinOutcome.UNMATCHED);
    assertThat(j.recordLabel("p4", 4.5)).isEqualTo(JoinOutcome.JOINED);
    assertThat(j.recordLabel("p4", 4.5)).isEqualTo(JoinOutcome.UNMATCHED); // already labelled
    WindowPerformance w = j.closeWindow();
    assertThat(w.evicted()).isEqualTo(2);
    assertThat(w.unmatchedLabels()).isEqualTo(3);
    assertThat(w.labelled()).isEqualTo(1);
    assertThat(w.metric(PerformanceMetric.MAE).orElseThrow().value()).isEqualTo(0.5);
  }

  @Test
  void timeToLive_expiresUnlabelledPredictionsByTheInjectedClock() {
    LabelJoiner j = joiner(100, Duration.ofMinutes(10));
    j.recordPrediction("old", 0);
    clock.advance(Duration.ofMinutes(6));
    j.recordPrediction("young", 1);
    clock.advance(Duration.ofMinutes(5)); // old is 11 min, young 5 min
    assertThat(j.recordLabel("old", 0)).isEqualTo(JoinOutcome.UNMATCHED);
    assertThat(j.expired()).isEqualTo(1);
    assertThat(j.recordLabel("young", 1)).isEqualTo(JoinOutcome.JOINED);
    j.recordPrediction("late", 1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(j.expireNow()).isEqualTo(1);
    WindowPerformance w = j.closeWindow();
    assertThat(w.expired()).isEqualTo(2);
    assertThat(w.pending()).isZero();
    assertThat(w.labelled()).isEqualTo(1);
    // one row of one class: accuracy is defined, AUC is not (and there are no probabilities anyway)
    assertThat(w.metric(PerformanceMetric.ACCURACY).orElseThrow().value()).isEqualTo(1.0);
    assertThat(w.metric(PerformanceMetric.ROC_AUC)).isEmpty();
  }

  @Test
  void regressionWindow_givesMaeRmseR2OfTheJoinedRows() {
    LabelJoiner j = joiner(1000, Duration.ofHours(1));
    double[] actual = new double[50];
    double[] predicted = new double[50];
    for (int i = 0; i < 50; i++) {
      predicted[i] = i;
      actual[i] = i + Math.sin(i);
      j.recordPrediction("r" + i, predicted[i]);
      j.recordLabel("r" + i, actual[i]);
    }
    WindowPerformance w = j.closeWindow();
    assertThat(w.metric(PerformanceMetric.MAE).orElseThrow().value()).isEqualTo(RegressionMetrics.mae(actual, predicted));
    assertThat(w.metric(PerformanceMetric.RMSE)).contains(intervals.rmse(actual, predicted));
    assertThat(w.metric(PerformanceMetric.R2).orElseThrow().value()).isEqualTo(RegressionMetrics.r2(actual, predicted));
    assertThat(w.metrics()).doesNotContainKey(PerformanceMetric.ACCURACY);
  }

  @Test
  void multiclassWindow_isMacroAveraged_andAucAbsentWhenAClassIsMissing() {
    LabelJoiner j = joiner(1000, Duration.ofHours(1));
    int[] y = {0, 1, 2, 1, 0, 2, 2, 1};
    int[] pred = {0, 1, 1, 1, 0, 2, 0, 2};
    for (int i = 0; i < y.length; i++) {
      double[] p = {0.2, 0.2, 0.2};
      p[pred[i]] = 0.6;
      j.recordPrediction("m" + i, pred[i], p);
      j.recordLabel("m" + i, y[i]);
    }
    WindowPerformance w = j.closeWindow();
    assertThat(w.metric(PerformanceMetric.F1).orElseThrow().value())
        .isEqualTo(ClassificationMetrics.f1(y, pred, Averaging.MACRO));
    assertThat(w.metric(PerformanceMetric.ROC_AUC)).isPresent();
    j.recordPrediction("only", 0, new double[] {0.6, 0.2, 0.2});
    j.recordLabel("only", 0);
    WindowPerformance single = j.closeWindow();
    assertThat(single.metric(PerformanceMetric.ROC_AUC)).isEmpty();
    assertThat(single.metric(PerformanceMetric.LOG_LOSS)).isPresent();
  }

  @Test
  void badInput_isRejectedWithWhatToDo() {
    LabelJoiner j = joiner(10, Duration.ofHours(1));
    assertThatThrownBy(() -> j.recordPrediction(" ", 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> j.recordPrediction("a", 1, new double[] {0.5, 0.6}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sums to 1");
    assertThatThrownBy(() -> j.recordPrediction("a", 2, new double[] {0.5, 0.5}))
        .isInstanceOf(InvalidInputException.class);
    j.recordPrediction("a", 1, new double[] {0.5, 0.5});
    assertThatThrownBy(() -> j.recordLabel("a", 2)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no probability column");
    assertThatThrownBy(() -> j.recordLabel("a", 1.5)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("as a class");
    assertThatThrownBy(() -> j.recordPrediction("b", 2.5)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("one joiner per kind");
    assertThatThrownBy(() -> j.recordPrediction("b", Double.NaN)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> LabelJoiner.builder().maxPending(0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> LabelJoiner.builder().timeToLive(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> LabelJoiner.builder().clock(clock).clock(clock)).isInstanceOf(IllegalStateException.class);
    assertThat(j.recordLabel("a", 1)).isEqualTo(JoinOutcome.JOINED);
  }

  @Test
  void concurrentPredictionsAndLabels_areCountedExactly() throws Exception {
    LabelJoiner j = joiner(1_000_000, Duration.ofHours(1));
    int threads = 4;
    int each = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            String id = thread + ":" + i;
            j.recordPrediction(id, i % 2);
            if (i % 4 != 3) {
              j.recordLabel(id, (i / 2) % 2);
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(j.joined()).isEqualTo(threads * each * 3L / 4);
    assertThat(j.pending()).isEqualTo(threads * each / 4);
    WindowPerformance w = j.closeWindow();
    assertThat(w.labelled()).isEqualTo(threads * each * 3L / 4);
    // labelled rows per thread, by i % 4 (pred = i % 2, label = (i / 2) % 2):
    // i%4==0: pred 0, label 0 (correct); i%4==1: pred 1, label 0 (wrong); i%4==2: pred 0, label 1 (wrong)
    assertThat(w.metric(PerformanceMetric.ACCURACY).orElseThrow().value()).isEqualTo(1.0 / 3);
  }
}
