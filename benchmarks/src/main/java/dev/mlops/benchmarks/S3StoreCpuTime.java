package dev.mlops.benchmarks;

import dev.mlops.core.Digest;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A diagnostic beside {@link S3StoreBenchmarks} for a shared, overloaded machine, not a JMH benchmark:
 * the same operations on the same server and bytes, run in interleaved rounds (one batch of each
 * operation per round, so every operation meets the same load), each batch timed by the wall clock and
 * by the process's CPU time (client, server and hashing together: the server runs in this JVM). When
 * the cores are saturated by other processes, the wall-time ratio tends to the CPU-time ratio; on an
 * idle machine, work on a second thread (read-ahead, parallel parts) can hide part of it. Prints, per
 * operation, the median and minimum over the rounds, and the median CPU time of each group of threads
 * (the server's Jetty threads, the caller, the store's threads: for a verified read, the hasher).
 *
 * <p>When {@code sdkGetObject} and {@code sha256} both ran, it ends with the bound the cores set on any
 * verified read: such a read does at least the work of {@code getObject} (server, socket, client) plus one
 * SHA-256 pass over the bytes, so on {@code p} cores it cannot take less wall time than
 * {@code (CPU of getObject + CPU of SHA-256) / p}; the target (at least 90% of {@code getObject}'s
 * throughput) needs at most {@code getObject's wall time / 0.9}. The line says what share of all cores
 * would have to be busy for the whole read to meet the target (above 100%: impossible on this machine).
 * CPU times there are means over all rounds (the process CPU clock ticks in 10 ms steps; medians of
 * single batches round to them); SHA-256's is its thread's own CPU time, which leaves out GC and JIT
 * threads and so errs towards a lower bound.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.mlops.benchmarks.S3StoreCpuTime 64 6}
 * (size in MiB, rounds; a third argument, e.g. {@code sha256,sdkGetObject,storeOpenVerified}, keeps only the
 * operations it names).
 */
public final class S3StoreCpuTime {
  private static final byte[] BUFFER = new byte[1 << 20];

  private S3StoreCpuTime() {}

