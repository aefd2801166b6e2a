package dev.mlops.registry.promotion;

import dev.mlops.core.Names;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.evidence.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an alias requires of the version it moves to: passing evidence of given kinds (optionally of a
 * named suite) on that exact manifest digest, and a number of approvals, optionally from named
 * approvers only.
 *
 * <pre>{@code
 * PromotionRule champion = PromotionRule.forAlias("champion")
 *     .requirePassingEvidence(Evidence.MODEL_TEST, "FraudModelTest")
 *     .requireApprovals(2, Set.of("alice", "bob", "carol"));
 * }</pre>
 *
 * <p><b>Evidence.</b> For each required kind (and suite), the version's <em>latest</em> evidence of that
 * kind (and suite) recorded against the version's manifest digest must have passed: a later failing
 * run of the same suite withdraws an earlier pass.
 *
 * <p>Instances are immutable and thread-safe; each {@code require...} method returns a new rule.
 */
public final class PromotionRule {
  private final Optional<String> model;
  private final String alias;
  private final List<EvidenceRequirement> evidence;
  private final int approvals;
  private final Set<String> approvers;

  private record EvidenceRequirement(String kind, Optional<String> suite) {
    String describe() {
      return "passing '" + kind + "' evidence" + suite.map(s -> " of suite '" + s + "'").orElse("");
    }

    boolean matches(Evidence e) {
      return e.kind().equals(kind) && suite.map(e.suite()::equals).orElse(true);
    }
  }

  private PromotionRule(Optional<String> model, String alias, List<EvidenceRequirement> evidence, int approvals,
      Set<String> approvers) {
    this.model = model;
    this.alias = alias;
    this.evidence = List.copyOf(evidence);
    this.approvals = approvals;
    this.approvers = Set.copyOf(approvers);
  }

  /**
   * A rule, without requirements yet, for an alias of every model.
   *
   * @param alias the alias, e.g. {@code champion}
   * @return the rule
   * @throws dev.mlops.core.InvalidInputException if the alias is invalid
   */
  public static PromotionRule forAlias(String alias) {
    return new PromotionRule(Optional.empty(), Names.requireAlias(alias), List.of(), 0, Set.of());
  }

  /**
   * A rule, without requirements yet, for an alias of one model.
   *
   * @param name the model name
   * @param alias the alias
   * @return the rule
   * @throws dev.mlops.core.InvalidInputException if the name or alias is invalid
   */
  public static PromotionRule forAlias(String name, String alias) {
    return new PromotionRule(Optional.of(Names.requireModelName(name)), Names.requireAlias(alias), List.of(), 0, Set.of());
  }

  /**
   * Requires passing evidence of a kind, from any suite.
   *
   * @param kind the evidence kind, e.g. {@link Evidence#MODEL_TEST}
   * @return a new rule with the requirement added
   * @throws dev.mlops.core.InvalidInputException if the kind is invalid
   */
  public PromotionRule requirePassingEvidence(String kind) {
    return withEvidence(new EvidenceRequirement(Evidence.requireKind(kind), Optional.empty()));
  }

  /**
   * Requires passing evidence of a kind from a named suite.
   *
   * @param kind the evidence kind
   * @param suite the suite's name, as recorded in the evidence
   * @return a new rule with the requirement added
   * @throws dev.mlops.core.InvalidInputException if the kind or suite is invalid
   */
  public PromotionRule requirePassingEvidence(String kind, String suite) {
    Names.requireText("suite", suite, 512);
    return withEvidence(new EvidenceRequirement(Evidence.requireKind(kind), Optional.of(suite)));
  }

  private PromotionRule withEvidence(EvidenceRequirement r) {
    List<EvidenceRequirement> e = new ArrayList<>(evidence);
    e.add(r);
    return new PromotionRule(model, alias, e, approvals, approvers);
  }

  /**
   * Requires approvals of the version by a number of distinct approvers.
   *
   * @param count how many, at least 1
   * @return a new rule with the requirement
   * @throws IllegalArgumentException if the count is below 1
   * @throws IllegalStateException if approvals were already required
   */
  public PromotionRule requireApprovals(int count) {
    return requireApprovals(count, Set.of());
  }

