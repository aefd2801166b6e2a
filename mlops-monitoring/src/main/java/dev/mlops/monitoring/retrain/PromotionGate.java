package dev.mlops.monitoring.retrain;

import dev.mlops.registry.ModelVersion;
import java.util.Optional;

/**
 * The user's check that a retrained candidate may replace the current version: only when it passes does
 * the policy move its alias to the candidate (a compare-and-set against the version the gate saw).
 *
 * <pre>{@code
 * PromotionGate gate = (candidate, current) -> {
 *   MetricEstimate gap = MetricIntervals.defaults().pairedBootstrap(ClassificationMetrics::accuracy,
 *       holdoutLabels, predict(candidate), predict(current.orElseThrow()));
 *   return gap.lower() > -0.01 ? GateDecision.pass("not worse: " + gap) : GateDecision.fail("worse: " + gap);
 * };
 * }</pre>
 *
 * <p>Called on the policy's executor, one candidate at a time.
 */
@FunctionalInterface
public interface PromotionGate {
  /**
   * Decides whether the candidate may take the alias.
   *
   * @param candidate the newly registered candidate version
   * @param current the version the alias points at, if any
   * @return the decision
   * @throws Exception anything; the attempt is reported as {@link RetrainingStatus#FAILED}, the candidate
   *     stays registered and the alias is not moved
   */
  GateDecision evaluate(ModelVersion candidate, Optional<ModelVersion> current) throws Exception;
}
