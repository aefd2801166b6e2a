package dev.mlops.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * When a variant's circuit breaker opens: over the last {@code window} calls of the variant (at
 * least {@code minimumCalls} of them), a failure rate (exceptions and timeouts) at or above
 * {@code failureRate} opens the breaker; while open, the router sends the variant's traffic to the
 * fallback; after {@code openFor} it lets calls through again (half-open), and the first success
 * closes the breaker while the first failure opens it for another {@code openFor}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param window how many recent calls are counted, in [1, 10000]
 * @param minimumCalls how many calls the window needs before it can open the breaker, in [1, window]
 * @param failureRate the failure rate that opens it, in (0, 1]
 * @param openFor how long it stays open, positive
 */
public record CircuitBreakerPolicy(int window, int minimumCalls, double failureRate, Duration openFor) {
  /**
   * Validates the components.
   *
   * @param window the window
   * @param minimumCalls the minimum calls
   * @param failureRate the threshold
   * @param openFor the open time
   */
  public CircuitBreakerPolicy {
    Objects.requireNonNull(openFor, "openFor");
    if (window < 1 || window > 10_000 || minimumCalls < 1 || minimumCalls > window) {
      throw new IllegalArgumentException("window is in [1, 10000] and minimumCalls in [1, window]");
    }
    if (!(failureRate > 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("failureRate is in (0, 1]");
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("openFor is positive");
    }
  }

  /**
   * The defaults: 50% failures over the last 20 calls (at least 10) open it for 30 seconds.
   *
   * @return the default policy
   */
  public static CircuitBreakerPolicy defaults() {
    return new CircuitBreakerPolicy(20, 10, 0.5, Duration.ofSeconds(30));
  }
}
