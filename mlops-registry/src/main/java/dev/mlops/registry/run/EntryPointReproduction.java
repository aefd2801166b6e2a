package dev.mlops.registry.run;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of reproducing a run made by a {@link TrainingEntryPoint}: the new run, and what
 * differs between what the two runs logged and where they ran.
 *
 * <p>Immutable and thread-safe.
 *
 * @param original the reproduced run
 * @param reproduction the new run
 * @param metrics latest metric values that differ
 * @param artifacts artifacts whose digests differ (or that only one run logged), keyed by path
 * @param environment environment entries that differ
 */
public record EntryPointReproduction(RunRecord original, RunRecord reproduction, List<Difference> metrics,
    List<Difference> artifacts, List<Difference> environment) {
  /**
   * Copies the lists.
   *
   * @param original the reproduced run
   * @param reproduction the new run
   * @param metrics latest metric values that differ
   * @param artifacts artifacts whose digests differ (or that only one run logged), keyed by path
   * @param environment environment entries that differ
   */
  public EntryPointReproduction {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reproduction, "reproduction");
    metrics = List.copyOf(metrics);
    artifacts = List.copyOf(artifacts);
    environment = List.copyOf(environment);
  }

  /**
   * Tells whether the reproduction logged the same metric values and artifact bytes.
   *
   * @return true if no metric and no artifact differs
   */
  public boolean isExact() {
    return metrics.isEmpty() && artifacts.isEmpty();
  }
}
