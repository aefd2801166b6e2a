package dev.mlops.registry.promotion;

import java.util.Objects;

/**
 * A requirement of a promotion policy that a version does not meet, and what to do about it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param requirement what is required, e.g. {@code passing 'model-test' evidence of suite 'FraudTest'}
 * @param found what the version has instead
 * @param howToSatisfy what to do to meet it
 */
public record UnmetRequirement(String requirement, String found, String howToSatisfy) {

  /**
   * Validates the components.
   *
   * @param requirement the requirement
   * @param found what was found
   * @param howToSatisfy the remedy
   */
  public UnmetRequirement {
    Objects.requireNonNull(requirement, "requirement");
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(howToSatisfy, "howToSatisfy");
  }

  @Override
  public String toString() {
    return requirement + " (found: " + found + "; to satisfy: " + howToSatisfy + ")";
  }
}
