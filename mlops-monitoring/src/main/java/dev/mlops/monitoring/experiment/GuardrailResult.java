package dev.mlops.monitoring.experiment;

/**
 * One guardrail evaluated for one treatment at one look.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param guardrail the guardrail's name
 * @param treatment the treatment variant
 * @param controlValue the control's value (rate or mean)
 * @param treatmentValue the treatment's value
 * @param degradation how much worse the treatment is (positive = worse), in the metric's units
 * @param margin the tolerated degradation
 * @param alwaysValidP the one-sided always-valid p-value of {@code degradation <= margin}
 * @param breached whether the guardrail is breached (the sequential test rejected at some look)
 */
public record GuardrailResult(String guardrail, String treatment, double controlValue, double treatmentValue,
    double degradation, double margin, double alwaysValidP, boolean breached) {

  /**
   * Describes the result in one line.
   *
   * @return the description
   */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "guardrail %s %s: %s %.5g vs control %.5g (degradation %.5g, margin %.5g, always-valid p %.3g)",
        guardrail, breached ? "BREACHED" : "holds", treatment, treatmentValue, controlValue, degradation, margin, alwaysValidP);
  }
}
