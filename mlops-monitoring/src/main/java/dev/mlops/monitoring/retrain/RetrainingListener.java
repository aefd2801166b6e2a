package dev.mlops.monitoring.retrain;

/**
 * Hears how each retraining attempt ended. Called on the policy's executor after the attempt; a listener
 * that throws is logged and the others still hear.
 */
@FunctionalInterface
public interface RetrainingListener {
  /**
   * Receives an outcome.
   *
   * @param outcome the attempt's outcome
   */
  void onOutcome(RetrainingOutcome outcome);
}
