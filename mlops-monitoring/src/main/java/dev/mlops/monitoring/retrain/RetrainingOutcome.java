package dev.mlops.monitoring.retrain;

import dev.mlops.core.artifact.VersionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one retraining attempt, reported to {@link RetrainingListener}s and kept in
 * {@link RetrainingPolicy#history()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status how it ended
 * @param reason what triggered it
 * @param trigger the signal's source (an alert rule's name, or {@code manual})
 * @param runId the training run that recorded it, if one was started
 * @param candidate the registered candidate version, if one was registered
 * @param replaced the version the alias pointed at when the attempt started, if any
 * @param gate the gate's decision, if a gate ran
 * @param failure what failed, for {@link RetrainingStatus#FAILED} and {@link RetrainingStatus#ALIAS_CONFLICT}
 * @param started when the attempt started
 * @param finished when it ended
 */
public record RetrainingOutcome(RetrainingStatus status, String reason, String trigger, Optional<String> runId,
    Optional<VersionId> candidate, Optional<VersionId> replaced, Optional<GateDecision> gate,
    Optional<String> failure, Instant started, Instant finished) {

  /**
   * Validates.
   *
   * @param status how it ended
   * @param reason what triggered it
   * @param trigger the signal's source
   * @param runId the run, if any
   * @param candidate the candidate, if any
   * @param replaced the alias's version at the start, if any
   * @param gate the gate's decision, if any
   * @param failure what failed, if anything
   * @param started when it started
   * @param finished when it ended
   * @throws NullPointerException if an argument is null
   */
  public RetrainingOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(replaced, "replaced");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
  }
}
