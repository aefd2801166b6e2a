package dev.mlops.monitoring.retrain;

import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a retraining runs, handed to the {@link RetrainingJob}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model name the new version is registered under
 * @param reason a sentence: what triggered it (sustained drift, a performance drop, a manual trigger)
 * @param trigger the signal's source: an alert rule's name, or {@code manual}
 * @param requestedAt when the retraining was triggered (the policy's clock)
 * @param current the version the policy's alias pointed at when it was triggered, if any
 */
public record RetrainingRequest(String model, String reason, String trigger, Instant requestedAt,
    Optional<ModelVersion> current) {

  /**
   * Validates.
   *
   * @param model the model name
   * @param reason the reason
   * @param trigger the signal's source
   * @param requestedAt when it was triggered
   * @param current the current version, if any
   * @throws NullPointerException if an argument is null
   */
  public RetrainingRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(current, "current");
  }
}