  /**
   * Runs the diagnostic.
   *
   * @param args the size in MiB (default 64), the number of rounds (default 6) and, optionally, the
   *     operations to run, comma-separated
   * @throws Exception if the server cannot start or an operation fails
   */
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    byte[] bytes = new byte[mib << 20];
    SplittableRandom random = new SplittableRandom(20261122);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt();
    }
    try (S3Server server = new S3Server(); S3Client client = server.client(); S3BlobStore store = server.store("store").build();
        S3BlobStore multipart = server.store("multipart").multipartThreshold(8L << 20).build()) {
      Digest digest = store.put(bytes).digest();
      client.putObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes));
      Map<String, Callable<Object>> ops = new LinkedHashMap<>();
      ops.put("sha256", () -> MessageDigest.getInstance("SHA-256").digest(bytes));
      ops.put("sdkPutObject", () -> client.putObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), RequestBody.fromBytes(bytes)));
      ops.put("storePutBytes", () -> store.put(bytes));
      ops.put("storePutStream", () -> store.put(new ByteArrayInputStream(bytes)));
      ops.put("storePutStreamMultipart", () -> multipart.put(new ByteArrayInputStream(bytes)));
      ops.put("sdkGetObject", () -> {
        try (InputStream in = client.getObject(r -> r.bucket(S3Server.BUCKET).key("plain/blob"), ResponseTransformer.toInputStream())) {
          return drain(in);
        }
      });
      ops.put("storeOpenVerified", () -> {
        try (InputStream in = store.open(digest)) {
          return drain(in);
        }
      });
      if (args.length > 2) {
        ops.keySet().retainAll(List.of(args[2].split(",")));
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      int batch = Math.max(1, 128 / mib);
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      Map<String, Map<String, List<Double>>> byThreads = new LinkedHashMap<>();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = -2; round < rounds; round++) { // two warm-up rounds
        for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
          Map<Long, Long> th0 = threadCpu(threads);
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          for (int j = 0; j < batch; j++) {
            op.getValue().call();
          }
          long t1 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          Map<Long, Long> th1 = threadCpu(threads);
          if (round >= 0) {
            results.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                .add(new double[] {(t1 - t0) / 1e6 / batch, (c1 - c0) / 1e6 / batch});
            Map<String, Double> groups = new TreeMap<>();
            th1.forEach((id, cpu) -> groups.merge(threadGroup(id), (cpu - th0.getOrDefault(id, 0L)) / 1e6 / batch, Double::sum));
            Map<String, List<Double>> perOp = byThreads.computeIfAbsent(op.getKey(), k -> new TreeMap<>());
            groups.forEach((g, ms) -> perOp.computeIfAbsent(g, k -> new ArrayList<>()).add(ms));
          }
        }
      }
      System.out.printf("%d MiB, %d rounds of %d, load average %.1f on %d processors%n", mib, rounds, batch,
          os.getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        double[] wall = e.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] cpu = e.getValue().stream().mapToDouble(x -> x[1]).sorted().toArray();
        StringBuilder groups = new StringBuilder();
        byThreads.get(e.getKey()).forEach((g, ms) -> {
          double median = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray()[ms.size() / 2];
          if (median >= 0.05) {
            groups.append(String.format(" %s %.1f", g, median));
          }
        });
        System.out.printf("%-24s wall median %8.1f min %8.1f ms | CPU median %8.1f min %8.1f ms | by thread:%s%n", e.getKey(),
            wall[wall.length / 2], wall[0], cpu[cpu.length / 2], cpu[0], groups);
      }
      if (results.containsKey("sdkGetObject") && results.containsKey("sha256")) {
        int cores = Runtime.getRuntime().availableProcessors();
        double getWall = median(results.get("sdkGetObject"), 0);
        double getCpu = mean(results.get("sdkGetObject"), 1);
        // The hash's own thread time (nanosecond clock), not the process's: a smaller, safer term.
        double shaCpu = byThreads.get("sha256").get("caller").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double bound = (getCpu + shaCpu) / cores;
        double target = getWall / 0.9;
        System.out.printf("two-core bound: getObject %.2f ms wall, %.2f ms CPU; SHA-256 %.2f ms CPU -> any verified read"
                + " >= %.2f ms on %d cores; the 90%% target needs <= %.2f ms, i.e. %.0f%% of all cores busy for the whole read%n",
            getWall, getCpu, shaCpu, bound, cores, target, 100 * bound / target);
      }
    }
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(x -> x[column]).sorted().toArray();
    return v[v.length / 2];
  }

  private static double mean(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(x -> x[column]).average().orElse(Double.NaN);
  }

  private static final Map<Long, String> THREAD_NAMES = new java.util.HashMap<>();

  /** The CPU time of every live thread, by id. */
  private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
    Map<Long, Long> out = new java.util.HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
        THREAD_NAMES.computeIfAbsent(id, k -> {
          ThreadInfo info = threads.getThreadInfo(k);
          return info == null ? "?" : info.getThreadName();
        });
      }
    }
    return out;
  }

  /** A thread's group: its name without numbers (S3Proxy's Jetty threads, mlops-s3-N, main). */
  private static String threadGroup(long id) {
    String name = THREAD_NAMES.getOrDefault(id, "?");
    if (name.startsWith("S3Proxy")) {
      return "server";
    }
    if (name.startsWith("mlops-s3-")) {
      return "store-threads";
    }
    return name.equals("main") ? "caller" : "other";
  }

  private static long drain(InputStream in) throws java.io.IOException {
    long total = 0;
    int n;
    while ((n = in.read(BUFFER)) >= 0) {
      total += n;
    }
    return total;
  }
}
