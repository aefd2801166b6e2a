package dev.mlops.monitoring.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.ExposureListener;
import dev.mlops.core.routing.Router;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  private static Experiment conversionExperiment(Guardrail... guardrails) {
    Experiment.Builder b = Experiment.builder("exp").variants("control", "treatment").weights(50, 50).conversion();
    for (Guardrail g : guardrails) {
      b.guardrail(g);
    }
    return b.build();
  }

  @Test
  void srm_catchesADeliberatelyBiasedAssignment_andBlocksTheVerdict() {
    // Real routing at 50/50; the logging drops 4% of the treatment's exposures (a variant that
    // crashes before it logs): the counts no longer follow the weights.
    Experiment biased = conversionExperiment();
    Experiment fair = conversionExperiment();
    SplittableRandom rnd = new SplittableRandom(1);
    ExposureListener lossy = (unit, d) -> {
      if (Decisions.variant(d) == 0 || rnd.nextDouble() >= 0.04) {
        biased.recordExposure(Decisions.variant(d));
      }
    };
    try (Router<Integer, String> r = Router.<Integer, String>builder("srm").variant("control", 50).variant("treatment", 50)
        .exposureListener((u, d) -> {
          lossy.onExposure(u, d);
          fair.recordExposure(Decisions.variant(d));
        }).build()) {
      for (int i = 0; i < 100_000; i++) {
        long d = r.decide("user-" + i);
        boolean converted = rnd.nextDouble() < 0.3;
        biased.recordConversion(Decisions.variant(d), converted);
        fair.recordConversion(Decisions.variant(d), converted);
      }
    }
    ExperimentSummary b = biased.summary();
    assertThat(b.sampleRatio().mismatch()).isTrue();
    assertThat(b.sampleRatio().pValue()).isLessThan(SampleRatioMismatch.ALARM_P);
    assertThat(b.verdict()).isEqualTo(Verdict.BLOCKED_BY_SAMPLE_RATIO_MISMATCH);
    ExperimentSummary f = fair.summary();
    assertThat(f.sampleRatio().mismatch()).isFalse();
    assertThat(f.verdict()).isNotEqualTo(Verdict.BLOCKED_BY_SAMPLE_RATIO_MISMATCH);
    assertThat(b.describe()).contains("MISMATCH");
  }

  @Test
  void srm_followsWeightChanges_withoutAFalseAlarm() {
    Experiment e = conversionExperiment();
    try (Router<Integer, String> r = Router.<Integer, String>builder("srm-ramp").variant("control", 95)
        .variant("treatment", 5).exposureListener(e.exposureListener()).build()) {
      e.setWeights(95, 5);
      for (double[] w : new double[][] {{95, 5}, {75, 25}, {50, 50}}) {
        r.setWeights(w);
        e.setWeights(w);
        for (int i = 0; i < 10_000; i++) {
          r.decide("u-" + w[1] + "-" + i);
        }
      }
    }
    SampleRatioMismatch.Result srm = e.summary().sampleRatio();
    assertThat(srm.mismatch()).as(srm.toString()).isFalse();
    assertThat(srm.expected()[1]).isCloseTo(500 + 2500 + 5000, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void realLift_isDeclaredBetter_andANullOneStaysInconclusive() {
    for (double lift : new double[] {0.03, 0.0}) {
      Experiment e = conversionExperiment();
      SplittableRandom rnd = new SplittableRandom(3);
      ExperimentSummary s = null;
      for (int batch = 0; batch < 20; batch++) {
        for (int i = 0; i < 500; i++) {
          for (int v = 0; v < 2; v++) {
            e.recordExposure(v);
            e.recordConversion(v, rnd.nextDouble() < 0.10 + v * lift);
          }
        }
        s = e.summary();
      }
      Comparison c = s.comparisons().get(0);
      assertThat(c.sequential().looks()).isEqualTo(20);
      assertThat(c.bayesian()).isPresent();
      if (lift > 0) {
        assertThat(s.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
        assertThat(c.bayesian().get().probabilityToBeatControl()).isGreaterThan(0.99);
        assertThat(c.fixedHorizon().get().differenceLow()).isPositive();
      } else {
        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      }
    }
  }

  @Test
  void guardrails_errorRateLatencyAndQuality_breachOnlyBeyondTheirMargin() {
    Experiment e = conversionExperiment(Guardrail.errorRate(0.005), Guardrail.latencyMillis(5), Guardrail.quality(0.02));
    SplittableRandom rnd = new SplittableRandom(5);
    ExperimentSummary s = null;
    for (int batch = 0; batch < 10; batch++) {
      for (int i = 0; i < 1000; i++) {
        for (int v = 0; v < 2; v++) {
          e.recordExposure(v);
          e.recordConversion(v, rnd.nextDouble() < 0.1);
          e.recordOutcome(v, rnd.nextDouble() < (v == 0 ? 0.01 : 0.05), 20 + rnd.nextGaussian() * 3 + (v == 1 ? 2 : 0));
          e.recordQuality(v, rnd.nextDouble() < 0.9 ? 1 : 0);
        }
      }
      s = e.summary();
    }
    Comparison c = s.comparisons().get(0);
    GuardrailResult errors = c.guardrails().get(0);
    GuardrailResult latency = c.guardrails().get(1);
    GuardrailResult quality = c.guardrails().get(2);
    assertThat(errors.breached()).as(errors.describe()).isTrue();
    assertThat(errors.degradation()).isCloseTo(0.04, org.assertj.core.data.Offset.offset(0.01));
    assertThat(latency.breached()).as("2 ms slower is within the 5 ms margin: " + latency.describe()).isFalse();
    assertThat(quality.breached()).as(quality.describe()).isFalse();
    assertThat(s.verdict()).isEqualTo(Verdict.GUARDRAIL_BREACHED);
    assertThat(s.describe()).contains("guardrail error_rate BREACHED");
  }

  @Test
  void continuousMetric_withCovariates_usesCupedInTheSummary() {
    Experiment e = Experiment.builder("rev").variants("control", "treatment").continuous(true).tau(0.5).build();
    SplittableRandom rnd = new SplittableRandom(8);
    for (int i = 0; i < 4000; i++) {
      for (int v = 0; v < 2; v++) {
        double pre = 50 + 10 * rnd.nextGaussian();
        e.recordExposure(v);
        e.recordMetric(v, 0.9 * pre + 3 * rnd.nextGaussian() + (v == 1 ? 0.2 : 0), pre);
      }
    }
    Comparison c = e.summary().comparisons().get(0);
    assertThat(c.cuped()).isPresent();
    Cuped.Result r = c.cuped().get();
    assertThat(r.varianceReduction()).isGreaterThan(0.8);
    assertThat(r.adjusted().differenceLow()).isPositive();
    assertThat(r.unadjusted().differenceLow()).as("without CUPED the effect is within the noise").isNegative();
    assertThat(c.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
  }

  @Test
  void badInput_isRejectedWithTypedErrors() {
    Experiment e = conversionExperiment();
    assertThatThrownBy(() -> e.recordMetric(0, Double.NaN)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> e.recordExposure(5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not one of");
    assertThatThrownBy(() -> e.setWeights(1, 2, 3)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TwoProportionZTest.test(5, 4, 1, 10, 0.95)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TwoProportionZTest.test(1, 10, 1, 10, 1.5)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WelchTTest.test(SampleSummary.of(1, 1), SampleSummary.of(2, 2), 0.95))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("constant");
    assertThatThrownBy(() -> SampleSummary.of(1, Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new SequentialTest(0, 1, 0, SequentialTest.Side.TWO_SIDED)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Experiment.builder("x").variants("a").build()).isInstanceOf(InvalidInputException.class);
    LiftEstimate zero = TwoProportionZTest.test(0, 10, 3, 10, 0.95);
    assertThat(zero.relative()).as("relative lift from a zero control is undefined, so absent").isEmpty();
    assertThat(SampleRatioMismatch.test(new long[] {10, 3}, new double[] {1, 0}).mismatch())
        .as("exposures where the weight is 0").isTrue();
  }
}
