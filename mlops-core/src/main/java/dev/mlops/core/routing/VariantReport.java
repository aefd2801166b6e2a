package dev.mlops.core.routing;

import java.util.Objects;

/**
 * One variant's counters in a router.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the variant's name
 * @param share the variant's share of the buckets now (0 for a bandit router)
 * @param decisions decisions that chose it (after overrides and circuit breakers)
 * @param failures its calls that threw or timed out
 * @param timeouts its calls that timed out (included in failures)
 * @param fallbacks its failed calls the fallback answered instead
 * @param breaker its circuit breaker's state
 * @param breakerOpenings how many times its breaker opened
 */
public record VariantReport(String name, double share, long decisions, long failures, long timeouts, long fallbacks,
    BreakerState breaker, long breakerOpenings) {
  /**
   * Validates the components.
   *
   * @param name the name
   * @param share the share
   * @param decisions the decisions
   * @param failures the failures
   * @param timeouts the timeouts
   * @param fallbacks the fallbacks
   * @param breaker the breaker state
   * @param breakerOpenings the openings
   */
  public VariantReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(breaker, "breaker");
  }
}
