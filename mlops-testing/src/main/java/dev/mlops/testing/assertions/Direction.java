package dev.mlops.testing.assertions;

/**
 * Which way a directional expectation says a score must move.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum Direction {
  /** The score must not decrease (beyond the tolerance). */
  UP,
  /** The score must not increase (beyond the tolerance). */
  DOWN
}
