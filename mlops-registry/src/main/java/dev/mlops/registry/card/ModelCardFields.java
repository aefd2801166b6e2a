package dev.mlops.registry.card;

import dev.mlops.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * What only people can say about a model, written into its {@link ModelCard}: what it is for, what it
 * must not be used for or does badly, and who owns it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param intendedUse what the model is meant for; empty when not written
 * @param limitations known limitations and uses to avoid; empty when not written
 * @param owners the people or teams accountable for it
 */
public record ModelCardFields(String intendedUse, String limitations, List<String> owners) {

  /** No field written. */
  public static final ModelCardFields NONE = new ModelCardFields("", "", List.of());

  /**
   * Validates and copies the components.
   *
   * @param intendedUse the intended use
   * @param limitations the limitations
   * @param owners the owners
   * @throws dev.mlops.core.InvalidInputException if a text is too long, holds control characters other
   *     than tab and line feed, or an owner is empty
   */
  public ModelCardFields {
    Names.requireDescription(Objects.requireNonNull(intendedUse, "intendedUse"));
    Names.requireDescription(Objects.requireNonNull(limitations, "limitations"));
    owners = List.copyOf(owners);
    owners.forEach(o -> Names.requireText("owner", o, 256));
  }
}
