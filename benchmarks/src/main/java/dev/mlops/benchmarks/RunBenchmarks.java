package dev.mlops.benchmarks;

import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunQuery;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.spi.RunUpdate;
import dev.mlops.registry.run.store.FileRunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Run queries on the file run store: the per-experiment index against its peer, a scan that reads
 * every run's log and filters in memory (what a store without an index does), on the same runs.
 *
 * <ul>
 *   <li>{@link #queryIndexCold}: a new store instance per call (no cache), one query
 *       ({@code opt = sgd AND acc > 0.9 ORDER BY acc DESC LIMIT 10}): reads the experiment's index,
 *       then the logs of the 10 results.</li>
 *   <li>{@link #queryIndexWarm}: the same query on a store instance that has read the index before
 *       (what a long-lived service sees).</li>
 *   <li>{@link #scanEveryLog}: a new store instance per call, every run read with {@code get} (its
 *       log folded), filtered with {@link RunQuery#test} and ordered with {@link RunQuery#order}.</li>
 * </ul>
 *
 * <p>Each run holds 3 parameters, 2 tags, 20 metric points and an end; the set-up writes them once
 * per trial (with fsyncs, so it takes a while) under {@code target/bench-tmp}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RunBenchmarks {
  /** Runs in the experiment. */
  @Param({"1000"})
  public int runs;

  private Path dir;
  private FileRunStore warm;
  private List<String> ids;
  private final RunQuery query = RunQuery.builder().experiment("bench").param("opt", "sgd").where("acc > 0.9")
      .orderByMetric("acc", true).limit(10).build();

  /**
   * Writes the runs.
   *
   * @throws IOException if the directory cannot be created
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createDirectories(Path.of(System.getProperty("mlops.bench.dir", "target/bench-tmp")))
        .resolve("runs-" + System.nanoTime());
    FileRunStore store = FileRunStore.open(dir);
    SplittableRandom random = new SplittableRandom(42);
    ids = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
    String[] opts = {"sgd", "adam", "adagrad", "lbfgs"};
    for (int i = 0; i < runs; i++) {
      String id = String.format("%032x", i + 1L);
      store.create(RunRecord.started(id, "bench", "r" + i, Optional.empty(), t0.plusSeconds(i), Map.of()));
      store.update(id, new RunUpdate.Params(Map.of("opt", opts[random.nextInt(4)], "lr", "0." + random.nextInt(1, 10),
          "epochs", String.valueOf(random.nextInt(1, 50)))));
      store.update(id, new RunUpdate.Tags(Map.of("team", "t" + random.nextInt(5), "stage", "dev")));
      List<MetricPoint> points = new ArrayList<>();
      for (int s = 0; s < 20; s++) {
        points.add(new MetricPoint("acc", random.nextDouble(), s, t0));
      }
      store.update(id, new RunUpdate.Metrics(points));
      store.update(id, new RunUpdate.End(RunStatus.FINISHED, t0.plusSeconds(i + 1), Optional.empty()));
      ids.add(id);
    }
    warm = FileRunStore.open(dir);
    warm.query(query);
  }

  /** Removes the runs. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The indexed query on a fresh store instance.
   *
   * @return the results
   */
  @Benchmark
  public List<RunRecord> queryIndexCold() {
    return FileRunStore.open(dir).query(query);
  }

  /**
   * The indexed query on a store instance that has read the index before.
   *
   * @return the results
   */
  @Benchmark
  public List<RunRecord> queryIndexWarm() {
    return warm.query(query);
  }

  /**
   * The peer: read every run's log, filter and order in memory.
   *
   * @return the results
   */
  @Benchmark
  public List<RunRecord> scanEveryLog() {
    FileRunStore store = FileRunStore.open(dir);
    List<RunRecord> out = new ArrayList<>();
    for (String id : ids) {
      RunRecord r = store.get(id).orElseThrow();
      if (query.test(r)) {
        out.add(r);
      }
    }
    out.sort(query.order());
    return out.subList(0, Math.min(out.size(), query.limit()));
  }
}
