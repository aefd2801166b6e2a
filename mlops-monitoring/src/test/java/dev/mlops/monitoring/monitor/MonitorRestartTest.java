package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot mid-stream, restore into a new monitor, continue: the same windows and alerts as one run. */
class MonitorRestartTest {
  static final int EVENTS = 6000;
  static ReferenceProfile reference;
  static ReferenceProfile outputs;

  @BeforeAll
  static void profiles() {
    reference = MonitorFixtures.referenceProfile();
    outputs = MonitorFixtures.outputProfile();
  }

  /** An extension with state of its own: the running count of "yes" outputs. */
  static final class CountingExtension implements MonitorExtension {
    long yes;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public void onEvent(PredictionEvent e) {
      if (e.output().map(p -> ((Prediction.Classification) p).label().equals("yes")).orElse(false)) {
        yes++;
      }
    }

    @Override
    public Map<String, Double> onWindowClosed(WindowSummary window) {
      return Map.of("yesSoFar", (double) yes);
    }

    @Override
    public Optional<JsonNode> snapshot() {
      return Optional.of(JsonNodeFactory.instance.objectNode().put("yes", yes));
    }

    @Override
    public void restore(JsonNode state) {
      yes = state.path("yes").asLong();
    }
  }

  /** The deterministic traffic: event i at 10 ms steps; x shifts from event 3000, errors burst 4000-4500. */
  static final class Traffic {
    final List<Map<String, Object>> rows = new ArrayList<>();
    final List<Long> latencies = new ArrayList<>();

    Traffic() {
      SplittableRandom r = new SplittableRandom(99);
      for (int i = 0; i < EVENTS; i++) {
        rows.add(MonitorFixtures.row(r, i >= 3000 ? 1.0 : 0));
        latencies.add((long) (1e6 * Math.exp(0.3 * MonitorFixtures.gaussian(r))));
      }
    }

    long play(PredictionMonitor m, AtomicLong clock, int from, int to) {
      long last = -1;
      for (int i = from; i < to; i++) {
        clock.set(1_700_000_000_000L + 10L * i);
        Map<String, Object> row = rows.get(i);
        last = i >= 4000 && i < 4500 && i % 4 == 0 ? m.recordError(row, "Timeout", latencies.get(i))
            : m.record(row, MonitorFixtures.predict(row), latencies.get(i));
        assertThat(last).isEqualTo(i);   // ids continue across the restart
      }
      return last;
    }
  }

  static PredictionMonitor.Builder builder(AtomicLong clock, List<WindowSummary> windows, List<Alert> alerts,
      WindowSpec spec) {
    return PredictionMonitor.builder("m").clock(clock::get).window(spec).inputSampleRate(0.5)
        .reference(reference).outputReference(outputs).referenceId("m/1").extension(new CountingExtension())
        .rules(MonitorAlertsTest.rules()).alertListener(alerts::add).windowListener(windows::add);
  }

  /** What must be equal between the runs (a drift report's creation time is not). */
  static List<Object> comparable(WindowSummary w) {
    Function<ColumnDrift, List<Object>> col = c -> List.of(c.name(), c.status(), c.statistic(), c.score(), c.drifted());
    return List.of(w.variant(), w.index(), w.start(), w.end(), w.predictions(), w.errors(), w.sampledInputs(),
        w.invalidInputs(), w.lateEvents(), w.droppedTotal(), w.latency(), w.outputCounts(), w.outputMean(),
        w.featureDrift().map(r -> r.columns().stream().map(col).toList()), w.featureDrift().map(r -> r.driftShare()),
        w.predictionDrift().map(col), w.referenceId(), w.metrics());
  }

