package dev.mlops.monitoring.experiment;

import java.util.Objects;

/**
 * One variant's data in an experiment summary.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the variant
 * @param exposures exposures counted (all periods)
 * @param conversions conversions recorded (conversion experiments)
 * @param trials units with a conversion outcome (conversion experiments)
 * @param metric the continuous metric's summary (continuous experiments)
 * @param errors failed calls recorded with outcomes
 * @param calls calls recorded with outcomes
 * @param latencyMillis latency summary
 * @param quality prediction-quality summary
 */
public record VariantSummary(String name, long exposures, long conversions, long trials, SampleSummary metric,
    long errors, long calls, SampleSummary latencyMillis, SampleSummary quality) {
  /**
   * Validates the components.
   *
   * @param name the name
   * @param exposures the exposures
   * @param conversions the conversions
   * @param trials the trials
   * @param metric the metric
   * @param errors the errors
   * @param calls the calls
   * @param latencyMillis the latency
   * @param quality the quality
   */
  public VariantSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(latencyMillis, "latencyMillis");
    Objects.requireNonNull(quality, "quality");
  }

  /**
   * Returns the conversion rate.
   *
   * @return conversions / trials; empty before the first trial
   */
  public java.util.OptionalDouble conversionRate() {
    return trials == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(conversions / (double) trials);
  }
}
