package dev.mlops.benchmarks;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.monitor.PredictionMonitor;
import dev.mlops.monitoring.monitor.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What recording one prediction costs the caller's thread ({@code PredictionMonitor.record}: an
 * id, the clock, the input-sampling hash, one event object, one offer to the lock-free queue),
 * beside {@link #baseline}, which does nothing with the same arguments but hand them to a {@link
 * Blackhole}. Target: under 200 ns per record, no blocking; {@code -prof gc} gives the bytes
 * allocated per record.
 *
 * <p>The monitor's worker runs on the other core, windows of 10,000 predictions with no reference
 * (drift checks run on the worker, off this path). If the caller outpaces the worker, the queue
 * fills and records are dropped and counted; the auxiliary counters {@code accepted} and {@code
 * dropped} say how many of each the measured records were, since a drop is the cheaper path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MonitorBenchmarks {
  private static final int ROWS = 1024;

  /** The monitor and the rows, shared by every thread. */
  @State(Scope.Benchmark)
  public static class Data {
    PredictionMonitor monitor;
    List<Map<String, Object>> rows;
    Prediction[] outputs;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(20261122);
      rows = new ArrayList<>(ROWS);
      outputs = new Prediction[ROWS];
      for (int i = 0; i < ROWS; i++) {
        rows.add(Map.of("x", r.nextGaussian(), "y", r.nextDouble() * 10, "plan", r.nextBoolean() ? "free" : "pro"));
        outputs[i] = new Prediction.Classification(r.nextBoolean() ? "yes" : "no", Map.of("yes", 0.7, "no", 0.3));
      }
      monitor = PredictionMonitor.builder("bench/1").window(WindowSpec.tumblingCount(10_000))
          .queueCapacity(1 << 16).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      monitor.close();
    }
  }

  /** The caller's cursor over the rows, and what became of its records. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cursor {
    int i;
    /** Records the queue took. */
    public long accepted;
    /** Records dropped because the queue was full. */
    public long dropped;

    @Setup(Level.Iteration)
    public void reset() {
      accepted = 0;
      dropped = 0;
    }
  }

  /**
   * Records one prediction.
   *
   * @param d the monitor
   * @param c the cursor
   * @return the prediction id (or -1 when dropped)
   */
  @Benchmark
  public long record(Data d, Cursor c) {
    int k = c.i++ & (ROWS - 1);
    long id = d.monitor.record(d.rows.get(k), d.outputs[k], 1_000 + k);
    if (id < 0) {
      c.dropped++;
    } else {
      c.accepted++;
    }
    return id;
  }

  /**
   * Does nothing with the same arguments: the floor of any call.
   *
   * @param d the rows
   * @param c the cursor
   * @param bh the blackhole
   */
  @Benchmark
  public void baseline(Data d, Cursor c, Blackhole bh) {
    int k = c.i++ & (ROWS - 1);
    bh.consume(d.rows.get(k));
    bh.consume(d.outputs[k]);
    bh.consume(1_000 + k);
  }
}