  private void runAndCompare(WindowSpec spec, int cut, Function<MonitorSnapshot, MonitorSnapshot> transport)
      throws Exception {
    Traffic traffic = new Traffic();
    AtomicLong clock = new AtomicLong();
    List<WindowSummary> once = new CopyOnWriteArrayList<>();
    List<Alert> onceAlerts = new CopyOnWriteArrayList<>();
    try (PredictionMonitor m = builder(clock, once, onceAlerts, spec).build()) {
      traffic.play(m, clock, 0, EVENTS);
      m.closeWindows();
    }
    List<WindowSummary> twice = new CopyOnWriteArrayList<>();
    List<Alert> twiceAlerts = new CopyOnWriteArrayList<>();
    MonitorSnapshot snap;
    try (PredictionMonitor m = builder(clock, twice, twiceAlerts, spec).build()) {
      traffic.play(m, clock, 0, cut);
      snap = m.snapshot();
      assertThat(snap.processed()).isEqualTo(cut);
    }
    try (PredictionMonitor m = builder(clock, twice, twiceAlerts, spec).restore(transport.apply(snap)).build()) {
      assertThat(m.offered()).isEqualTo(cut);
      assertThat(m.processed()).isEqualTo(cut);
      traffic.play(m, clock, cut, EVENTS);
      m.closeWindows();
      assertThat(m.offered()).isEqualTo(EVENTS);
      assertThat(m.processed()).isEqualTo(EVENTS);
    }
    assertThat(once).hasSizeGreaterThan(5);
    assertThat(twice.stream().map(MonitorRestartTest::comparable).toList())
        .isEqualTo(once.stream().map(MonitorRestartTest::comparable).toList());
    assertThat(twiceAlerts).isEqualTo(onceAlerts);
    assertThat(onceAlerts).extracting(Alert::rule).contains("drift-share", "feature-drift:x", "error-rate",
        "prediction-drift");
  }

  @Test
  void tumblingCount_snapshotMidWindow_throughJsonText() throws Exception {
    runAndCompare(WindowSpec.tumblingCount(500), 3217, s -> MonitorSnapshot.fromJson(s.toJson()));
  }

  @Test
  void slidingCount_snapshotThroughAFile(@TempDir Path dir) throws Exception {
    runAndCompare(WindowSpec.slidingCount(600, 200), 2950,
        s -> MonitorSnapshot.read(s.write(dir.resolve("state").resolve("m.json"))));
  }

  @Test
  void slidingTime_snapshotThroughABlobStore() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore("monitor-state");
    runAndCompare(WindowSpec.slidingTime(Duration.ofSeconds(6), Duration.ofSeconds(2)), 4111,
        s -> MonitorSnapshot.load(store, s.store(store)));
  }

  @Test
  void restore_checksTheReference_andCanEmbedIt() {
    AtomicLong clock = new AtomicLong();
    MonitorSnapshot plain;
    MonitorSnapshot embedded;
    try (PredictionMonitor m = PredictionMonitor.builder("m").reference(reference).referenceId("m/1").build()) {
      plain = m.snapshot();
    }
    try (PredictionMonitor m = PredictionMonitor.builder("m").reference(reference).snapshotEmbedsReference(true)
        .build()) {
      embedded = m.snapshot();
    }
    assertThatThrownBy(() -> PredictionMonitor.builder("m").restore(plain).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("m/1").hasMessageContaining("supply");
    ReferenceProfile other = ReferenceProfile.builder().parallelism(1).build(MonitorFixtures.referenceFrame(500, 8));
    assertThatThrownBy(() -> PredictionMonitor.builder("m").reference(other).restore(plain).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fingerprint");
    assertThatThrownBy(() -> PredictionMonitor.builder("m").reference(reference).window(WindowSpec.tumblingCount(7))
        .restore(plain).build()).isInstanceOf(InvalidInputException.class).hasMessageContaining("window");
    try (PredictionMonitor m = PredictionMonitor.builder("m").clock(clock::get).restore(embedded).build()) {
      assertThat(m.referenceColumns()).containsExactly("x", "y", "plan");
    }
    assertThatThrownBy(() -> MonitorSnapshot.fromJson("{\"kind\":\"other\"}")).isInstanceOf(InvalidInputException.class);
  }
}
