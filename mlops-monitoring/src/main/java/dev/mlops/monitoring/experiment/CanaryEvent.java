package dev.mlops.monitoring.experiment;

import dev.mlops.registry.routing.AliasMove;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link CanaryController#evaluate()} did, and why.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param action what was done
 * @param step the schedule step after the action (-1 once rolled back)
 * @param canaryPercent the canary's share of traffic after the action, in percent
 * @param reason why, in words
 * @param summary the experiment summary the decision was made on
 * @param aliasMove the registry alias move made, if any
 */
public record CanaryEvent(Action action, int step, double canaryPercent, String reason, ExperimentSummary summary,
    Optional<AliasMove> aliasMove) {

  /** What the controller did. Enum constants are immutable and thread-safe. */
  public enum Action {
    /** Nothing: the sample-ratio check fails, so no promotion or rollback decision is taken. */
    HOLD_SAMPLE_RATIO_MISMATCH,
    /** Nothing yet: the step has not collected enough canary exposures. */
    HOLD_COLLECTING,
    /** Nothing: at the last step, without the evidence the controller needs to promote. */
    HOLD_INCONCLUSIVE,
    /** The canary moved to the next step of the schedule. */
    ADVANCED,
    /** The canary was promoted: it is the new stable version. */
    PROMOTED,
    /** The canary was rolled back: its traffic goes to the stable version. */
    ROLLED_BACK,
    /** Nothing: the canary was already promoted or rolled back. */
    FINISHED
  }

  /**
   * Validates the components.
   *
   * @param action the action
   * @param step the step
   * @param canaryPercent the share
   * @param reason the reason
   * @param summary the summary
   * @param aliasMove the move
   */
  public CanaryEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(aliasMove, "aliasMove");
  }
}
