package dev.mlops.monitoring.retrain;

/**
 * How a retraining attempt ended.
 *
 * <p>Immutable and thread-safe.
 */
public enum RetrainingStatus {
  /** The candidate was registered; no gate was configured, so no alias moved. */
  CANDIDATE,
  /** The candidate was registered and passed the gate; the alias now points at it. */
  PROMOTED,
  /** The candidate was registered but the gate rejected it; the alias did not move. */
  REJECTED,
  /**
   * The candidate passed the gate but the alias had moved since the attempt started (someone else
   * promoted or rolled back); the policy left it where it was.
   */
  ALIAS_CONFLICT,
  /**
   * The job, the registration, the gate or the alias move failed. Nothing was registered when the job or
   * the registration failed; otherwise the candidate stays registered and the alias did not move.
   */
  FAILED
}
