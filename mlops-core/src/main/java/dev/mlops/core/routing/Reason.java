package dev.mlops.core.routing;

/**
 * Why a decision chose its variant.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum Reason {
  /** The unit's hash fell in a bucket of the variant (sticky weighted assignment). */
  WEIGHTED,
  /** The unit is forced to the variant (QA, allow-lists). */
  OVERRIDE,
  /** The assignment store already held the unit's variant. */
  STORED,
  /** A bandit policy chose the variant. */
  BANDIT,
  /** The chosen variant failed, timed out or has an open circuit breaker; the fallback answered. */
  FALLBACK;

  private static final Reason[] VALUES = values();

  static Reason of(int ordinal) {
    return VALUES[ordinal];
  }
}
