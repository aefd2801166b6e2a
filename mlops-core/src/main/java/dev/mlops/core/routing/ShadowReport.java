package dev.mlops.core.routing;

import java.util.Map;
import java.util.Objects;

/**
 * What one shadow variant did: how many calls were submitted, dropped (the executor was full),
 * completed, failed and timed out, how often its output agreed with the primary's, and both output
 * distributions over the requests it mirrored.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param shadow the shadow variant's name
 * @param submitted calls handed to the shadow executor
 * @param dropped calls refused because the executor's queue was full (or it was closed)
 * @param completed calls that returned an output within the timeout
 * @param errors calls that threw
 * @param timeouts calls that exceeded the timeout
 * @param agreements completed calls whose output agreed with the primary's
 * @param meanNanos the mean duration of the finished calls, NaN when none
 * @param primaryOutputs the primary's outputs on the mirrored requests, by category
 * @param shadowOutputs the shadow's outputs, by category
 */
public record ShadowReport(String shadow, long submitted, long dropped, long completed, long errors, long timeouts,
    long agreements, double meanNanos, Map<String, Long> primaryOutputs, Map<String, Long> shadowOutputs) {
  /**
   * Copies the maps.
   *
   * @param shadow the name
   * @param submitted submitted calls
   * @param dropped dropped calls
   * @param completed completed calls
   * @param errors failed calls
   * @param timeouts timed-out calls
   * @param agreements agreeing calls
   * @param meanNanos the mean duration
   * @param primaryOutputs the primary's distribution
   * @param shadowOutputs the shadow's distribution
   */
  public ShadowReport {
    Objects.requireNonNull(shadow, "shadow");
    primaryOutputs = Map.copyOf(primaryOutputs);
    shadowOutputs = Map.copyOf(shadowOutputs);
  }

  /**
   * Returns the share of completed calls that agreed with the primary.
   *
   * @return the agreement rate, NaN when none completed
   */
  public double agreementRate() {
    return completed == 0 ? Double.NaN : agreements / (double) completed;
  }
}
