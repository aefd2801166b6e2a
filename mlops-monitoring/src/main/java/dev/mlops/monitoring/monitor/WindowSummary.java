package dev.mlops.monitoring.monitor;

import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.ColumnStatus;
import dev.mlops.monitoring.drift.DriftReport;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one closed window of one variant held: counts, errors, latencies, the output distribution,
 * the drift of the sampled inputs against the reference profile, the drift of the outputs against
 * the reference outputs, and named metrics added by {@link MonitorExtension}s (for example the
 * accuracy of the window's predictions once their labels arrived).
 *
 * <p>Drops are never hidden: {@code droppedTotal} is the monitor's count of events dropped (queue
 * full, or recorded after close) when the window closed, and {@code droppedSincePrevious} the
 * drops since this variant's previous window closed; drops cannot be attributed to a window, so
 * they are not in {@code predictions}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the monitored model's name
 * @param variant the variant (model version) whose predictions the window holds
 * @param index the window's number for this variant, from 0
 * @param start the window's start: its first event's time (count windows) or its aligned start
 *     (time windows)
 * @param end the window's end: its last event's time (count windows) or its aligned end (time
 *     windows)
 * @param predictions the predictions in the window, failed ones included
 * @param errors the failed predictions
 * @param sampledInputs predictions whose inputs were sampled (the rows of the drift check)
 * @param invalidInputs sampled feature values of a type the reference column does not have (read
 *     as missing)
 * @param lateEvents events older than the window (time windows), counted in it
 * @param droppedTotal events the monitor dropped, in total, when the window closed
 * @param droppedSincePrevious events the monitor dropped since this variant's previous window
 * @param latency the latencies
 * @param outputCounts predictions per label (classification), in order of first appearance
 * @param outputMean the mean regression output (first dimension), if the model regresses
 * @param featureDrift the drift of the sampled inputs against the reference profile, if one was
 *     set and the window had enough sampled rows
 * @param predictionDrift the drift of the outputs against the reference outputs, if set
 * @param referenceId the id of the references in force when the window closed (those its drift
 *     results, if any, were computed against; see {@link PredictionMonitor#replaceReference}), if
 *     the monitor was given one
 * @param metrics named metrics added by extensions
 */
public record WindowSummary(
    String model,
    String variant,
    long index,
    Instant start,
    Instant end,
    long predictions,
    long errors,
    long sampledInputs,
    long invalidInputs,
    long lateEvents,
    long droppedTotal,
    long droppedSincePrevious,
    LatencySummary latency,
    Map<String, Long> outputCounts,
    OptionalDouble outputMean,
    Optional<DriftReport> featureDrift,
    Optional<ColumnDrift> predictionDrift,
    Optional<String> referenceId,
    Map<String, Double> metrics) {

  /** The largest drift severity reported (a p-value of 0, a column missing from the window). */
  public static final double MAX_SEVERITY = 1e6;

  /**
   * Validates and copies.
   *
   * @param model the monitored model's name
   * @param variant the variant whose predictions the window holds
   * @param index the window's number for this variant
   * @param start the window's start
   * @param end the window's end
   * @param predictions the predictions in the window
   * @param errors the failed predictions
   * @param sampledInputs predictions whose inputs were sampled
   * @param invalidInputs sampled values of the wrong type
   * @param lateEvents late events counted in the window
   * @param droppedTotal events dropped in total when the window closed
   * @param droppedSincePrevious events dropped since the previous window
   * @param latency the latencies
   * @param outputCounts predictions per label
   * @param outputMean the mean regression output
   * @param featureDrift the input drift
   * @param predictionDrift the output drift
   * @param referenceId the id of the references in force
   * @param metrics named metrics
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a count is negative or a metric is NaN
   */
  public WindowSummary {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(outputMean, "outputMean");
    Objects.requireNonNull(featureDrift, "featureDrift");
    Objects.requireNonNull(predictionDrift, "predictionDrift");
    Objects.requireNonNull(referenceId, "referenceId");
    if (predictions < 0 || errors < 0 || errors > predictions || sampledInputs < 0 || invalidInputs < 0
        || lateEvents < 0 || droppedTotal < 0 || droppedSincePrevious < 0) {
      throw new IllegalArgumentException("window counts must be non-negative, errors at most predictions");
    }
    outputCounts = Collections.unmodifiableMap(new LinkedHashMap<>(outputCounts));
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getValue() == null || Double.isNaN(e.getValue())) {
        throw new IllegalArgumentException("metric '" + e.getKey() + "' is NaN or null; leave it out instead");
      }
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Returns the share of failed predictions.
   *
   * @return errors / predictions, 0 for an empty window
   */
  public double errorRate() {
    return predictions == 0 ? 0.0 : (double) errors / predictions;
  }

  /**
   * Returns one named metric.
   *
   * @param name the metric name
   * @return the value, or empty
   * @throws NullPointerException if name is null
   */
  public OptionalDouble metric(String name) {
    Double v = metrics.get(Objects.requireNonNull(name, "name"));
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /**
   * Returns a copy with more named metrics (a name already present takes the new value).
   *
   * @param more the metrics to add
   * @return the new summary
   * @throws NullPointerException if more is null
   * @throws IllegalArgumentException if a value is NaN
   */
  public WindowSummary withMetrics(Map<String, Double> more) {
    Objects.requireNonNull(more, "more");
    if (more.isEmpty()) {
      return this;
    }
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new WindowSummary(model, variant, index, start, end, predictions, errors, sampledInputs, invalidInputs,
        lateEvents, droppedTotal, droppedSincePrevious, latency, outputCounts, outputMean, featureDrift,
        predictionDrift, referenceId, m);
  }

  /**
   * Returns the drift severity of one input column (see {@link #driftSeverity(ColumnDrift)}).
   *
   * @param column the column name
   * @return the severity, or empty if the window has no drift report or the report no such column
   * @throws NullPointerException if column is null
   */
  public OptionalDouble featureDriftSeverity(String column) {
    Objects.requireNonNull(column, "column");
    if (featureDrift.isEmpty()) {
      return OptionalDouble.empty();
    }
    for (ColumnDrift c : featureDrift.get().columns()) {
      if (c.name().equals(column)) {
        return OptionalDouble.of(driftSeverity(c));
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * Returns the drift severity of the outputs (see {@link #driftSeverity(ColumnDrift)}).
   *
   * @return the severity, or empty without a prediction drift result
   */
  public OptionalDouble predictionDriftSeverity() {
    return predictionDrift.map(c -> OptionalDouble.of(driftSeverity(c))).orElse(OptionalDouble.empty());
  }

  /**
   * How far a column is past its own drift threshold, on one scale for tests and distances: for a
   * test, {@code threshold / p} (the p-value after correction); for a distance, {@code distance /
   * threshold}. 1 means exactly at the threshold, above 1 drifted. A column missing from the window
   * scores {@link #MAX_SEVERITY}; a constant, empty or untested column 0. At most {@link
   * #MAX_SEVERITY}.
   *
   * @param c the column result
   * @return the severity, in [0, MAX_SEVERITY]
   * @throws NullPointerException if c is null
   */
  public static double driftSeverity(ColumnDrift c) {
    Objects.requireNonNull(c, "c");
    if (c.status() == ColumnStatus.MISSING_IN_CURRENT) {
      return MAX_SEVERITY;
    }
    if (c.status() != ColumnStatus.TESTED || c.score().isEmpty() || c.threshold().isEmpty()) {
      return 0.0;
    }
    double score = c.score().getAsDouble();
    double threshold = c.threshold().getAsDouble();
    double s;
    if (c.pValue().isPresent()) {
      s = score <= 0 ? MAX_SEVERITY : threshold / score;
    } else {
      s = threshold <= 0 ? (score > 0 ? MAX_SEVERITY : 0.0) : score / threshold;
    }
    return Math.min(MAX_SEVERITY, Math.max(0.0, s));
  }
}
