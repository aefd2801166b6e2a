package dev.mlops.registry.promotion;

import java.util.ArrayList;
import java.util.List;

/** The rule-based policy. Immutable and thread-safe. */
final class RulePolicy implements PromotionPolicy {
  static final RulePolicy NONE = new RulePolicy(List.of());
  private final List<PromotionRule> rules;

  RulePolicy(List<PromotionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public boolean appliesTo(String name, String alias) {
    return rules.stream().anyMatch(r -> r.appliesTo(name, alias));
  }

  @Override
  public List<UnmetRequirement> check(PromotionRequest request) {
    List<UnmetRequirement> out = new ArrayList<>();
    for (PromotionRule r : rules) {
      if (r.appliesTo(request.version().name(), request.alias())) {
        out.addAll(r.check(request));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "PromotionPolicy" + rules;
  }
}
