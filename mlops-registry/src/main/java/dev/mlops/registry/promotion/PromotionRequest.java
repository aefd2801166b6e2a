package dev.mlops.registry.promotion;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a {@link PromotionPolicy} judges: an alias about to move to a version, with the version's
 * evidence and approvals as the registry holds them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param version the version the alias would point at
 * @param alias the alias
 * @param current the version the alias points at now, if any
 * @param evidence the version's evidence documents, in the order they were attached (each verified
 *     against its digest when read)
 * @param approvals the version's approvals, in the order they were given
 */
public record PromotionRequest(ModelVersion version, String alias, OptionalInt current, List<Evidence> evidence,
    List<Approval> approvals) {

  /**
   * Copies the lists.
   *
   * @param version the version
   * @param alias the alias
   * @param current the alias's current version
   * @param evidence the evidence
   * @param approvals the approvals
   */
  public PromotionRequest {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(current, "current");
    evidence = List.copyOf(evidence);
    approvals = List.copyOf(approvals);
  }
}
