package dev.mlops.registry.routing;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One alias move made by {@link AliasMoves}: which alias of which model moved from where to where,
 * and why.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param model the model name
 * @param alias the alias moved
 * @param from the version it pointed at before, empty if it was unset
 * @param to the version it points at now
 * @param reason why, as recorded in the registry's audit log
 */
public record AliasMove(String model, String alias, OptionalInt from, int to, String reason) {
  /**
   * Validates the components.
   *
   * @param model the model
   * @param alias the alias
   * @param from the previous version
   * @param to the new version
   * @param reason the reason
   */
  public AliasMove {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Tells whether the alias actually moved.
   *
   * @return false when it already pointed at the target
   */
  public boolean moved() {
    return from.isEmpty() || from.getAsInt() != to;
  }
}
