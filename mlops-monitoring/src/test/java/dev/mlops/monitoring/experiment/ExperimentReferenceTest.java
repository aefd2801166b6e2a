package dev.mlops.monitoring.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statistic against scipy / statsmodels values: {@code src/test/resources/experiment/reference.json},
 * written by {@code src/test/python/experiment_reference.py} (run with {@code /usr/bin/python3}; the
 * command is in the script). The data sets are in the JSON, so both sides compute on the same numbers.
 */
class ExperimentReferenceTest {
  static JsonNode ref;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ExperimentReferenceTest.class.getResourceAsStream("/experiment/reference.json")) {
      if (in == null) {
        throw new IllegalStateException("test resource /experiment/reference.json is missing; run experiment_reference.py");
      }
      ref = new ObjectMapper().readTree(in);
    }
  }

  private static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asDouble();
    }
    return out;
  }

  private static void close(double actual, JsonNode expected, double relTol) {
    double e = expected.asDouble();
    assertThat(actual).isCloseTo(e, within(Math.max(1e-15, Math.abs(e) * relTol)));
  }

  @Test
  void sampleRatioMismatch_matchesScipyChisquare() {
    for (JsonNode c : ref.get("srm")) {
      long[] obs = new long[c.get("observed").size()];
      for (int i = 0; i < obs.length; i++) {
        obs[i] = c.get("observed").get(i).asLong();
      }
      SampleRatioMismatch.Result r = SampleRatioMismatch.test(obs, doubles(c.get("weights")));
      close(r.chiSquare(), c.get("chi2"), 1e-12);
      close(r.pValue(), c.get("p"), 1e-8);
      assertThat(r.mismatch()).isEqualTo(c.get("p").asDouble() < 0.001);
    }
  }

  @Test
  void twoProportionZTest_matchesStatsmodels() {
    for (JsonNode c : ref.get("ztest")) {
      LiftEstimate e = TwoProportionZTest.test(c.get("cS").asLong(), c.get("cN").asLong(), c.get("tS").asLong(),
          c.get("tN").asLong(), 0.95);
      close(e.statistic(), c.get("z"), 1e-10);
      close(e.pValue(), c.get("p"), 1e-8);
      close(e.differenceLow(), c.get("diffLow"), 1e-8);
      close(e.differenceHigh(), c.get("diffHigh"), 1e-8);
      close(e.relative().orElseThrow().lift(), c.get("rel"), 1e-10);
      close(e.relative().orElseThrow().low(), c.get("relLow"), 1e-8);
      close(e.relative().orElseThrow().high(), c.get("relHigh"), 1e-8);
    }
  }

  @Test
  void welchTTest_matchesScipyAndStatsmodels() {
    for (JsonNode c : ref.get("welch")) {
      LiftEstimate e = WelchTTest.test(SampleSummary.of(doubles(c.get("control"))),
          SampleSummary.of(doubles(c.get("treatment"))), 0.95);
      close(e.statistic(), c.get("t"), 1e-10);
      close(e.degreesOfFreedom(), c.get("df"), 1e-10);
      close(e.pValue(), c.get("p"), 1e-7);
      close(e.differenceLow(), c.get("diffLow"), 1e-8);
      close(e.differenceHigh(), c.get("diffHigh"), 1e-8);
      close(e.relative().orElseThrow().lift(), c.get("rel"), 1e-10);
      close(e.relative().orElseThrow().low(), c.get("relLow"), 1e-8);
      close(e.relative().orElseThrow().high(), c.get("relHigh"), 1e-8);
    }
  }

  @Test
  void cuped_matchesTheAdjustedWelchTestInScipy_andReducesVariance() {
    for (JsonNode c : ref.get("cuped")) {
      Cuped.Result r = Cuped.test(PairedSummary.of(doubles(c.get("controlY")), doubles(c.get("controlX"))),
          PairedSummary.of(doubles(c.get("treatmentY")), doubles(c.get("treatmentX"))), 0.95);
      close(r.theta(), c.get("theta"), 1e-10);
      close(r.varianceReduction(), c.get("varianceReduction"), 1e-9);
      close(r.adjusted().statistic(), c.get("t"), 1e-9);
      close(r.adjusted().pValue(), c.get("p"), 1e-7);
      close(r.adjusted().differenceLow(), c.get("diffLow"), 1e-8);
      close(r.adjusted().differenceHigh(), c.get("diffHigh"), 1e-8);
      close(r.unadjusted().statistic(), c.get("rawT"), 1e-9);
      close(r.unadjusted().pValue(), c.get("rawP"), 1e-7);
      assertThat(r.adjusted().differenceHigh() - r.adjusted().differenceLow())
          .isLessThan(r.unadjusted().differenceHigh() - r.unadjusted().differenceLow());
    }
  }

  @Test
  void msprtLikelihoodRatio_matchesTheMixtureIntegratedNumerically() {
    for (JsonNode c : ref.get("msprt")) {
      double llr = SequentialTest.logLikelihoodRatio(c.get("difference").asDouble(), c.get("variance").asDouble(),
          c.get("tau").asDouble(), c.get("theta0").asDouble());
      assertThat(llr).isCloseTo(c.get("logLR").asDouble(), within(1e-8));
    }
  }

  @Test
  void bayesianConversions_matchScipyQuadrature() {
    for (JsonNode c : ref.get("bayesConversions")) {
      BayesianComparison.Result r = BayesianComparison.conversions(c.get("cS").asLong(), c.get("cN").asLong(),
          c.get("tS").asLong(), c.get("tN").asLong(), 1, 1);
      assertThat(r.probabilityToBeatControl()).isCloseTo(c.get("prob").asDouble(), within(1e-7));
      close(r.expectedLossTreatment(), c.get("lossT"), 1e-5);
      close(r.expectedLossControl(), c.get("lossC"), 1e-5);
    }
  }

  @Test
  void bayesianMeans_matchScipyQuadrature() {
    for (JsonNode c : ref.get("bayesMeans")) {
      BayesianComparison.Result r = BayesianComparison.means(
          new SampleSummary(c.get("cN").asLong(), c.get("cMean").asDouble(), c.get("cVar").asDouble()),
          new SampleSummary(c.get("tN").asLong(), c.get("tMean").asDouble(), c.get("tVar").asDouble()));
      close(r.probabilityToBeatControl(), c.get("prob"), 1e-10);
      close(r.expectedLossTreatment(), c.get("lossT"), 1e-7);
      close(r.expectedLossControl(), c.get("lossC"), 1e-7);
    }
  }
}
