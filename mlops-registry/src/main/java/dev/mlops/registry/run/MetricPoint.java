package dev.mlops.registry.run;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import java.time.Instant;
import java.util.Objects;

/**
 * One logged value of a metric: its key, value, step and the time it was logged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the metric name, e.g. {@code accuracy}
 * @param value a finite value
 * @param step the step (epoch, iteration) it belongs to; 0 when there are no steps
 * @param timestamp when it was logged
 */
public record MetricPoint(String key, double value, long step, Instant timestamp) {
  /**
   * Validates the fields.
   *
   * @throws InvalidInputException if the key is invalid or the value is NaN or infinite
   *
   * @param key the metric name, e.g. {@code accuracy}
   * @param value a finite value
   * @param step the step (epoch, iteration) it belongs to; 0 when there are no steps
   * @param timestamp when it was logged
   */
  public MetricPoint {
    Names.requireTagKey(key);
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("metric", "Metric '" + key + "' is " + value
          + "; only finite values are recorded. Check the computation that produced it.");
    }
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
