package dev.mlops.registry.promotion;

import dev.mlops.core.ConflictException;
import dev.mlops.core.artifact.VersionId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Raised when a promotion policy refuses to move an alias: the version does not meet every requirement
 * the policy sets for that alias. The alias is left unchanged. {@link #unmet()} lists each missing
 * requirement and how to satisfy it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class PromotionRefusedException extends ConflictException {
  private static final long serialVersionUID = 1L;

  /** The version that could not be promoted. */
  private final VersionId version;
  /** The alias that was not moved. */
  private final String alias;
  /** What is missing. */
  private final transient List<UnmetRequirement> unmet;

  /**
   * Creates the exception.
   *
   * @param version the version that could not be promoted
   * @param alias the alias that was not moved
   * @param unmet the requirements the version does not meet (at least one)
   */
  public PromotionRefusedException(VersionId version, String alias, List<UnmetRequirement> unmet) {
    super(version.name() + "@" + alias, "every requirement of the promotion policy", unmet.size() + " unmet",
        message(version, alias, unmet));
    this.version = version;
    this.alias = alias;
    this.unmet = List.copyOf(unmet);
  }

  private static String message(VersionId version, String alias, List<UnmetRequirement> unmet) {
    return "Alias " + version.name() + "@" + alias + " was not moved to version " + version.version()
        + ": the promotion policy requires " + unmet.size() + " more thing" + (unmet.size() == 1 ? "" : "s") + ":\n"
        + unmet.stream().map(u -> "  - " + u.requirement() + "; found " + u.found() + ". To satisfy: " + u.howToSatisfy())
            .collect(Collectors.joining("\n"));
  }

  /**
   * Returns the version that could not be promoted.
   *
   * @return its id
   */
  public VersionId version() {
    return version;
  }

  /**
   * Returns the alias that was not moved.
   *
   * @return the alias
   */
  public String alias() {
    return alias;
  }

  /**
   * Returns the requirements not met.
   *
   * @return each missing requirement with its remedy
   */
  public List<UnmetRequirement> unmet() {
    return unmet;
  }
}
