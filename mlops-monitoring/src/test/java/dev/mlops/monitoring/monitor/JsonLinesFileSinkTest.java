package dev.mlops.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.model.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

  private static List<PredictionEvent> events(int n) {
    List<PredictionEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("x", i * 0.5);
      f.put("plan", i % 2 == 0 ? "free" : "pro");
      f.put("flag", i % 3 == 0);
      f.put("gap", null);
      boolean error = i % 7 == 0;
      out.add(PredictionEvent.of(i, i % 5 == 0 ? java.util.Optional.of("req-" + i) : java.util.Optional.empty(),
          Instant.ofEpochMilli(1_700_000_000_000L + i), "fraud", "v" + (i % 2),
          i % 4 == 0 ? java.util.Optional.empty() : java.util.Optional.of(f),
          error ? java.util.Optional.empty() : java.util.Optional.of(i % 2 == 0
              ? new Prediction.Classification("yes", Map.of("yes", 0.75, "no", 0.25))
              : new Prediction.Regression(Map.of("value", i * 1.25))),
          error ? java.util.Optional.of("Timeout") : java.util.Optional.empty(), 1000L + i));
    }
    return out;
  }

  @Test
  void everyEventReplays_inOrder_acrossRolledFiles(@TempDir Path dir) throws Exception {
    List<PredictionEvent> written = events(300);
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).maxFileBytes(4_000).build()) {
      for (PredictionEvent e : written) {
        sink.write(e);
      }
      sink.flush();
      assertThat(sink.files()).hasSizeGreaterThan(5);
    }
    List<PredictionEvent> read = new ArrayList<>();
    PredictionLogReader.ReplaySummary s = PredictionLogReader.replay(dir, "predictions", read::add);
    assertThat(s.tornLines()).isEmpty();
    assertThat(s.events()).isEqualTo(300);
    assertThat(read).isEqualTo(written);
    for (Path f : PredictionLogReader.files(dir, "predictions")) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(4_000);
    }
  }

  @Test
  void aMonitorLogsEveryProcessedEvent(@TempDir Path dir) throws Exception {
    try (PredictionMonitor m = PredictionMonitor.builder("m").inputSampleRate(0.5)
        .sink(JsonLinesFileSink.builder(dir).prefix("m").build()).build()) {
      for (int i = 0; i < 1000; i++) {
        m.record(Map.of("x", (double) i), new Prediction.Regression(Map.of("y", i * 2.0)), i);
      }
      assertThat(m.awaitProcessed(Duration.ofSeconds(10))).isTrue();
    }
    long[] sampled = new long[1];
    long[] ids = new long[1];
    PredictionLogReader.ReplaySummary s = PredictionLogReader.replay(dir, "m", e -> {
      assertThat(e.id()).isEqualTo(ids[0]++);
      assertThat(e.output().get()).isEqualTo(new Prediction.Regression(Map.of("y", e.id() * 2.0)));
      e.features().ifPresent(f -> {
        sampled[0]++;
        assertThat(f).isEqualTo(Map.of("x", (double) e.id()));
      });
    });
    assertThat(s.events()).isEqualTo(1000);
    assertThat(sampled[0]).isBetween(400L, 600L);
  }

  @Test
  void aTornLastLine_isReportedNotThrown(@TempDir Path dir) throws Exception {
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).build()) {
      for (PredictionEvent e : events(10)) {
        sink.write(e);
      }
    }
    Path file = PredictionLogReader.files(dir, "predictions").get(0);
    // a crash mid-write: half a line, no line end
    Files.writeString(file, "{\"v\":1,\"id\":10,\"ts\":\"2023-11", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    List<PredictionEvent> read = new ArrayList<>();
    PredictionLogReader.ReplaySummary s = PredictionLogReader.replay(dir, "predictions", read::add);
    assertThat(read).hasSize(10);
    assertThat(s.tornLines()).singleElement().satisfies(t -> {
      assertThat(t.line()).isEqualTo(11);
      assertThat(t.reason()).contains("no line end");
    });
    // a new sink starts a new file and the old torn tail stays readable
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).build()) {
      sink.write(events(12).get(11));
    }
    read.clear();
    s = PredictionLogReader.replay(dir, "predictions", read::add);
    assertThat(read).hasSize(11);
    assertThat(s.files()).isEqualTo(2);
    assertThat(s.tornLines()).hasSize(1);
  }

  @Test
  void aDamagedLineInTheMiddle_isAnIntegrityError(@TempDir Path dir) throws Exception {
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).build()) {
      for (PredictionEvent e : events(5)) {
        sink.write(e);
      }
    }
    Path file = PredictionLogReader.files(dir, "predictions").get(0);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).substring(0, 20));
    Files.write(file, lines);
    assertThatThrownBy(() -> PredictionLogReader.replay(dir, "predictions", e -> { }))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("line 3");
  }

  @Test
  void retention_deletesOldFilesAndTheOldestBeyondTheTotal(@TempDir Path dir) throws Exception {
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).maxFileBytes(2_000).maxTotalBytes(10_000).build()) {
      for (PredictionEvent e : events(500)) {
        sink.write(e);
      }
      long total = 0;
      for (Path f : sink.files()) {
        total += Files.size(f);
      }
      assertThat(total).isLessThanOrEqualTo(10_000 + 2_000);
      // the newest events are kept
      List<PredictionEvent> read = new ArrayList<>();
      sink.flush();
      PredictionLogReader.replay(dir, "predictions", read::add);
      assertThat(read.get(read.size() - 1).id()).isEqualTo(499);
      assertThat(read.get(0).id()).isGreaterThan(0);
    }
    List<Path> before = PredictionLogReader.files(dir, "predictions");
    for (Path f : before) {
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    }
    try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).maxAge(Duration.ofDays(1)).build()) {
      assertThat(sink.files()).containsExactly(sink.currentFile());
    }
  }

  @Test
  void sinksOpenedInTheSameMillisecond_neverShareAFile(@TempDir Path dir) throws Exception {
    List<PredictionEvent> e = events(40);
    for (int k = 0; k < 20; k++) {
      try (JsonLinesFileSink sink = JsonLinesFileSink.builder(dir).build()) {
        sink.write(e.get(2 * k));
        sink.write(e.get(2 * k + 1));
      }
    }
    List<PredictionEvent> read = new ArrayList<>();
    PredictionLogReader.ReplaySummary s = PredictionLogReader.replay(dir, "predictions", read::add);
    assertThat(s.files()).isEqualTo(20);
    assertThat(read).containsExactlyInAnyOrderElementsOf(e);
  }
}
