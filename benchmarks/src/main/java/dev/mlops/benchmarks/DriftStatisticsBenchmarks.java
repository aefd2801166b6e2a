package dev.mlops.benchmarks;

import dev.mlops.monitoring.drift.DoubleRadixSort;
import dev.mlops.monitoring.drift.KsMethod;
import dev.mlops.monitoring.drift.NumericStatistics;
import dev.mlops.monitoring.drift.StatResult;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Drift statistics beside their peers in the same run.
 *
 * <ul>
 *   <li>{@link #ksOurs}: two-sample Kolmogorov–Smirnov on 1,000,000 vs 1,000,000 unsorted doubles,
 *       including copying and sorting both ({@link DoubleRadixSort}) and the p-value (scipy's
 *       {@code auto}, here asymptotic), against {@link #ksCommonsMath}: Commons Math 3.6.1 {@code
 *       new KolmogorovSmirnovTest().kolmogorovSmirnovTest(x, y)}, which copies and sorts too. The
 *       issue's target: at least 2x faster.</li>
 *   <li>{@link #radixSort} against {@link #arraysSort}: sorting a copy of the same 1,000,000
 *       doubles (the copy is in both).</li>
 * </ul>
 *
 * <p>Data: {@link #splitMix64Uniform} streams from fixed seeds, reproduced bit for bit by
 * benchmarks/scripts/ks_2samp_scipy.py, which times scipy's {@code ks_2samp} on the same values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class DriftStatisticsBenchmarks {

  /** Values per sample. */
  static final int N = 1_000_000;

  double[] reference;
  double[] current;

  /**
   * SplitMix64 uniform doubles in [0, 1): {@code (mix(seed + (i + 1) * 0x9E3779B97F4A7C15) >>>
   * 11) * 2^-53} for i = 0..n-1.
   *
   * @param seed the seed
   * @param n how many values
   * @return the values
   */
  static double[] splitMix64Uniform(long seed, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      out[i] = (z >>> 11) * 0x1.0p-53;
    }
    return out;
  }

  /** Generates the two samples: uniform [0, 1) and uniform [0.001, 1.001). */
  @Setup(Level.Trial)
  public void setUp() {
    reference = splitMix64Uniform(20261122L, N);
    current = splitMix64Uniform(5L, N);
    for (int i = 0; i < N; i++) {
      current[i] += 0.001;
    }
  }

  /**
   * Our KS: copy, radix-sort, statistic and p-value.
   *
   * @return the result
   */
  @Benchmark
  public StatResult ksOurs() {
    double[] a = DoubleRadixSort.sortedCopy(reference);
    double[] b = DoubleRadixSort.sortedCopy(current);
    return NumericStatistics.kolmogorovSmirnov(a, b, KsMethod.AUTO);
  }

  /**
   * Commons Math 3.6.1's two-sample KS p-value on the same data.
   *
   * @return the p-value
   */
  @Benchmark
  public double ksCommonsMath() {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference, current);
  }

  /**
   * Radix sort of a copy.
   *
   * @return the sorted copy
   */
  @Benchmark
  public double[] radixSort() {
    return DoubleRadixSort.sortedCopy(reference);
  }

  /**
   * {@link Arrays#sort(double[])} of a copy.
   *
   * @return the sorted copy
   */
  @Benchmark
  public double[] arraysSort() {
    double[] copy = reference.clone();
    Arrays.sort(copy);
    return copy;
  }
}
