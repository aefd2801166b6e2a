package dev.mlops.testing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunFailure;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunStore;
import dev.mlops.registry.run.spi.RunUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RunStore} must show, as JUnit 5 tests: extend this class, say how to
 * create a fresh, empty store, and every test below runs against your store (a JDBC store, say).
 *
 * <p>The features checked, one {@link Nested} group each: runs read back as written, unique ids and
 * unknown ids; the rules of {@link RunUpdate} (parameters and seeds set once, ended runs accept only
 * tags and version links, a run ends once, heartbeats ignored once ended); metric history in logging
 * order and the latest value; {@link RunQuery} filters, order and limit, against
 * {@link RunQuery#test} and {@link RunQuery#order} as the reference; artifact digests for garbage
 * collection; export and import of whole runs; and concurrent updates to one run and to one experiment from eight threads.
 *
 * <pre>{@code
 * class PostgresRunStoreTest extends RunStoreCompatibilityKit {
 *   @Override
 *   protected RunStore createStore() {
 *     return JdbcRunStore.of(DB, "kit_" + UUID.randomUUID().toString().replace("-", ""));
 *   }
 * }
 * }</pre>
 *
 * <p>Name the subclass {@code *Test}. JUnit creates one instance per test and the kit opens one store
 * per test, so a kit instance is not thread-safe itself; the concurrency tests share the store under
 * test between threads, as the {@link RunStore} contract allows.
 */
public abstract class RunStoreCompatibilityKit {
  static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123Z");
  private static final int THREADS = 8;

  private RunStore store;
  private int nextId;

  /** Creates the kit; subclasses supply the store. */
  protected RunStoreCompatibilityKit() {}

  /**
   * Creates a fresh, empty store for one test.
   *
   * @return the store; the kit closes it after the test
   */
  protected abstract RunStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private String newId() {
    return String.format("%032x", ++nextId + (long) (Math.random() * 1_000_000) * 1000);
  }

  private RunRecord create(String experiment, Instant at) {
    RunRecord r = RunRecord.started(newId(), experiment, "run", Optional.empty(), at, Map.of("jvm.version", "17"));
    store.create(r);
    return r;
  }

  /** Runs read back as written. */
  @Nested
  @DisplayName("records")
  class Records {
    @Test
    @DisplayName("a created run reads back equal, with its environment")
    void createdRunReadsBack() {
      RunRecord r = create("kit", T0);
      assertEquals(Optional.of(r), store.get(r.runId()));
      assertEquals(List.of("kit"), store.experiments());
    }

    @Test
    @DisplayName("every kind of change reads back")
    void everyChangeReadsBack() {
      RunRecord r = create("kit", T0);
      Digest d = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
      store.update(r.runId(), new RunUpdate.Params(Map.of("lr", "0.1")));
      store.update(r.runId(), new RunUpdate.Tags(Map.of("team", "a")));
      store.update(r.runId(), new RunUpdate.Seeds(Map.of("init", 7L)));
      store.update(r.runId(), new RunUpdate.Dataset(new DatasetInput(d, "registry:d/1", List.of("a"), 3, DatasetRole.TEST)));
      store.update(r.runId(), new RunUpdate.Artifact(new ArtifactRef("m.bin", d, 1)));
      store.update(r.runId(), new RunUpdate.Heartbeat(T0.plusSeconds(5)));
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("acc", 0.5, 1, T0))));
      RunRecord ended = store.update(r.runId(), new RunUpdate.End(RunStatus.FAILED, T0.plusSeconds(9),
          Optional.of(new RunFailure("java.io.IOException", "boom", List.of("at x")))));
      store.update(r.runId(), new RunUpdate.Version(new VersionId("m", 1)));
      RunRecord back = store.get(r.runId()).orElseThrow();
      assertEquals(ended.endedAt(), back.endedAt());
      assertEquals(Map.of("lr", "0.1"), back.params());
      assertEquals(Map.of("team", "a"), back.tags());
      assertEquals(Map.of("init", 7L), back.seeds());
      assertEquals(Map.of("acc", 0.5), back.metrics());
      assertEquals(1, back.datasets().size());
      assertEquals(List.of(new ArtifactRef("m.bin", d, 1)), back.artifacts());
      assertEquals(RunStatus.FAILED, back.status());
      assertEquals(Optional.of(T0.plusSeconds(9)), back.endedAt());
      assertEquals("boom", back.failure().orElseThrow().message());
      assertEquals(List.of(new VersionId("m", 1)), back.versions());
    }

    @Test
    @DisplayName("a duplicate id is a conflict; an unknown id is absent or not found")
    void uniqueAndUnknownIds() {
      RunRecord r = create("kit", T0);
      assertThrows(ConflictException.class, () -> store.create(r));
      String unknown = newId();
      assertEquals(Optional.empty(), store.get(unknown));
      assertThrows(NotFoundException.class, () -> store.update(unknown, new RunUpdate.Tags(Map.of("a", "b"))));
    }
  }

  /** The rules of {@link RunUpdate}. */
  @Nested
  @DisplayName("rules")
  class Rules {
    @Test
    @DisplayName("a parameter or seed is set once: the same value again is fine, another is a conflict")
    void setOnce() {
      RunRecord r = create("kit", T0);
      store.update(r.runId(), new RunUpdate.Params(Map.of("lr", "0.1")));
      store.update(r.runId(), new RunUpdate.Params(Map.of("lr", "0.1")));
      assertThrows(ConflictException.class, () -> store.update(r.runId(), new RunUpdate.Params(Map.of("lr", "0.2"))));
      store.update(r.runId(), new RunUpdate.Seeds(Map.of("s", 1L)));
      assertThrows(ConflictException.class, () -> store.update(r.runId(), new RunUpdate.Seeds(Map.of("s", 2L))));
      assertEquals(Map.of("lr", "0.1"), store.get(r.runId()).orElseThrow().params());
    }

    @Test
    @DisplayName("an ended run accepts tags and version links only, ends once, and ignores heartbeats")
    void endedRun() {
      RunRecord r = create("kit", T0);
      store.update(r.runId(), new RunUpdate.End(RunStatus.FINISHED, T0.plusSeconds(1), Optional.empty()));
      assertThrows(ConflictException.class, () -> store.update(r.runId(), new RunUpdate.Params(Map.of("a", "b"))));
      assertThrows(ConflictException.class, () -> store.update(r.runId(),
          new RunUpdate.Metrics(List.of(new MetricPoint("m", 1, 0, T0)))));
      assertThrows(ConflictException.class, () -> store.update(r.runId(),
          new RunUpdate.End(RunStatus.KILLED, T0.plusSeconds(2), Optional.empty())));
      store.update(r.runId(), new RunUpdate.Tags(Map.of("note", "late")));
      store.update(r.runId(), new RunUpdate.Heartbeat(T0.plusSeconds(99)));
      RunRecord back = store.get(r.runId()).orElseThrow();
      assertEquals(RunStatus.FINISHED, back.status());
      assertEquals(T0.plusSeconds(1), back.heartbeatAt());
      assertEquals(Map.of("note", "late"), back.tags());
    }
  }

  /** Metric history. */
  @Nested
  @DisplayName("metrics")
  class Metrics {
    @Test
    @DisplayName("history keeps every point in logging order per key; the latest value is the last logged")
    void history() {
      RunRecord r = create("kit", T0);
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("loss", 0.9, 0, T0),
          new MetricPoint("acc", 0.1, 0, T0))));
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("loss", 0.5, 1, T0.plusSeconds(1)))));
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("loss", 0.7, 1, T0.plusSeconds(2)))));
      assertEquals(List.of(0.9, 0.5, 0.7), store.metricHistory(r.runId(), "loss").stream()
          .map(MetricPoint::value).collect(Collectors.toList()));
      assertEquals(List.of(0L, 1L, 1L), store.metricHistory(r.runId(), "loss").stream()
          .map(MetricPoint::step).collect(Collectors.toList()));
      assertEquals(Map.of("loss", 0.7, "acc", 0.1), store.get(r.runId()).orElseThrow().metrics());
      assertTrue(store.metricHistory(r.runId(), "other").isEmpty());
      assertThrows(NotFoundException.class, () -> store.metricHistory(newId(), "loss"));
    }
  }

  /** Queries, checked against the reference semantics. */
  @Nested
  @DisplayName("queries")
  class Queries {
    @Test
    @DisplayName("filters, order and limit agree with RunQuery.test and RunQuery.order")
    void queriesAgreeWithReference() {
      List<RunRecord> all = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        RunRecord r = create(i % 3 == 0 ? "other" : "kit", T0.plusSeconds(i));
        store.update(r.runId(), new RunUpdate.Params(Map.of("opt", i % 2 == 0 ? "sgd" : "adam")));
        store.update(r.runId(), new RunUpdate.Tags(Map.of("stage", i % 4 == 0 ? "prod" : "dev")));
        if (i % 5 != 0) {
          store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("acc", (i * 37 % 30) / 30.0, 0, T0))));
        }
        if (i % 7 == 0) {
          store.update(r.runId(), new RunUpdate.End(RunStatus.FINISHED, T0.plusSeconds(100), Optional.empty()));
        }
        all.add(store.get(r.runId()).orElseThrow());
      }
      List<RunQuery> queries = List.of(
          RunQuery.builder().experiment("kit").build(),
          RunQuery.builder().experiment("kit").where("acc > 0.5").orderByMetric("acc", true).build(),
          RunQuery.builder().param("opt", "sgd").tag("stage", "dev").orderByMetric("acc", false).build(),
          RunQuery.builder().experiment("kit").status(RunStatus.FINISHED).build(),
          RunQuery.builder().where("acc >= 0.2").where("acc != 0.5").orderByMetric("acc", true).limit(4).build(),
          RunQuery.builder().experiment("none").build());
      for (RunQuery q : queries) {
        List<String> expected = all.stream().filter(q::test).sorted(q.order()).limit(q.limit())
            .map(RunRecord::runId).collect(Collectors.toList());
        List<String> actual = store.query(q).stream().map(RunRecord::runId).collect(Collectors.toList());
        assertEquals(expected, actual, q.toString());
      }
      assertEquals(List.of("kit", "other"), store.experiments());
    }

    @Test
    @DisplayName("a nested run is found by its parent")
    void byParent() {
      RunRecord parent = create("kit", T0);
      RunRecord child = RunRecord.started(newId(), "kit", "child", Optional.of(parent.runId()), T0, Map.of());
      store.create(child);
      assertEquals(List.of(child.runId()), store.query(RunQuery.builder().parent(parent.runId()).build()).stream()
          .map(RunRecord::runId).collect(Collectors.toList()));
    }
  }

  /** Moving whole runs between stores. */
  @Nested
  @DisplayName("export and import")
  class ExportImport {
    @Test
    @DisplayName("an exported run holds its record and every metric point, ordered by key then logging order")
    void exportHoldsEverything() {
      RunRecord r = create("kit", T0);
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("loss", 0.9, 0, T0),
          new MetricPoint("acc", 0.1, 0, T0))));
      store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("loss", 0.4, 1, T0.plusSeconds(1)))));
      RunRecord ended = store.update(r.runId(), new RunUpdate.End(RunStatus.FINISHED, T0.plusSeconds(2), Optional.empty()));
      RunSnapshot snap = store.exportRun(r.runId()).orElseThrow();
      assertEquals(ended, snap.run());
      assertEquals(List.of(new MetricPoint("acc", 0.1, 0, T0), new MetricPoint("loss", 0.9, 0, T0),
          new MetricPoint("loss", 0.4, 1, T0.plusSeconds(1))), snap.history());
      assertEquals(Optional.empty(), store.exportRun(newId()));
    }

    @Test
    @DisplayName("an imported ended run reads back equal: record, history, queries; a second import is a conflict")
    void importReadsBack() {
      Digest d = Digest.sha256("weights".getBytes(StandardCharsets.UTF_8));
      String parent = newId();
      RunRecord r = new RunRecord(newId(), "moved", "imported", Optional.of(parent), RunStatus.FAILED,
          T0.plusNanos(123_456_789), Optional.of(T0.plusSeconds(60)), T0.plusSeconds(59),
          Optional.of(new RunFailure("java.lang.IllegalStateException", "diverged", List.of("at a", "at b"))),
          Map.of("lr", "0.1", "opt", "sgd"), Map.of("team", "risk"), Map.of("acc", 0.75, "loss", 0.25),
          Map.of("init", 42L), List.of(new DatasetInput(d, "registry:data/3", List.of("x", "y"), 150, DatasetRole.TRAINING)),
          List.of(new ArtifactRef("model/weights.bin", d, 7)), Map.of("jvm.version", "17", "git.commit", "abc"),
          List.of(new VersionId("churn", 2)));
      RunSnapshot snap = new RunSnapshot(r, List.of(new MetricPoint("acc", 0.5, 0, T0), new MetricPoint("acc", 0.75, 1,
          T0.plusSeconds(1)), new MetricPoint("loss", 0.25, 0, T0.plusMillis(5))));
      store.importRun(snap);
      assertEquals(Optional.of(r), store.get(r.runId()));
      assertEquals(Optional.of(snap), store.exportRun(r.runId()));
      assertEquals(List.of(0.5, 0.75), store.metricHistory(r.runId(), "acc").stream().map(MetricPoint::value)
          .collect(Collectors.toList()));
      assertEquals(List.of(r.runId()), store.query(RunQuery.builder().experiment("moved").param("opt", "sgd")
          .tag("team", "risk").where("acc > 0.7").parent(parent).status(RunStatus.FAILED).build()).stream()
          .map(RunRecord::runId).collect(Collectors.toList()));
      Set<Digest> seen = new HashSet<>();
      store.forEachArtifactDigest(seen::add);
      assertEquals(Set.of(d), seen);
      assertThrows(ConflictException.class, () -> store.importRun(snap));
      RunRecord existing = create("kit", T0);
      assertThrows(ConflictException.class, () -> store.importRun(new RunSnapshot(existing, List.of())));
      assertEquals(Optional.of(existing), store.get(existing.runId()));
    }
  }

  /** What a blob garbage collector must keep. */
  @Nested
  @DisplayName("artifact digests")
  class ArtifactDigests {
    @Test
    @DisplayName("every artifact of every run is visited")
    void everyArtifact() {
      Set<Digest> expected = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        RunRecord r = create(i < 3 ? "kit" : "other", T0);
        Digest d = Digest.sha256(new byte[] {(byte) i});
        expected.add(d);
        store.update(r.runId(), new RunUpdate.Artifact(new ArtifactRef("a/" + i, d, 1)));
      }
      Set<Digest> seen = new HashSet<>();
      store.forEachArtifactDigest(seen::add);
      assertEquals(expected, seen);
    }
  }

  /** Concurrency. */
  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("eight threads updating one run lose nothing")
    void oneRun() throws Exception {
      RunRecord r = create("kit", T0);
      Concurrently.<Object>run(THREADS, t -> {
        for (int i = 0; i < 10; i++) {
          store.update(r.runId(), new RunUpdate.Params(Map.of("p" + t + "." + i, String.valueOf(i))));
          store.update(r.runId(), new RunUpdate.Metrics(List.of(new MetricPoint("m" + t, i, i, T0))));
        }
        return List.of();
      });
      RunRecord back = store.get(r.runId()).orElseThrow();
      assertEquals(THREADS * 10, back.params().size());
      for (int t = 0; t < THREADS; t++) {
        assertEquals(10, store.metricHistory(r.runId(), "m" + t).size());
        assertEquals(9.0, back.metrics().get("m" + t));
      }
    }

    @Test
    @DisplayName("eight threads creating runs in one experiment: every run found, none mixed")
    void oneExperiment() throws Exception {
      List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
      Concurrently.<Object>run(THREADS, t -> {
        for (int i = 0; i < 5; i++) {
          RunRecord r = RunRecord.started(String.format("%08x%024x", t, i + 1L), "kit", "t" + t, Optional.empty(),
              T0, Map.of());
          store.create(r);
          store.update(r.runId(), new RunUpdate.Params(Map.of("thread", String.valueOf(t))));
          store.update(r.runId(), new RunUpdate.End(RunStatus.FINISHED, T0, Optional.empty()));
          ids.add(r.runId());
        }
        return List.of();
      });
      List<RunRecord> found = store.query(RunQuery.builder().experiment("kit").status(RunStatus.FINISHED).build());
      assertEquals(new HashSet<>(ids), found.stream().map(RunRecord::runId).collect(Collectors.toSet()));
      for (RunRecord r : found) {
        assertEquals("t" + r.params().get("thread"), r.name());
        assertFalse(r.runId().isEmpty());
      }
      IntStream.range(0, THREADS).forEach(t -> assertEquals(5, store.query(RunQuery.builder()
          .param("thread", String.valueOf(t)).build()).size()));
    }
  }
}
