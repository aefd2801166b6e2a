package dev.mlops.monitoring.monitor;

import dev.mlops.core.model.Prediction;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded prediction (or failed prediction): what a {@link PredictionMonitor} hands to its
 * worker, its {@link PredictionSink} and its {@link MonitorExtension}s, and what {@link
 * PredictionLogReader} replays.
 *
 * <p>The prediction id is assigned by the monitor (unique per monitor, carried across restarts);
 * the external id is the caller's own request id, if one was given. Delayed labels join on either.
 * The features are present only when the event was sampled (see {@link
 * PredictionMonitor.Builder#inputSampleRate(double)}); the monitor keeps the caller's map without
 * copying it, so callers must not change a map after recording it.
 *
 * <p>Immutable (given an unchanged feature map) and thread-safe.
 */
public final class PredictionEvent {
  private final long id;
  private final String externalId;
  private final long timestampMillis;
  private final String model;
  private final String variant;
  private final int variantIndex;
  private final Map<String, ?> features;
  private final Prediction output;
  private final String error;
  private final long latencyNanos;

  PredictionEvent(long id, String externalId, long timestampMillis, String model, String variant, int variantIndex,
      Map<String, ?> features, Prediction output, String error, long latencyNanos) {
    this.id = id;
    this.externalId = externalId;
    this.timestampMillis = timestampMillis;
    this.model = model;
    this.variant = variant;
    this.variantIndex = variantIndex;
    this.features = features;
    this.output = output;
    this.error = error;
    this.latencyNanos = latencyNanos;
  }

  /**
   * Creates an event (for replay, tests and custom sinks).
   *
   * @param id the prediction id
   * @param externalId the caller's id, if any
   * @param timestamp when the prediction was recorded
   * @param model the monitored model's name
   * @param variant the variant (model version) that served it
   * @param features the sampled features, if sampled
   * @param output the prediction; empty for a failed prediction
   * @param error the error type of a failed prediction; empty for a success
   * @param latencyNanos the prediction's latency in nanoseconds, at least 0
   * @return the event
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the latency is negative, or output and error are both
   *     present or both empty
   */
  public static PredictionEvent of(long id, Optional<String> externalId, Instant timestamp, String model,
      String variant, Optional<? extends Map<String, ?>> features, Optional<Prediction> output,
      Optional<String> error, long latencyNanos) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(variant, "variant");
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must not be negative, got " + latencyNanos);
    }
    if (output.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("an event has either an output or an error, not both or neither");
    }
    return new PredictionEvent(id, externalId.orElse(null), timestamp.toEpochMilli(), model, variant, -1,
        features.orElse(null), output.orElse(null), error.orElse(null), latencyNanos);
  }

  /**
   * Returns the prediction id the monitor assigned.
   *
   * @return the id, at least 0
   */
  public long id() {
    return id;
  }

  /**
   * Returns the caller's own id for the prediction, if one was given.
   *
   * @return the external id, or empty
   */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /**
   * Returns when the prediction was recorded, in milliseconds since the epoch (the monitor's clock).
   *
   * @return the timestamp
   */
  public long timestampMillis() {
    return timestampMillis;
  }

  /**
   * Returns when the prediction was recorded.
   *
   * @return the timestamp
   */
  public Instant timestamp() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /**
   * Returns the monitored model's name.
   *
   * @return the model name
   */
  public String model() {
    return model;
  }

  /**
   * Returns the variant (model version) that served the prediction.
   *
   * @return the variant name
   */
  public String variant() {
    return variant;
  }

  int variantIndex() {
    return variantIndex;
  }

  /**
   * Returns the features, if the event was sampled.
   *
   * @return the caller's feature map, or empty
   */
  public Optional<Map<String, ?>> features() {
    return Optional.ofNullable(features);
  }

  Map<String, ?> rawFeatures() {
    return features;
  }

  /**
   * Returns the prediction; empty for a failed prediction.
   *
   * @return the output, or empty
   */
  public Optional<Prediction> output() {
    return Optional.ofNullable(output);
  }

  Prediction rawOutput() {
    return output;
  }

  /**
   * Returns the error type of a failed prediction.
   *
   * @return the error type, or empty for a success
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * Tells whether the prediction failed.
   *
   * @return true for a failed prediction
   */
  public boolean isError() {
    return error != null;
  }

  /**
   * Returns the latency of the prediction.
   *
   * @return nanoseconds, at least 0
   */
  public long latencyNanos() {
    return latencyNanos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictionEvent e && e.id == id && e.timestampMillis == timestampMillis
        && e.latencyNanos == latencyNanos && Objects.equals(e.externalId, externalId) && e.model.equals(model)
        && e.variant.equals(variant) && Objects.equals(e.features, features) && Objects.equals(e.output, output)
        && Objects.equals(e.error, error);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + variant.hashCode();
  }

  @Override
  public String toString() {
    return "PredictionEvent[" + model + "/" + variant + " #" + id + (error != null ? ", error " + error : "")
        + ", " + latencyNanos + " ns]";
  }
}
