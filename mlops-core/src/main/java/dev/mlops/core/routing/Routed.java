package dev.mlops.core.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one routed request: the output the caller gets, the decision that produced it, and,
 * when the fallback answered, the variant first chosen and why it failed.
 *
 * <p>Instances are immutable and thread-safe (if the output is).
 *
 * @param output the output
 * @param decision who answered: the chosen variant, or the fallback with reason {@link Reason#FALLBACK}
 * @param assignedVariant the variant the decision first chose (the experiment's assignment)
 * @param failure the chosen variant's failure when the fallback answered; empty otherwise
 * @param <O> the output type
 */
public record Routed<O>(O output, Decision decision, String assignedVariant, Optional<Throwable> failure) {
  /**
   * Validates the components.
   *
   * @param output the output
   * @param decision the decision
   * @param assignedVariant the assigned variant
   * @param failure the failure
   */
  public Routed {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(assignedVariant, "assignedVariant");
    Objects.requireNonNull(failure, "failure");
  }
}
