package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import java.util.Objects;

/**
 * A metric a treatment must not degrade by more than a margin: error rate, latency or prediction
 * quality. Each is evaluated after every look with a one-sided always-valid {@link SequentialTest}
 * of {@code H0: degradation <= margin}; a rejection is a breach, and a breach rolls a canary back
 * ({@link CanaryController}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the guardrail's name, e.g. {@code "error_rate"}
 * @param metric what it watches
 * @param margin the degradation tolerated (absolute, in the metric's units; a rate for errors), not negative
 * @param alpha the sequential test's significance level
 * @param tau the sequential test's mixing standard deviation, in the metric's units
 */
public record Guardrail(String name, Metric metric, double margin, double alpha, double tau) {

  /** What a guardrail watches, and which direction is worse. Enum constants are immutable and thread-safe. */
  public enum Metric {
    /** The share of calls that failed (recorded with {@link Experiment#recordOutcome}); higher is worse. */
    ERROR_RATE,
    /** Mean latency in milliseconds ({@link Experiment#recordOutcome}); higher is worse. */
    LATENCY,
    /** Mean prediction quality, e.g. per-request accuracy against delayed labels
     *  ({@link Experiment#recordQuality}); lower is worse. */
    QUALITY;

    boolean higherIsWorse() {
      return this != QUALITY;
    }
  }

  /**
   * Validates the components.
   *
   * @param name the name
   * @param metric the metric
   * @param margin the margin
   * @param alpha the level
   * @param tau the mixing standard deviation
   * @throws InvalidInputException if a value is out of range
   */
  public Guardrail {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    if (name.isBlank()) {
      throw new InvalidInputException("name", "A guardrail needs a name.");
    }
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new InvalidInputException("margin", "A guardrail's margin is finite and not negative.");
    }
    if (!(alpha > 0 && alpha < 1) || !(tau > 0) || Double.isInfinite(tau)) {
      throw new InvalidInputException("alpha", "alpha is in (0, 1) and tau positive and finite.");
    }
  }

  /**
   * An error-rate guardrail at alpha 0.05.
   *
   * @param margin the tolerated increase of the error rate, e.g. 0.005 for half a point
   * @return the guardrail
   */
  public static Guardrail errorRate(double margin) {
    return new Guardrail("error_rate", Metric.ERROR_RATE, margin, 0.05, Math.max(margin, 0.005));
  }

  /**
   * A latency guardrail at alpha 0.05.
   *
   * @param marginMillis the tolerated increase of mean latency in milliseconds
   * @return the guardrail
   */
  public static Guardrail latencyMillis(double marginMillis) {
    return new Guardrail("latency", Metric.LATENCY, marginMillis, 0.05, Math.max(marginMillis, 1));
  }

  /**
   * A prediction-quality guardrail at alpha 0.05.
   *
   * @param margin the tolerated decrease of mean quality
   * @return the guardrail
   */
  public static Guardrail quality(double margin) {
    return new Guardrail("quality", Metric.QUALITY, margin, 0.05, Math.max(margin, 0.01));
  }
}
