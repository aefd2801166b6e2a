package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertKind;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PredictionMonitor#replaceReference}: which windows use which reference, alert hysteresis across
 * the change, snapshots after it, a change of columns, validation, and producers recording while another
 * thread swaps references over and over.
 */
class MonitorReferenceSwapTest {
  static final int WINDOW = 500;
  /** How far the shifted stream moves x and y, in standard deviations. */
  static final double SHIFT = 2.0;
  /**
   * The drift-share rule: raised when two of the three columns drift (x and y are shifted), cleared when at most
   * one does (so one column's false positive at the tests' 5% level does not keep it raised).
   */
  static final double RAISE = 0.6;
  static final double CLEAR = 0.34;

  /** A: the fixtures' reference. B: built from the shifted stream. C: B without the plan column. */
  static ReferenceProfile a;
  static ReferenceProfile aOut;
  static ReferenceProfile b;
  static ReferenceProfile bOut;
  static ReferenceProfile c;

  @BeforeAll
  static void profiles() {
    a = MonitorFixtures.referenceProfile();
    aOut = MonitorFixtures.outputProfile();
    List<Map<String, Object>> shifted = rows(new SplittableRandom(17), 2000);
    b = ReferenceProfile.builder().parallelism(1).build(frame(shifted, true));
    bOut = PredictionMonitor.outputProfile(shifted.stream().map(MonitorFixtures::predict).toList());
    c = ReferenceProfile.builder().parallelism(1).build(frame(shifted, false));
  }

