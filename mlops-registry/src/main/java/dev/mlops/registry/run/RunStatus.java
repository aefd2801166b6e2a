package dev.mlops.registry.run;

/**
 * The state of a training run. A run starts {@link #RUNNING} and ends exactly once, in one of the
 * three terminal states. A JVM that dies leaves its runs {@link #RUNNING} with a heartbeat that stops
 * advancing ({@link RunRecord#isStale}); such a run is never reported {@link #FINISHED}.
 */
public enum RunStatus {
  /** Started and not ended (or its process died: see the heartbeat). */
  RUNNING,
  /** Ended normally: {@link Run#finish()} or a {@link Tracking#run} body that returned. */
  FINISHED,
  /** Ended by an exception; the record holds its summary. */
  FAILED,
  /** Stopped before finishing without a recorded error: {@link Run#kill(String)}, a run closed
   * without {@link Run#finish()}, or a run whose heartbeat went stale and was reaped. */
  KILLED;

  /**
   * Tells whether this state is terminal.
   *
   * @return true for FINISHED, FAILED and KILLED
   */
  public boolean isTerminal() {
    return this != RUNNING;
  }
}
