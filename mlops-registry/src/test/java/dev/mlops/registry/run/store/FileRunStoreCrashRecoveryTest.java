package dev.mlops.registry.run.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.IntegrityException;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.spi.RunUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a writer that died leaves in the file run store, and how the store recovers. */
class FileRunStoreCrashRecoveryTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final String ID = "0123456789abcdef0123456789abcdef";
  @TempDir Path dir;

  private Path log() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("runs").resolve("r"))) {
      return s.filter(p -> p.getFileName().toString().equals(ID + ".jsonl")).findFirst().orElseThrow();
    }
  }

  @Test
  void partialLastLine_isIgnoredByReaders_andRemovedByTheNextWriter() throws Exception {
    FileRunStore store = FileRunStore.open(dir);
    store.create(RunRecord.started(ID, "exp", "r", Optional.empty(), T0, Map.of()));
    store.update(ID, new RunUpdate.Params(Map.of("lr", "0.1")));
    Files.writeString(log(), "{\"schemaVersion\":1,\"op\":\"params\",\"values\":{\"lr\":\"0.", StandardOpenOption.APPEND);

    FileRunStore reopened = FileRunStore.open(dir);
    assertThat(reopened.get(ID).orElseThrow().params()).containsExactly(Map.entry("lr", "0.1"));
    reopened.update(ID, new RunUpdate.Tags(Map.of("after", "crash")));

    String text = Files.readString(log(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n").doesNotContain("\"lr\":\"0.\"").doesNotContain("{\"lr\":\"0.{");
    assertThat(text.lines()).hasSize(3);
    RunRecord r = FileRunStore.open(dir).get(ID).orElseThrow();
    assertThat(r.tags()).containsExactly(Map.entry("after", "crash"));
    assertThat(r.params()).containsExactly(Map.entry("lr", "0.1"));
  }

  @Test
  void corruptCompleteLine_isAnIntegrityErrorNamingTheFile() throws Exception {
    FileRunStore store = FileRunStore.open(dir);
    store.create(RunRecord.started(ID, "exp", "r", Optional.empty(), T0, Map.of()));
    Files.writeString(log(), "not json\n", StandardOpenOption.APPEND);
    assertThatThrownBy(() -> FileRunStore.open(dir).get(ID)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(ID + ".jsonl");
  }

  @Test
  void lostIndex_isRebuiltFromTheRunLogs() throws Exception {
    FileRunStore store = FileRunStore.open(dir);
    store.create(RunRecord.started(ID, "exp", "r", Optional.empty(), T0, Map.of()));
    store.update(ID, new RunUpdate.Params(Map.of("lr", "0.1")));
    Files.delete(dir.resolve("runs").resolve("experiments").resolve("exp").resolve("index.jsonl"));
    FileRunStore reopened = FileRunStore.open(dir);
    assertThat(reopened.query(RunQuery.builder().experiment("exp").build())).isEmpty();
    assertThat(reopened.reindex("exp")).isEqualTo(1);
    assertThat(reopened.query(RunQuery.builder().experiment("exp").param("lr", "0.1").build()))
        .extracting(RunRecord::runId).containsExactly(ID);
  }
}