  /** Rows of the shifted stream: x and y moved by {@link #SHIFT} of their standard deviations. */
  static List<Map<String, Object>> rows(SplittableRandom r, int n) {
    List<Map<String, Object>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = MonitorFixtures.row(r, SHIFT);
      row.put("y", (Double) row.get("y") + 2 * SHIFT);
      rows.add(row);
    }
    return rows;
  }

  static Frame frame(List<Map<String, Object>> rows, boolean withPlan) {
    double[] x = rows.stream().mapToDouble(m -> (Double) m.get("x")).toArray();
    double[] y = rows.stream().mapToDouble(m -> (Double) m.get("y")).toArray();
    List<Column> cols = new ArrayList<>(List.of(new NumericColumn("x", x), new NumericColumn("y", y)));
    if (withPlan) {
      cols.add(new CategoricalColumn("plan", rows.stream().map(m -> (String) m.get("plan")).toArray(String[]::new)));
    }
    return Frame.of(cols);
  }

  static void record(PredictionMonitor m, List<Map<String, Object>> rows) {
    for (Map<String, Object> row : rows) {
      assertThat(m.record(row, MonitorFixtures.predict(row), 1000)).isNotEqualTo(PredictionMonitor.DROPPED);
    }
  }

  /**
   * Waits until the worker processed every recorded event and reported the windows they closed ({@code
   * awaitProcessed} returns once the events are counted, which is before the last one's window is reported).
   */
  static void settle(PredictionMonitor m) throws InterruptedException {
    assertThat(m.awaitProcessed(Duration.ofSeconds(30))).isTrue();
    m.snapshot();   // runs on the worker, after the events queued before it
  }

  static PredictionMonitor.Builder builder(List<WindowSummary> windows, List<Alert> alerts) {
    return PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(WINDOW)).queueCapacity(1 << 14)
        .rule(AlertRules.driftShare(RAISE, CLEAR).build()).rule(AlertRules.predictionDrift(2, 1).build())
        .windowListener(windows::add).alertListener(alerts::add);
  }

  @Test
  void replaceReference_laterWindowsUseTheNewOne_andTheDriftAlertClearsByHysteresis() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    SplittableRandom r = new SplittableRandom(5);
    try (PredictionMonitor m = builder(windows, alerts).reference(a).outputReference(aOut).referenceId("m/1")
        .build()) {
      assertThat(m.referenceId()).contains("m/1");
      record(m, rows(r, 2 * WINDOW + WINDOW / 2));   // two full windows, and half of a third in progress
      settle(m);
      assertThat(windows).hasSize(2).allSatisfy(w -> {
        assertThat(w.referenceId()).contains("m/1");
        assertThat(w.featureDrift().orElseThrow().driftShare()).isGreaterThanOrEqualTo(RAISE);
      });
      assertThat(m.alertFiring("drift-share", "m")).as("the shifted stream drifts against A").isTrue();
      assertThat(m.alertFiring("prediction-drift", "m")).isTrue();

      m.replaceReference(b, bOut, "m/2");

      assertThat(m.referenceId()).contains("m/2");
      assertThat(m.referenceColumns()).containsExactly("x", "y", "plan");
      record(m, rows(r, WINDOW / 2 + WINDOW));   // completes the window in progress, then one more
      settle(m);
      assertThat(windows).hasSize(4);
      WindowSummary straddling = windows.get(2);
      assertThat(straddling.referenceId()).contains("m/2");
      assertThat(straddling.sampledInputs()).as("the rows sampled before the change are kept: same columns")
          .isEqualTo(WINDOW);
      assertThat(straddling.featureDrift().orElseThrow().driftShare()).isLessThan(CLEAR);
      assertThat(straddling.predictionDrift()).isPresent();
      assertThat(windows.get(3).referenceId()).contains("m/2");
      assertThat(windows.get(3).featureDrift().orElseThrow().driftShare()).isLessThan(CLEAR);
      assertThat(m.alertFiring("drift-share", "m")).as("cleared against B").isFalse();
      assertThat(m.alertFiring("prediction-drift", "m")).isFalse();
    }
    List<Alert> driftShare = alerts.stream().filter(x -> x.rule().equals("drift-share")).toList();
    assertThat(driftShare).extracting(Alert::kind).containsExactly(AlertKind.RAISED, AlertKind.RESOLVED);
    assertThat(driftShare.get(1).windowIndex()).as("resolved by the first window compared with B").isEqualTo(2);
  }

  @Test
  void snapshotAfterTheChange_namesTheNewReference_andRestoresOnlyWithIt() throws Exception {
    MonitorSnapshot snap;
    try (PredictionMonitor m = builder(new ArrayList<>(), new ArrayList<>()).reference(a).outputReference(aOut)
        .referenceId("m/1").build()) {
      record(m, rows(new SplittableRandom(6), WINDOW / 2));
      assertThat(m.snapshot().referenceId()).contains("m/1");
      m.replaceReference(b, bOut, "m/2");
      snap = MonitorSnapshot.fromJson(m.snapshot().toJson());
    }
    assertThat(snap.referenceId()).contains("m/2");
    assertThat(snap.processed()).isEqualTo(WINDOW / 2);
    assertThatThrownBy(() -> builder(new ArrayList<>(), new ArrayList<>()).reference(a).outputReference(aOut)
        .restore(snap).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fingerprint").hasMessageContaining("m/2");
    assertThatThrownBy(() -> builder(new ArrayList<>(), new ArrayList<>()).reference(b).outputReference(aOut)
        .restore(snap).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("outputReference");
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = builder(windows, new ArrayList<>()).reference(b).outputReference(bOut).restore(snap)
        .build()) {
      assertThat(m.referenceId()).as("taken from the snapshot").contains("m/2");
      record(m, rows(new SplittableRandom(7), WINDOW / 2));
      settle(m);
      assertThat(windows).singleElement().satisfies(w -> {
        assertThat(w.predictions()).isEqualTo(WINDOW);
        assertThat(w.referenceId()).contains("m/2");
        assertThat(w.featureDrift().orElseThrow().driftShare()).isLessThan(CLEAR);
      });
    }
  }

  @Test
  void otherColumns_theWindowInProgressHasNoInputDrift_theNextOneIsComparedOnTheNewColumns() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    MonitorSnapshot snap;
    SplittableRandom r = new SplittableRandom(8);
    try (PredictionMonitor m = builder(windows, new ArrayList<>()).reference(a).outputReference(aOut).build()) {
      record(m, rows(r, WINDOW / 2));
      m.replaceReference(c, bOut, "m/3");
      assertThat(m.referenceColumns()).containsExactly("x", "y");
      snap = m.snapshot();   // the window in progress holds rows sampled for A's columns
    }
    try (PredictionMonitor m = builder(windows, new ArrayList<>()).reference(c).outputReference(bOut).restore(snap)
        .build()) {
      record(m, rows(r, WINDOW / 2 + WINDOW));
      settle(m);
    }
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).sampledInputs()).isEqualTo(WINDOW);
    assertThat(windows.get(0).featureDrift()).as("half its rows lack the new columns' layout").isEmpty();
    assertThat(windows.get(0).predictionDrift()).as("labels are kept whatever the reference").isPresent();
    assertThat(windows.get(1).featureDrift().orElseThrow().columns()).extracting(ColumnDrift::name)
        .containsExactly("x", "y");
    assertThat(windows.get(1).featureDrift().orElseThrow().driftShare()).isLessThan(CLEAR);
  }

  @Test
  void monitorWithoutReference_getsOne_andTheWindowInProgressIsComparedOnTheRowsSampledSince() throws Exception {
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    SplittableRandom r = new SplittableRandom(9);
    try (PredictionMonitor m = builder(windows, new ArrayList<>()).build()) {
      assertThat(m.referenceId()).isEmpty();
      assertThat(m.referenceColumns()).isEmpty();
      record(m, rows(r, WINDOW + 100));
      m.replaceReference(b, "m/2");
      record(m, rows(r, WINDOW - 100));
      settle(m);
      assertThat(m.snapshot().referenceId()).contains("m/2");
    }
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).referenceId()).isEmpty();
    assertThat(windows.get(0).featureDrift()).isEmpty();
    assertThat(windows.get(1).referenceId()).contains("m/2");
    assertThat(windows.get(1).sampledInputs()).isEqualTo(WINDOW - 100);
    assertThat(windows.get(1).featureDrift().orElseThrow().currentRows()).isEqualTo(WINDOW - 100);
    assertThat(windows.get(1).predictionDrift()).as("no output reference was given").isEmpty();
  }

  @Test
  void validation_likeTheBuilder_andATypedErrorWhenClosedOrOnTheWorker() throws Exception {
    ReferenceProfile noPrediction = a;
    List<Throwable> onWorker = new CopyOnWriteArrayList<>();
    PredictionMonitor[] self = new PredictionMonitor[1];
    PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(2)).windowListener(w -> {
      try {
        self[0].replaceReference(b, "m/2");
      } catch (RuntimeException e) {
        onWorker.add(e);
      }
    }).build();
    self[0] = m;
    assertThatThrownBy(() -> m.replaceReference(b, noPrediction, "m/2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'prediction'").hasMessageContaining("outputProfile");
    assertThatThrownBy(() -> PredictionMonitor.builder("m").outputReference(noPrediction))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prediction'");
    assertThatThrownBy(() -> m.replaceReference(null, bOut, "m/2")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.replaceReference(b, null, "m/2")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.replaceReference(b, bOut, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.replaceReference(b, null)).isInstanceOf(NullPointerException.class);
    assertThat(m.referenceId()).isEmpty();
    m.record(null, new Prediction.Classification("yes", Map.of()), 1);
    m.record(null, new Prediction.Classification("yes", Map.of()), 1);
    settle(m);
    m.closeWindows();
    assertThat(onWorker).singleElement().isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(e).hasMessageContaining("worker thread"));
    m.close();
    assertThatThrownBy(() -> m.replaceReference(b, bOut, "m/2")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(m.referenceId()).isEmpty();
  }

  @Test
  void producersRecordWhileAnotherThreadSwapsReferences_countsStayExact() throws Exception {
    int producers = 4;
    int perProducer = 40_000;
    List<WindowSummary> windows = new CopyOnWriteArrayList<>();
    Map<Long, Boolean> seen = new ConcurrentHashMap<>();
    long[] duplicates = new long[1];
    MonitorExtension ids = new MonitorExtension() {   // runs on the worker
      @Override
      public String name() {
        return "ids";
      }

      @Override
      public void onEvent(PredictionEvent e) {
        if (seen.put(e.id(), Boolean.TRUE) != null) {
          duplicates[0]++;
        }
      }
    };
    // rows drawn up front, so the producers do nothing but record
    List<Map<String, Object>> pool = rows(new SplittableRandom(10), 4096);
    List<Prediction> outputs = pool.stream().map(MonitorFixtures::predict).toList();
    PredictionMonitor m = PredictionMonitor.builder("m").window(WindowSpec.tumblingCount(1000)).queueCapacity(1 << 12)
        .reference(a).outputReference(aOut).referenceId("A").extension(ids).windowListener(windows::add)
        .rule(AlertRules.driftShare(RAISE, CLEAR).build()).build();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean producing = new AtomicBoolean(true);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    long[] accepted = new long[producers];
    long[] dropped = new long[producers];
    Thread[] threads = new Thread[producers];
    for (int t = 0; t < producers; t++) {
      int me = t;
      threads[t] = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perProducer; i++) {
            int k = (me * 7919 + i) & 4095;
            if (m.record(pool.get(k), outputs.get(k), 1000 + i % 100) == PredictionMonitor.DROPPED) {
              dropped[me]++;
              Thread.yield();
            } else {
              accepted[me]++;
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads[t].start();
    }
    int[] swaps = new int[1];
    Thread swapper = new Thread(() -> {
      try {
        start.await();
        while (producing.get()) {
          switch (swaps[0]++ % 3) {
            case 0 -> m.replaceReference(b, bOut, "B");
            case 1 -> m.replaceReference(c, "C");
            default -> m.replaceReference(a, aOut, "A");
          }
        }
      } catch (Throwable e) {
        failures.add(e);
      }
    });
    swapper.start();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    producing.set(false);
    swapper.join();
    assertThat(m.awaitProcessed(Duration.ofSeconds(60))).isTrue();
    m.closeWindows();
    m.close();

    assertThat(failures).isEmpty();
    assertThat(swaps[0]).as("every reference was installed while the producers ran").isGreaterThanOrEqualTo(3);
    long acceptedAll = java.util.Arrays.stream(accepted).sum();
    long droppedAll = java.util.Arrays.stream(dropped).sum();
    long offered = (long) producers * perProducer;
    System.out.printf("swap test: %d swaps, accepted %d, dropped %d, windows %d%n", swaps[0], acceptedAll,
        droppedAll, windows.size());
    assertThat(m.offered()).isEqualTo(offered).isEqualTo(acceptedAll + droppedAll);
    assertThat(m.dropped()).isEqualTo(droppedAll);
    assertThat(m.accepted()).isEqualTo(acceptedAll);
    assertThat(m.processed()).isEqualTo(acceptedAll);
    assertThat(duplicates[0]).isZero();
    assertThat(seen).hasSize((int) acceptedAll);
    assertThat(windows.stream().mapToLong(WindowSummary::predictions).sum()).as("every event in one window")
        .isEqualTo(acceptedAll);
    assertThat(windows.stream().mapToLong(WindowSummary::sampledInputs).sum()).isEqualTo(acceptedAll);
    assertThat(m.driftFailures()).isZero();
    assertThat(m.extensionFailures()).isZero();
    assertThat(m.listenerFailures()).isZero();
    Map<String, List<String>> columns = Map.of("A", List.of("x", "y", "plan"), "B", List.of("x", "y", "plan"),
        "C", List.of("x", "y"));
    for (WindowSummary w : windows) {
      String id = w.referenceId().orElseThrow();
      w.featureDrift().ifPresent(d -> assertThat(d.columns()).extracting(ColumnDrift::name)
          .as("window %d compared with reference %s", w.index(), id).isEqualTo(columns.get(id)));
      assertThat(w.predictionDrift().isPresent()).as("window %d: prediction drift iff %s has outputs", w.index(), id)
          .isEqualTo(!id.equals("C") && w.predictions() >= 30);
    }
    assertThat(windows).anyMatch(w -> w.featureDrift().isPresent());
  }
}
