package dev.mlops.monitoring.experiment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One treatment compared with the control at one look.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param treatment the treatment variant
 * @param fixedHorizon the z-test (conversions) or Welch's test (continuous); empty without enough data
 * @param cuped the CUPED comparison, when every metric value came with a covariate
 * @param sequential the always-valid sequential test of the primary metric
 * @param bayesian the Bayesian summary; empty without enough data
 * @param guardrails the guardrails' results
 * @param verdict this comparison's verdict (before the sample-ratio check)
 */
public record Comparison(String treatment, Optional<LiftEstimate> fixedHorizon, Optional<Cuped.Result> cuped,
    SequentialTest.Result sequential, Optional<BayesianComparison.Result> bayesian, List<GuardrailResult> guardrails,
    Verdict verdict) {
  /**
   * Copies the list.
   *
   * @param treatment the treatment
   * @param fixedHorizon the fixed-horizon estimate
   * @param cuped the CUPED result
   * @param sequential the sequential state
   * @param bayesian the Bayesian summary
   * @param guardrails the guardrails
   * @param verdict the verdict
   */
  public Comparison {
    Objects.requireNonNull(treatment, "treatment");
    Objects.requireNonNull(fixedHorizon, "fixedHorizon");
    Objects.requireNonNull(cuped, "cuped");
    Objects.requireNonNull(sequential, "sequential");
    Objects.requireNonNull(bayesian, "bayesian");
    guardrails = List.copyOf(guardrails);
    Objects.requireNonNull(verdict, "verdict");
  }
}
