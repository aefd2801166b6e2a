package dev.mlops.monitoring.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert raised or resolved by an {@link AlertRule} on a closed window. Immutable and
 * thread-safe.
 *
 * @param rule the rule's name
 * @param kind raised or resolved
 * @param model the monitored model
 * @param variant the variant whose window triggered it
 * @param windowIndex the window's number for the variant
 * @param at the window's end
 * @param value the rule's signal on that window
 * @param threshold the threshold it crossed (the raise threshold, or the clear threshold)
 * @param message a sentence for people
 */
public record Alert(String rule, AlertKind kind, String model, String variant, long windowIndex, Instant at,
    double value, double threshold, String message) {
  /**
   * Validates.
   *
   * @param rule the rule's name
   * @param kind raised or resolved
   * @param model the monitored model
   * @param variant the variant
   * @param windowIndex the window's number
   * @param at the window's end
   * @param value the signal
   * @param threshold the threshold crossed
   * @param message a sentence for people
   * @throws NullPointerException if an argument is null
   */
  public Alert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(message, "message");
  }
}
