package dev.mlops.monitoring.monitor;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds window summaries for rule tests without a monitor. */
public final class WindowSummaries {
  private WindowSummaries() {}

  public static WindowSummary of(String model, String variant, long index, Instant end, long predictions, long errors,
      Map<String, Double> metrics) {
    return new WindowSummary(model, variant, index, end, end, predictions, errors, 0, 0, 0, 0, 0,
        new LatencyHistogram().summary(), Map.of(), OptionalDouble.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), metrics);
  }
}
