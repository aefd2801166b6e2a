package dev.mlops.benchmarks;

import dev.mlops.monitoring.stream.Adwin;
import dev.mlops.monitoring.stream.AdwinConfig;
import dev.mlops.monitoring.stream.ChangeDetector;
import dev.mlops.monitoring.stream.Cusum;
import dev.mlops.monitoring.stream.CusumConfig;
import dev.mlops.monitoring.stream.Ddm;
import dev.mlops.monitoring.stream.DdmConfig;
import dev.mlops.monitoring.stream.Eddm;
import dev.mlops.monitoring.stream.EddmConfig;
import dev.mlops.monitoring.stream.HddmA;
import dev.mlops.monitoring.stream.HddmAConfig;
import dev.mlops.monitoring.stream.HddmW;
import dev.mlops.monitoring.stream.HddmWConfig;
import dev.mlops.monitoring.stream.Kswin;
import dev.mlops.monitoring.stream.KswinConfig;
import dev.mlops.monitoring.stream.PageHinkley;
import dev.mlops.monitoring.stream.PageHinkleyConfig;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming change detectors: updates per second, single-threaded, each beside a plain-JDK
 * baseline in the same run.
 *
 * <p>Each invocation feeds one pre-generated stream of {@value #N} values to a detector that lives
 * for the whole trial (so ADWIN's window and every statistic keep growing as in production); the
 * score is updates per second ({@code @OperationsPerInvocation(N)}). Real-valued detectors read
 * {@code N(0, 1)} with the mean moved by +2 for the last quarter of the array (so each pass has a
 * change and a return), binary ones read Bernoulli bits with P(1) = 0.2, then 0.5 for the last
 * quarter. The baseline, {@link #baselineWelford}, is the cheapest honest work on the same array: a
 * running mean and variance (Welford) with one comparison per value. Targets from the issue:
 * Page–Hinkley and DDM at least 10 million updates/s, ADWIN at least 1 million.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class DetectorBenchmarks {

  /** Values per invocation. */
  static final int N = 1 << 16;

  double[] values;
  double[] bits;
  PageHinkley pageHinkley;
  Adwin adwin;
  Ddm ddm;
  Eddm eddm;
  HddmA hddmA;
  HddmW hddmW;
  Cusum cusum;
  Kswin kswin;

  /** Generates the streams from fixed seeds and creates the detectors with their defaults. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(20261122L);
    values = new double[N];
    bits = new double[N];
    for (int i = 0; i < N; i++) {
      boolean late = i >= N - N / 4;
      values[i] = rng.nextGaussian() + (late ? 2.0 : 0.0);
      bits[i] = rng.nextDouble() < (late ? 0.5 : 0.2) ? 1.0 : 0.0;
    }
    pageHinkley = new PageHinkley(PageHinkleyConfig.DEFAULTS);
    adwin = new Adwin(AdwinConfig.DEFAULTS);
    ddm = new Ddm(DdmConfig.DEFAULTS);
    eddm = new Eddm(EddmConfig.DEFAULTS);
    hddmA = new HddmA(HddmAConfig.DEFAULTS);
    hddmW = new HddmW(HddmWConfig.DEFAULTS);
    cusum = new Cusum(CusumConfig.DEFAULTS);
    kswin = new Kswin(KswinConfig.DEFAULTS);
  }

  private static int feed(ChangeDetector d, double[] stream) {
    int drifts = 0;
    for (double v : stream) {
      drifts += d.update(v).ordinal();
    }
    return drifts;
  }

  /**
   * The plain-JDK baseline: Welford's running mean and variance over the real-valued stream, with
   * a threshold test per value.
   *
   * @return a value depending on every update
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public double baselineWelford() {
    double mean = 0;
    double m2 = 0;
    int flags = 0;
    double[] v = values;
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      double d = x - mean;
      mean += d / (i + 1);
      m2 += d * (x - mean);
      flags += x - mean > 3.0 ? 1 : 0;
    }
    return mean + m2 + flags;
  }

  /**
   * Page–Hinkley with River's defaults on the real-valued stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int pageHinkley() {
    return feed(pageHinkley, values);
  }

  /**
   * ADWIN with River's defaults on the real-valued stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int adwin() {
    return feed(adwin, values);
  }

  /**
   * CUSUM with the classical defaults on the real-valued stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int cusum() {
    return feed(cusum, values);
  }

  /**
   * KSWIN with River's defaults on the real-valued stream (a KS test per update).
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int kswin() {
    return feed(kswin, values);
  }

  /**
   * DDM with the defaults on the bit stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int ddm() {
    return feed(ddm, bits);
  }

  /**
   * EDDM with the defaults on the bit stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int eddm() {
    return feed(eddm, bits);
  }

  /**
   * HDDM-A with the defaults on the bit stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int hddmA() {
    return feed(hddmA, bits);
  }

  /**
   * HDDM-W with the defaults on the bit stream.
   *
   * @return the sum of the states' ordinals
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public int hddmW() {
    return feed(hddmW, bits);
  }
}
