package dev.mlops.benchmarks;

import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A diagnostic beside {@link DriftReportBenchmarks}, not a JMH benchmark: on the same data, the
 * wall time and the process CPU time of the full report and of the report against a profile,
 * four times each. On a shared machine the wall time depends on the other processes; the CPU
 * time divided by the number of cores is what the report would take on an idle machine.
 *
 * <p>Run: {@code java -Xms8g -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.mlops.benchmarks.DriftReportCpuTime 100}.
 */
public final class DriftReportCpuTime {
  private DriftReportCpuTime() {}

  /**
   * Runs the diagnostic.
   *
   * @param args the number of columns (default 100)
   */
  public static void main(String[] args) {
    int columns = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rows = 1_000_000;
    SplittableRandom random = new SplittableRandom(20261122);
    List<Column> ref = new ArrayList<>();
    List<Column> cur = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      ref.add(new NumericColumn("c" + j, DriftReportBenchmarks.normal(random, rows, j)));
      cur.add(new NumericColumn("c" + j, DriftReportBenchmarks.normal(random, rows, j + 0.05 * (j % 3))));
    }
    Frame reference = Frame.of(ref);
    Frame current = Frame.of(cur);
    ReferenceProfile profile = ReferenceProfile.of(reference);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    DriftEngine engine = DriftEngine.defaults();
    for (int k = 0; k < 4; k++) {
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      engine.compare(reference, current);
      long c1 = os.getProcessCpuTime();
      long t1 = System.nanoTime();
      engine.compare(profile, current);
      long c2 = os.getProcessCpuTime();
      long t2 = System.nanoTime();
      System.out.printf("full report: wall %.2f s, CPU %.2f s | against profile: wall %.2f s, CPU %.2f s"
          + " | load average %.1f, %d processors%n", (t1 - t0) / 1e9, (c1 - c0) / 1e9, (t2 - t1) / 1e9,
          (c2 - c1) / 1e9, os.getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }
  }
}
