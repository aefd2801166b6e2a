package dev.mlops.registry.run.spi;

import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunRecord;
import java.util.List;
import java.util.Objects;

/**
 * Everything a store holds about one run: its record and the full history of every metric. It is
 * what {@link RunStore#exportRun} reads and {@link RunStore#importRun} writes, so a run can move
 * between stores (see {@link dev.mlops.registry.RegistryCopy}); two stores hold the same run exactly
 * when their snapshots are equal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param run the run's record
 * @param history every metric point logged, ordered by metric key, then in logging order within a key
 */
public record RunSnapshot(RunRecord run, List<MetricPoint> history) {
  /**
   * Checks and copies the fields.
   *
   * @param run the run's record
   * @param history every metric point logged, ordered by metric key, then in logging order within a key
   * @throws IllegalArgumentException if the history names a metric the record has no latest value of
   */
  public RunSnapshot {
    Objects.requireNonNull(run, "run");
    history = List.copyOf(history);
    for (MetricPoint p : history) {
      if (!run.metrics().containsKey(p.key())) {
        throw new IllegalArgumentException("the history of run " + run.runId() + " has metric '" + p.key()
            + "', which its record does not");
      }
    }
  }

  /**
   * The history of one metric, in logging order.
   *
   * @param key the metric key
   * @return its points; empty if none
   */
  public List<MetricPoint> history(String key) {
    return history.stream().filter(p -> p.key().equals(key)).toList();
  }
}
