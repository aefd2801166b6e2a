package dev.mlops.benchmarks;

import ai.onnxruntime.OrtException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A diagnostic beside {@link OnnxBenchmarks} for a shared, overloaded machine: the batch of 10,000 rows
 * through {@code predictBatch} and through ONNX Runtime's API by hand (both peers), on the benchmark's own
 * state, timed by the measuring thread's CPU time ({@link ThreadMXBean}; the session runs on that thread,
 * one intra-op thread) in short blocks whose order is shuffled every round, so slow phases of the machine
 * hit every variant alike. Prints each variant's median milliseconds per batch and, per variant, the
 * median and quartiles of its ratio to {@code batchOrtApi} in the same round. Other processes still share
 * the caches: this estimates the ratio, the JMH run on a quiet machine measures it.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.mlops.benchmarks.OnnxBatchCpuTime logistic 150 20}
 * (model, rounds, batches per block).
 *
 * <p>Not thread-safe: a program run on one thread.
 */
public final class OnnxBatchCpuTime {
  private static final List<String> VARIANTS = List.of("batchColumnar", "batchOrtApiBulk", "batchOrtApi");
  private static Object sink;

  private OnnxBatchCpuTime() {}

  private interface Batch {
    Object run() throws OrtException;
  }

  /**
   * Runs the diagnostic.
   *
   * @param args model ({@code logistic} or {@code forest}), rounds, batches per block
   * @throws OrtException if ONNX Runtime fails
   */
  public static void main(String[] args) throws OrtException {
    String model = args.length > 0 ? args[0] : "logistic";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 150;
    int perBlock = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    OnnxBenchmarks b = new OnnxBenchmarks();
    b.model = model;
    b.setUp();
    try {
      Map<String, Batch> ops = new LinkedHashMap<>();
      ops.put("batchColumnar", b::batchColumnar);
      ops.put("batchOrtApiBulk", b::batchOrtApiBulk);
      ops.put("batchOrtApi", b::batchOrtApi);
      for (int w = 0; w < 4; w++) {
        for (Batch op : ops.values()) {
          for (int i = 0; i < perBlock * 4; i++) {
            sink = op.run();
          }
        }
      }
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      double[][] ms = new double[VARIANTS.size()][rounds];
      List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
      Random shuffle = new Random(20261123L);
      for (int r = 0; r < rounds; r++) {
        Collections.shuffle(order, shuffle);
        for (int v : order) {
          Batch op = ops.get(VARIANTS.get(v));
          long t0 = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < perBlock; i++) {
            sink = op.run();
          }
          ms[v][r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / perBlock;
        }
      }
      int peer = VARIANTS.size() - 1;
      System.out.printf(Locale.ROOT, "model %s, %d rounds of %d batches per variant, thread CPU time%n", model, rounds, perBlock);
      for (int v = 0; v < VARIANTS.size(); v++) {
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = ms[v][r] / ms[peer][r];
        }
        System.out.printf(Locale.ROOT, "%-16s median %.3f ms/batch; / batchOrtApi in the same round: median %.3f (quartiles %.3f-%.3f)%n",
            VARIANTS.get(v), quantile(ms[v], 0.5), quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
      }
    } finally {
      b.tearDown();
    }
    System.out.println("(sink " + (sink != null) + ")");
  }

  private static double quantile(double[] xs, double q) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
