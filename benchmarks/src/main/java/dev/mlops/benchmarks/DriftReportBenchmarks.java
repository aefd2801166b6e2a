package dev.mlops.benchmarks;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Drift reports and reference profiles at scale (issue 5): a full report on 100 numeric columns x
 * 1,000,000 rows on each side with the default (Evidently) tests — Wasserstein normed for such
 * columns — with the radix sort and, in the same run, with plain {@code Arrays.sort} (the engine's
 * package-private switch, the system property {@code mlops.drift.sort=jdk}, read when an engine is
 * built); the same report against a precomputed reference profile; and building the profile of
 * 10 of those columns on one thread beside DataSketches' bare {@code KllDoublesSketch.update}
 * loop over the same values.
 *
 * <p>Data: column {@code j} of the reference is {@code N(j, 1)}, of the current data {@code N(j +
 * 0.05 * (j % 3), 1)} from {@code SplittableRandom(20261122)}. The two frames take 1.6 GB, so the
 * fork runs with an 8 GiB heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class DriftReportBenchmarks {
  @Param({"100"})
  public int columns;

  @Param({"1000000"})
  public int rows;

  /** Columns of the profile-building comparison. */
  static final int PROFILE_COLUMNS = 10;

  private Frame reference;
  private Frame current;
  private ReferenceProfile profile;
  private DriftEngine radix;
  private DriftEngine arraysSort;
  private Frame profileFrame;
  private double[][] profileValues;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(20261122);
    List<Column> ref = new ArrayList<>(columns);
    List<Column> cur = new ArrayList<>(columns);
    profileValues = new double[Math.min(PROFILE_COLUMNS, columns)][];
    for (int j = 0; j < columns; j++) {
      double[] r = normal(random, rows, j);
      double[] c = normal(random, rows, j + 0.05 * (j % 3));
      ref.add(new NumericColumn("c" + j, r));
      cur.add(new NumericColumn("c" + j, c));
      if (j < profileValues.length) {
        profileValues[j] = r;
      }
    }
    reference = Frame.of(ref);
    current = Frame.of(cur);
    profileFrame = Frame.of(ref.subList(0, profileValues.length));
    radix = DriftEngine.defaults();
    System.setProperty("mlops.drift.sort", "jdk");
    try {
      arraysSort = DriftEngine.defaults();
    } finally {
      System.clearProperty("mlops.drift.sort");
    }
    profile = ReferenceProfile.of(reference);
  }

  static double[] normal(SplittableRandom random, int n, double mean) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + Math.sqrt(-2 * Math.log1p(-random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
    return v;
  }

  /** Full report, radix sort (the default). */
  @Benchmark
  public DriftReport fullReport() {
    return radix.compare(reference, current);
  }

  /** Full report with plain Arrays.sort: the baseline. */
  @Benchmark
  public DriftReport fullReportArraysSort() {
    return arraysSort.compare(reference, current);
  }

  /** The same current data against the precomputed reference profile. */
  @Benchmark
  public DriftReport reportAgainstProfile() {
    return radix.compare(profile, current);
  }

  /** Profile of 10 columns x 1,000,000 rows on one thread. */
  @Benchmark
  public ReferenceProfile buildProfile() {
    return ReferenceProfile.builder().parallelism(1).build(profileFrame);
  }

  /** The peer: DataSketches' bare KLL update loop over the same 10 columns, one thread. */
  @Benchmark
  public void kllUpdateLoop(Blackhole bh) {
    for (double[] column : profileValues) {
      KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
      for (double v : column) {
        sketch.update(v);
      }
      bh.consume(sketch);
    }
  }
}
