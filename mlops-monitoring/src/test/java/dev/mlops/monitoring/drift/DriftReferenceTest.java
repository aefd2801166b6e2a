package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statistic against the values scipy 1.10 and Evidently's formulas give on the same data,
 * produced by src/test/python/drift_reference.py into drift_reference.json.
 *
 * <p>Tolerance: 1e-9 relative (with an absolute floor of 1e-14 for values that are 0 in the
 * reference) wherever scipy's value is exact; the exceptions are named at their assertion.
 */
class DriftReferenceTest {

  static final double REL = 1e-9;
  static final double ABS_FLOOR = 1e-14;

  static JsonNode reference() {
    try (InputStream in =
        DriftReferenceTest.class.getResourceAsStream("drift_reference.json")) {
      assertThat(in).as("drift_reference.json on the test class path").isNotNull();
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static final JsonNode REFERENCE = reference();

  static Stream<Arguments> numericSets() {
    List<Arguments> sets = new ArrayList<>();
    for (JsonNode set : REFERENCE.get("numeric")) {
      sets.add(Arguments.of(set.get("name").asText(), set));
    }
    return sets.stream();
  }

  static Stream<Arguments> categoricalSets() {
    List<Arguments> sets = new ArrayList<>();
    for (JsonNode set : REFERENCE.get("categorical")) {
      sets.add(Arguments.of(set.get("name").asText(), set));
    }
    return sets.stream();
  }

  static double[] sortedArray(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return DoubleRadixSort.sortedCopy(out);
  }

  static long[] longArray(JsonNode node) {
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asLong();
    }
    return out;
  }

  static double value(JsonNode node) {
    if (node.isTextual()) {
      return Double.parseDouble(node.asText());
    }
    return node.asDouble();
  }

  static void assertClose(String what, double actual, JsonNode expectedNode, double rel) {
    double expected = value(expectedNode);
    if (Double.isInfinite(expected)) {
      assertThat(actual).as(what).isEqualTo(expected);
      return;
    }
    double tolerance = Math.max(rel * Math.abs(expected), ABS_FLOOR);
    assertThat(Math.abs(actual - expected))
        .as("%s: actual %s, reference %s", what, actual, expected)
        .isLessThanOrEqualTo(tolerance);
  }

  static void assertPair(String what, StatResult result, JsonNode pair, double relStat, double relP) {
    assertClose(what + " statistic", result.statistic(), pair.get(0), relStat);
    assertClose(what + " p-value", result.pValue().getAsDouble(), pair.get(1), relP);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericSets")
  @DisplayName("Kolmogorov–Smirnov agrees with scipy's ks_2samp for exact, asymp and auto")
  void kolmogorovSmirnov_matchesScipy(String name, JsonNode set) {
    double[] ref = sortedArray(set.get("reference"));
    double[] cur = sortedArray(set.get("current"));
    JsonNode v = set.get("values");
    String[] keys = {"ks_exact", "ks_asymp", "ks_auto"};
    KsMethod[] methods = {KsMethod.EXACT, KsMethod.ASYMPTOTIC, KsMethod.AUTO};
    for (int i = 0; i < keys.length; i++) {
      StatResult r = NumericStatistics.kolmogorovSmirnov(ref, cur, methods[i]);
      JsonNode pair = v.get(keys[i]);
      assertThat(r.pValue().getAsDouble()).isBetween(0.0, 1.0);
      assertClose(name + " " + keys[i] + " statistic", r.statistic(), pair.get(0), REL);
      if (pair.get(1).isNull()) {
        // scipy gives NaN for n1 = n2 = 1 (kstwo with n = round(0.5) = 0); we use n = 1
        assertThat(ref.length + cur.length).isEqualTo(2);
        continue;
      }
      assertClose(name + " " + keys[i] + " p-value", r.pValue().getAsDouble(), pair.get(1), REL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericSets")
  @DisplayName("Wasserstein, normed Wasserstein and energy distance agree with scipy / Evidently")
  void distances_matchScipyAndEvidently(String name, JsonNode set) {
    double[] ref = sortedArray(set.get("reference"));
    double[] cur = sortedArray(set.get("current"));
    JsonNode v = set.get("values");
    assertClose(name + " wasserstein", NumericStatistics.wasserstein(ref, cur).statistic(),
        v.get("wasserstein"), REL);
    assertClose(name + " wasserstein normed",
        NumericStatistics.wassersteinNormed(ref, cur, 0.001).statistic(),
        v.get("wasserstein_normed"), REL);
    assertClose(name + " energy", NumericStatistics.energyDistance(ref, cur).statistic(),
        v.get("energy"), REL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericSets")
  @DisplayName("binned PSI, KL, Jensen–Shannon, TVD and Hellinger agree with Evidently's formulas")
  void binned_matchEvidently(String name, JsonNode set) {
    double[] ref = sortedArray(set.get("reference"));
    double[] cur = sortedArray(set.get("current"));
    JsonNode v = set.get("values");
    assertThat(NumericStatistics.binEdges(ref, cur, OptionalInt.empty()))
        .hasSize(v.get("bins").asInt() + 1);
    BiFunction<DriftMethod, String, Void> check =
        (method, key) -> {
          assertClose(name + " " + key,
              NumericStatistics.binned(method, ref, cur, OptionalInt.empty()).statistic(),
              v.get(key), REL);
          return null;
        };
    check.apply(DriftMethod.POPULATION_STABILITY_INDEX, "psi");
    check.apply(DriftMethod.KL_DIVERGENCE, "kl");
    check.apply(DriftMethod.JENSEN_SHANNON, "js");
    check.apply(DriftMethod.TOTAL_VARIATION, "tvd");
    if (ref[0] != ref[ref.length - 1] || cur[0] != cur[cur.length - 1] || ref[0] != cur[0]) {
      // Evidently returns 1 for two identical constant samples (its bin width is 0); we return 0
      check.apply(DriftMethod.HELLINGER, "hellinger");
      // Evidently's own formula cancels near 0: it agrees to 1e-7 absolute
      assertThat(NumericStatistics.binned(DriftMethod.HELLINGER, ref, cur, OptionalInt.empty())
          .statistic()).isCloseTo(value(v.get("hellinger_evidently")),
              org.assertj.core.data.Offset.offset(1e-7));
    } else {
      assertThat(NumericStatistics.binned(DriftMethod.HELLINGER, ref, cur, OptionalInt.empty())
          .statistic()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericSets")
  @DisplayName("Anderson–Darling, Cramér–von Mises, Mann–Whitney, Welch, Epps–Singleton and the MMD"
      + " statistic agree with scipy")
  void rankAndMomentTests_matchScipy(String name, JsonNode set) {
    double[] ref = sortedArray(set.get("reference"));
    double[] cur = sortedArray(set.get("current"));
    JsonNode v = set.get("values");
    if (v.has("anderson")) {
      // scipy's p-value is its own interpolation (capped to [0.001, 0.25]); we reproduce that
      // interpolation, so the same 1e-9 applies to both numbers
      assertPair(name + " anderson", NumericStatistics.andersonDarling(ref, cur),
          v.get("anderson"), REL, REL);
    }
    if (v.has("cvm")) {
      assertPair(name + " cvm", NumericStatistics.cramerVonMises(ref, cur), v.get("cvm"), REL, REL);
    }
    assertPair(name + " mann-whitney", NumericStatistics.mannWhitney(ref, cur),
        v.get("mannwhitney"), REL, REL);
    if (v.has("welch") && !v.get("welch").get(0).isNull()) {
      assertPair(name + " welch", NumericStatistics.welchT(ref, cur), v.get("welch"), REL, REL);
    }
    if (v.has("epps")) {
      // a pseudo-inverse of a 4x4 covariance estimate (Commons Math's SVD here, LAPACK's in
      // numpy): agreement at 1e-9 on these sets; an ill-conditioned estimate would amplify the
      // last-bit differences of the two SVDs
      assertPair(name + " epps-singleton", NumericStatistics.eppsSingleton(ref, cur),
          v.get("epps"), 1e-9, 1e-9);
    }
    if (v.has("mmd")) {
      assertClose(name + " mmd",
          NumericStatistics.maximumMeanDiscrepancy(ref, cur, 10, 1L).statistic(), v.get("mmd"),
          REL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("categoricalSets")
  @DisplayName("categorical distances and tests agree with scipy / Evidently")
  void categorical_matchScipyAndEvidently(String name, JsonNode set) {
    long[] ref = longArray(set.get("reference"));
    long[] cur = longArray(set.get("current"));
    JsonNode v = set.get("values");
    assertClose(name + " psi", CategoricalStatistics.populationStabilityIndex(ref, cur).statistic(),
        v.get("psi"), REL);
    assertClose(name + " kl", CategoricalStatistics.klDivergence(ref, cur).statistic(),
        v.get("kl"), REL);
    assertClose(name + " js", CategoricalStatistics.jensenShannon(ref, cur).statistic(),
        v.get("js"), REL);
    assertClose(name + " js base e",
        CategoricalStatistics.jensenShannon(ref, cur, Math.E).statistic(), v.get("js_e"), REL);
    assertClose(name + " tvd", CategoricalStatistics.totalVariation(ref, cur).statistic(),
        v.get("tvd"), REL);
    assertClose(name + " linf", CategoricalStatistics.lInfinity(ref, cur).statistic(),
        v.get("linf"), REL);
    assertClose(name + " hellinger", CategoricalStatistics.hellinger(ref, cur).statistic(),
        v.get("hellinger"), REL);
    assertThat(CategoricalStatistics.hellinger(ref, cur).statistic())
        .isCloseTo(value(v.get("hellinger_evidently")), org.assertj.core.data.Offset.offset(1e-7));
    assertPair(name + " chi2", CategoricalStatistics.chiSquare(ref, cur), v.get("chi2"), REL, REL);
    assertPair(name + " g", CategoricalStatistics.gTest(ref, cur), v.get("g"), REL, REL);
    assertPair(name + " chi2 goodness of fit",
        CategoricalStatistics.chiSquareGoodnessOfFit(ref, cur), v.get("chi2_gof"), REL, REL);
    if (ref.length == 2) {
      assertPair(name + " z", CategoricalStatistics.zTest(ref, cur), v.get("z"), REL, REL);
      assertPair(name + " fisher", CategoricalStatistics.fisherExact(ref, cur),
          v.get("fisher").get(0).isNull()
              ? new ObjectMapper().createArrayNode().add(1.0).add(v.get("fisher").get(1))
              : v.get("fisher"), REL, REL);
    }
  }

  @Test
  @DisplayName("the one-sample Kolmogorov distribution agrees with scipy's kstwo.sf on every branch")
  void kolmogorovDistribution_matchesScipyKstwo() {
    for (JsonNode row : REFERENCE.get("kstwo_sf")) {
      long n = row.get(0).asLong();
      double d = row.get(1).asDouble();
      assertClose("kstwo.sf(" + d + ", " + n + ")", KolmogorovDistribution.kolmogornSf(n, d),
          row.get(2), REL);
    }
  }

  @Test
  void referenceFile_coversTheListedCases() {
    assertThat(REFERENCE.get("scipy").asText()).startsWith("1.");
    assertThat(REFERENCE.get("numeric").size()).isGreaterThanOrEqualTo(20);
    assertThat(REFERENCE.get("categorical").size()).isGreaterThanOrEqualTo(10);
  }
}
