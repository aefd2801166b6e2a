package dev.mlops.examples.quickstart;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoReproduction;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.io.PrintStream;

/**
 * The quickstart's last step: find the run that trained a registered version (lineage), retrain it
 * from what the run recorded (trainer configuration, RNG state, data by digest from the registry),
 * and print the verdict.
 */
public final class TrainingRunStep {
  private TrainingRunStep() {}

  /**
   * Reproduces the run that made a version and prints the report.
   *
   * @param tracking the tracking over the registry
   * @param version a version registered from a Tribuo run
   * @param out where to print
   * @return the reproduction report
   */
  public static TribuoReproduction reproduce(Tracking tracking, ModelVersion version, PrintStream out) {
    RunRecord run = tracking.runOf(version).orElseThrow(() -> new IllegalStateException(
        version.id() + " records no run; register it with Run.register"));
    out.printf("%s was trained in run %s (%s, accuracy %.4f)%n", version.id(), run.runId(), run.name(),
        run.metrics().get("accuracy"));
    TribuoReproduction report = TribuoRuns.reproduce(tracking, run.runId());
    out.print(report.render());
    return report;
  }
}
