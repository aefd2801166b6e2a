package dev.mlops.benchmarks;

import dev.mlops.core.Digest;
import dev.mlops.registry.store.s3.S3BlobStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * operation, the median and minimum over the rounds.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.mlops.benchmarks.S3StoreCpuTime 64 6}
 * (size in MiB, rounds).
 */
public final class S3StoreCpuTime {
  private static final byte[] BUFFER = new byte[1 << 20];

  private S3StoreCpuTime() {}

  /**
   * Runs the diagnostic.
   *
   * @param args the size in MiB (default 64) and the number of rounds (default 6)
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
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      int batch = Math.max(1, 128 / mib);
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      for (int round = -2; round < rounds; round++) { // two warm-up rounds
        for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          for (int j = 0; j < batch; j++) {
            op.getValue().call();
          }
          long t1 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          if (round >= 0) {
            results.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                .add(new double[] {(t1 - t0) / 1e6 / batch, (c1 - c0) / 1e6 / batch});
          }
        }
      }
      System.out.printf("%d MiB, %d rounds of %d, load average %.1f on %d processors%n", mib, rounds, batch,
          os.getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        double[] wall = e.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] cpu = e.getValue().stream().mapToDouble(x -> x[1]).sorted().toArray();
        System.out.printf("%-24s wall median %8.1f min %8.1f ms | CPU median %8.1f min %8.1f ms%n", e.getKey(),
            wall[wall.length / 2], wall[0], cpu[cpu.length / 2], cpu[0]);
      }
    }
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
