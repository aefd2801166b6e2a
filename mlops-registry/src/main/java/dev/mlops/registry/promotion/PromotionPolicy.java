package dev.mlops.registry.promotion;

import java.util.List;

/**
 * Decides whether an alias may move to a version. The registry consults its policy (set with
 * {@link dev.mlops.registry.ModelRegistry.Builder#promotionPolicy}) in every
 * {@code setAlias}; a non-empty answer refuses the move with a {@link PromotionRefusedException} and
 * leaves the alias unchanged. Removing an alias, and setting it to the version it already points at,
 * are not promotions and are never refused.
 *
 * <pre>{@code
 * PromotionPolicy policy = PromotionPolicy.of(
 *     PromotionRule.forAlias("champion").requirePassingEvidence(Evidence.MODEL_TEST, "FraudModelTest").requireApprovals(2));
 * ModelRegistry registry = ModelRegistry.builder().uri(uri).principal(auth::currentUser).promotionPolicy(policy).build();
 * }</pre>
 *
 * <p>Evidence and approvals are append-only, so a requirement once met stays met: the check and the
 * alias's compare-and-set need no common lock. Implementations must be thread-safe.
 */
public interface PromotionPolicy {

  /**
   * Tells whether the policy has anything to say about an alias of a model; when it does not, the
   * registry skips reading the version's evidence.
   *
   * @param name the model name
   * @param alias the alias
   * @return whether {@link #check} should be called
   */
  boolean appliesTo(String name, String alias);

  /**
   * Judges a move.
   *
   * @param request the move with the version's evidence and approvals
   * @return the requirements not met; empty to allow the move
   */
  List<UnmetRequirement> check(PromotionRequest request);

  /**
   * The policy that allows every move (the registry's default).
   *
   * @return the policy
   */
  static PromotionPolicy none() {
    return RulePolicy.NONE;
  }

  /**
   * A policy made of rules; every rule that applies to an alias must be met.
   *
   * @param rules the rules
   * @return the policy
   */
  static PromotionPolicy of(PromotionRule... rules) {
    return new RulePolicy(List.of(rules));
  }

  /**
   * A policy made of rules; every rule that applies to an alias must be met.
   *
   * @param rules the rules
   * @return the policy
   */
  static PromotionPolicy of(List<PromotionRule> rules) {
    return new RulePolicy(rules);
  }
}
