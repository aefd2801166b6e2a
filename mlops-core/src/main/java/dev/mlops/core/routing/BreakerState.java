package dev.mlops.core.routing;

/**
 * The state of a variant's circuit breaker.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum BreakerState {
  /** Traffic flows. */
  CLOSED,
  /** Traffic goes to the fallback. */
  OPEN,
  /** The open time has passed; the next call decides between closed and open. */
  HALF_OPEN
}
