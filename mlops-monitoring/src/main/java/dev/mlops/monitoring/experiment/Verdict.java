package dev.mlops.monitoring.experiment;

/**
 * What an experiment's evidence says now. Verdicts come from the always-valid sequential test, so
 * they may be read after every batch.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum Verdict {
  /** The sample-ratio check fails: no verdict, promotion or rollback until the assignment is fixed. */
  BLOCKED_BY_SAMPLE_RATIO_MISMATCH,
  /** A guardrail is breached: the treatment degrades errors, latency or quality beyond its margin. */
  GUARDRAIL_BREACHED,
  /** The treatment is significantly better on the primary metric. */
  TREATMENT_BETTER,
  /** The treatment is significantly worse on the primary metric. */
  TREATMENT_WORSE,
  /** Not enough evidence either way yet. */
  INCONCLUSIVE
}
