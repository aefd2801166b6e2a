package dev.mlops.benchmarks;

import dev.mlops.monitoring.performance.ClassificationMetrics;
import dev.mlops.monitoring.performance.MetricEstimate;
import dev.mlops.monitoring.performance.MetricIntervals;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * ROC AUC and its DeLong interval on 1,000,000 rows, beside plain sort-based baselines in the same run.
 *
 * <ul>
 *   <li>{@link #rocAuc}: {@link ClassificationMetrics#rocAuc(int[], double[])} (input checks, split by
 *       class, two primitive sorts, one merge walk over tie groups).</li>
 *   <li>{@link #rocAucWithDeLong}: {@link MetricIntervals#rocAuc(int[], double[])}: the AUC and DeLong's
 *       variance (a second walk) and interval.</li>
 *   <li>{@link #sortBasedBaseline}: the textbook rank-sum AUC a plain implementation writes: an index
 *       array sorted by score ({@code Integer[]} with a comparator, as {@code argsort}), midranks over
 *       tie groups, {@code (R+ - m(m+1)/2) / (m n)}. No variance.</li>
 *   <li>{@link #primitiveSortFloor}: {@code Arrays.sort} of a copy of the scores: the floor any
 *       sort-based AUC pays.</li>
 * </ul>
 *
 * <p>Data: labels Bernoulli(0.3), scores {@code label * 0.8 + N(0, 1)} rounded to 1e-4 (so there are
 * ties), from a fixed seed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PerformanceMetricsBenchmarks {
  /** Rows. */
  static final int N = 1_000_000;

  int[] labels;
  double[] scores;

  /** Generates the labels and scores. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(20261122L);
    labels = new int[N];
    scores = new double[N];
    for (int i = 0; i < N; i++) {
      labels[i] = r.nextDouble() < 0.3 ? 1 : 0;
      scores[i] = Math.round((labels[i] * 0.8 + r.nextGaussian()) * 1e4) / 1e4;
    }
    double ours = ClassificationMetrics.rocAuc(labels, scores);
    double baseline = sortBasedBaseline();
    if (Math.abs(ours - baseline) > 1e-12) {
      throw new IllegalStateException("AUC " + ours + " != baseline " + baseline);
    }
  }

  /**
   * Our AUC.
   *
   * @return the AUC
   */
  @Benchmark
  public double rocAuc() {
    return ClassificationMetrics.rocAuc(labels, scores);
  }

  /**
   * Our AUC with DeLong's interval.
   *
   * @return the estimate
   */
  @Benchmark
  public MetricEstimate rocAucWithDeLong() {
    return MetricIntervals.defaults().rocAuc(labels, scores);
  }

  /**
   * The textbook rank-sum AUC over an index sort.
   *
   * @return the AUC
   */
  @Benchmark
  public double sortBasedBaseline() {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] s = scores;
    Arrays.sort(order, Comparator.comparingDouble(i -> s[i]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && s[order[j]] == s[order[i]]) {
        j++;
      }
      double midrank = (i + 1 + j) / 2.0; // ranks i+1..j
      for (int k = i; k < j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositives += midrank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = n - positives;
    return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Sorting a copy of the scores.
   *
   * @return the sorted copy
   */
  @Benchmark
  public double[] primitiveSortFloor() {
    double[] copy = scores.clone();
    Arrays.sort(copy);
    return copy;
  }
}