  /**
   * Requires approvals of the version by a number of distinct approvers from a named set; approvals by
   * anyone else do not count.
   *
   * @param count how many, at least 1
   * @param allowedApprovers the principals whose approvals count; empty for anyone
   * @return a new rule with the requirement
   * @throws IllegalArgumentException if the count is below 1, or above the number of allowed approvers
   * @throws IllegalStateException if approvals were already required
   */
  public PromotionRule requireApprovals(int count, Set<String> allowedApprovers) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    if (!allowedApprovers.isEmpty() && count > allowedApprovers.size()) {
      throw new IllegalArgumentException(count + " approvals can never come from " + allowedApprovers.size() + " approvers");
    }
    if (approvals > 0) {
      throw new IllegalStateException("approvals were already required (" + approvals + ")");
    }
    return new PromotionRule(model, alias, evidence, count, allowedApprovers);
  }

  /**
   * Tells whether the rule governs an alias of a model.
   *
   * @param name the model name
   * @param aliasName the alias
   * @return whether it applies
   */
  public boolean appliesTo(String name, String aliasName) {
    return alias.equals(aliasName) && model.map(name::equals).orElse(true);
  }

  /**
   * Checks a move against this rule.
   *
   * @param request the move
   * @return the requirements not met
   */
  public List<UnmetRequirement> check(PromotionRequest request) {
    ModelVersion v = request.version();
    String ref = v.id().toString();
    List<UnmetRequirement> out = new ArrayList<>();
    for (EvidenceRequirement req : evidence) {
      Evidence latest = null;
      for (Evidence e : request.evidence()) {
        if (req.matches(e) && e.manifestDigest().equals(v.manifestDigest())) {
          latest = e;
        }
      }
      String what = req.describe() + " on " + ref + " (" + v.manifestDigest() + ")";
      String how = "run the suite" + req.suite().map(s -> " '" + s + "'").orElse("") + " against " + ref
          + " and attach its evidence with registry.attachEvidence(\"" + ref + "\", evidence)";
      if (latest == null) {
        out.add(new UnmetRequirement(what, "no such evidence", how));
      } else if (!latest.passed()) {
        String failed = latest.failures().stream().map(r -> r.name()).limit(5).collect(Collectors.joining(", "));
        out.add(new UnmetRequirement(what, "the latest run of suite '" + latest.suite() + "' (" + latest.createdAt()
            + ") failed" + (failed.isEmpty() ? "" : ": " + failed), "fix the failures, then " + how));
      }
    }
    if (approvals > 0) {
      Set<String> counted = new TreeSet<>();
      Set<String> ignored = new LinkedHashSet<>();
      request.approvals().stream()
          .filter(a -> a.manifestDigest().equals(v.manifestDigest()))
          .forEach(a -> (approvers.isEmpty() || approvers.contains(a.approver()) ? counted : ignored).add(a.approver()));
      if (counted.size() < approvals) {
        String from = approvers.isEmpty() ? "" : " from " + new TreeSet<>(approvers);
        String found = counted.size() + (counted.isEmpty() ? "" : " (" + String.join(", ", counted) + ")")
            + (ignored.isEmpty() ? "" : "; not counted: " + String.join(", ", ignored));
        out.add(new UnmetRequirement(approvals + " approval" + (approvals == 1 ? "" : "s") + from + " of " + ref,
            found, "ask " + (approvals - counted.size()) + " more approver" + (approvals - counted.size() == 1 ? "" : "s")
                + from + " to call registry.approve(\"" + ref + "\", comment)"));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "PromotionRule[" + model.map(m -> m + "@").orElse("*@") + alias + ", evidence="
        + evidence.stream().map(EvidenceRequirement::describe).toList() + ", approvals=" + approvals
        + (approvers.isEmpty() ? "" : " from " + new TreeSet<>(approvers)) + "]";
  }

  /**
   * Returns the alias the rule governs.
   *
   * @return the alias
   */
  public String alias() {
    return alias;
  }

  /**
   * Returns the model the rule is limited to, if any.
   *
   * @return the model name, or empty for every model
   */
  public Optional<String> model() {
    return model;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromotionRule r && r.model.equals(model) && r.alias.equals(alias) && r.evidence.equals(evidence)
        && r.approvals == approvals && r.approvers.equals(approvers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, alias, evidence, approvals, approvers);
  }
}
