package dev.mlops.monitoring.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An experiment at one look: every variant's data, the sample-ratio check, each treatment's
 * comparison with the control, and the overall verdict.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param experiment the experiment's name
 * @param variants the variants, control first
 * @param sampleRatio the sample-ratio-mismatch check
 * @param comparisons one per treatment
 * @param verdict the overall verdict: blocked while the sample-ratio check fails, else a breach if any
 *     guardrail is breached, else worse if any treatment is worse, better if any is better, else
 *     inconclusive
 */
public record ExperimentSummary(String experiment, List<VariantSummary> variants, SampleRatioMismatch.Result sampleRatio,
    List<Comparison> comparisons, Verdict verdict) {
  /**
   * Copies the lists.
   *
   * @param experiment the name
   * @param variants the variants
   * @param sampleRatio the check
   * @param comparisons the comparisons
   * @param verdict the verdict
   */
  public ExperimentSummary {
    Objects.requireNonNull(experiment, "experiment");
    variants = List.copyOf(variants);
    Objects.requireNonNull(sampleRatio, "sampleRatio");
    comparisons = List.copyOf(comparisons);
    Objects.requireNonNull(verdict, "verdict");
  }

  /**
   * Describes the summary in a few lines, for logs and the console.
   *
   * @return the text
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("experiment ").append(experiment).append(": ").append(verdict).append('\n');
    for (VariantSummary v : variants) {
      sb.append(String.format(Locale.ROOT, "  %-28s exposures %7d", v.name(), v.exposures()));
      if (v.trials() > 0) {
        sb.append(String.format(Locale.ROOT, "  conversion %.4f (%d/%d)", v.conversionRate().orElseThrow(), v.conversions(), v.trials()));
      }
      if (v.metric().n() > 0) {
        sb.append(String.format(Locale.ROOT, "  metric mean %.5g (n %d)", v.metric().mean(), v.metric().n()));
      }
      if (v.calls() > 0) {
        sb.append(String.format(Locale.ROOT, "  errors %.4f  latency %.3g ms", v.errors() / (double) v.calls(),
            v.latencyMillis().mean()));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "  sample ratio: chi2 %.3f, p %.4g%s%n", sampleRatio.chiSquare(),
        sampleRatio.pValue(), sampleRatio.mismatch() ? "  MISMATCH (verdict blocked)" : ""));
    for (Comparison c : comparisons) {
      c.fixedHorizon().ifPresent(e -> sb.append(String.format(Locale.ROOT,
          "  %s vs control: diff %+.5g [%.5g, %.5g], lift %s, fixed-horizon p %.4g%n",
          c.treatment(), e.difference(), e.differenceLow(), e.differenceHigh(),
          e.relative().map(r -> String.format(Locale.ROOT, "%+.2f%% [%.2f%%, %.2f%%]", 100 * r.lift(), 100 * r.low(),
              100 * r.high())).orElse("undefined (control mean 0)"), e.pValue())));
      c.cuped().ifPresent(r -> sb.append(String.format(Locale.ROOT,
          "  CUPED: theta %.4g, variance -%.1f%%, diff %+.5g [%.5g, %.5g]%n", r.theta(), 100 * r.varianceReduction(),
          r.adjusted().difference(), r.adjusted().differenceLow(), r.adjusted().differenceHigh())));
      sb.append(String.format(Locale.ROOT, "  sequential (mSPRT): always-valid p %.4g after %d looks%s%n",
          c.sequential().alwaysValidP(), c.sequential().looks(), c.sequential().rejected() ? ", significant" : ""));
      c.bayesian().ifPresent(b -> sb.append(String.format(Locale.ROOT,
          "  Bayesian: P(beats control) %.4f, expected loss %.3g (treatment) / %.3g (control)%n",
          b.probabilityToBeatControl(), b.expectedLossTreatment(), b.expectedLossControl())));
      for (GuardrailResult g : c.guardrails()) {
        sb.append("  ").append(g.describe()).append('\n');
      }
      sb.append("  verdict for ").append(c.treatment()).append(": ").append(c.verdict()).append('\n');
    }
    return sb.toString();
  }
}
