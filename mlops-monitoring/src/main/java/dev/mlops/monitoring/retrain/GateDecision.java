package dev.mlops.monitoring.retrain;

import java.util.Objects;

/**
 * A {@link PromotionGate}'s verdict on a retrained candidate.
 *
 * <p>Immutable and thread-safe.
 *
 * @param passed whether the candidate may take the alias
 * @param reason a sentence saying why (the metric, its interval, the margin)
 */
public record GateDecision(boolean passed, String reason) {

  /**
   * Validates.
   *
   * @param passed whether the candidate passed
   * @param reason why
   * @throws NullPointerException if the reason is null
   */
  public GateDecision {
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * A passing decision.
   *
   * @param reason why
   * @return the decision
   */
  public static GateDecision pass(String reason) {
    return new GateDecision(true, reason);
  }

  /**
   * A failing decision.
   *
   * @param reason why
   * @return the decision
   */
  public static GateDecision fail(String reason) {
    return new GateDecision(false, reason);
  }
}
