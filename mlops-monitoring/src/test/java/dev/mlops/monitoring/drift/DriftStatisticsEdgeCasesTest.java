package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DriftStatisticsEdgeCasesTest {

  static final NumericOptions OPTIONS = NumericOptions.builder().mmdPermutations(20).build();

  static StatResult run(DriftMethod m, double[] a, double[] b) {
    return NumericStatistics.compute(m, a, b, OPTIONS);
  }

  @ParameterizedTest
  @EnumSource(value = DriftMethod.class, names = {"L_INFINITY", "CHI_SQUARE", "G_TEST",
      "FISHER_EXACT", "Z_TEST"}, mode = EnumSource.Mode.EXCLUDE)
  void numeric_emptySample_isATypedErrorNamingTheSide(DriftMethod m) {
    assertThatThrownBy(() -> run(m, new double[0], new double[] {1, 2, 3}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("reference sample is empty")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("reference");
    assertThatThrownBy(() -> run(m, new double[] {1, 2, 3}, new double[0]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("current sample is empty");
  }

  @ParameterizedTest
  @EnumSource(value = DriftMethod.class, names = {"L_INFINITY", "CHI_SQUARE", "G_TEST",
      "FISHER_EXACT", "Z_TEST"}, mode = EnumSource.Mode.EXCLUDE)
  void numeric_nanAndInfinities_areRejected(DriftMethod m) {
    double[] ok = {1, 2, 3, 4, 5, 6};
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      double[] withBad = {1, 2, 3, 4, 5, bad};
      assertThatThrownBy(() -> run(m, ok, withBad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("NaN or an infinity at index 5");
    }
    double[] negInf = {Double.NEGATIVE_INFINITY, 1, 2, 3, 4, 5};
    assertThatThrownBy(() -> run(m, negInf, ok)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void numeric_unsortedInput_isACallerBug() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NumericStatistics.wasserstein(new double[] {2, 1}, new double[] {1}))
        .withMessageContaining("not sorted ascending at index 1");
  }

  @Test
  void numeric_categoricalMethod_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(DriftMethod.CHI_SQUARE, new double[] {1}, new double[] {1}))
        .withMessageContaining("CategoricalStatistics");
  }

  /** Methods that give a defined result for one value per side. */
  static final Set<DriftMethod> ONE_VALUE_OK = EnumSet.of(
      DriftMethod.KOLMOGOROV_SMIRNOV, DriftMethod.MANN_WHITNEY, DriftMethod.WASSERSTEIN,
      DriftMethod.WASSERSTEIN_NORMED, DriftMethod.ENERGY_DISTANCE,
      DriftMethod.MAXIMUM_MEAN_DISCREPANCY, DriftMethod.POPULATION_STABILITY_INDEX,
      DriftMethod.KL_DIVERGENCE, DriftMethod.JENSEN_SHANNON, DriftMethod.HELLINGER,
      DriftMethod.TOTAL_VARIATION);

  @ParameterizedTest
  @EnumSource(value = DriftMethod.class, names = {"L_INFINITY", "CHI_SQUARE", "G_TEST",
      "FISHER_EXACT", "Z_TEST"}, mode = EnumSource.Mode.EXCLUDE)
  void numeric_oneValuePerSide_isDefinedOrATypedError(DriftMethod m) {
    double[] a = {1.0};
    double[] b = {2.0};
    if (ONE_VALUE_OK.contains(m)) {
      StatResult r = run(m, a, b);
      assertThat(r.score()).isNotNaN();
      if (m == DriftMethod.WASSERSTEIN) {
        assertThat(r.statistic()).isEqualTo(1.0);
      }
      if (m == DriftMethod.WASSERSTEIN_NORMED) {
        assertThat(r.statistic()).isEqualTo(1.0 / 0.001); // std of one value is 0: the floor
      }
      if (m == DriftMethod.KOLMOGOROV_SMIRNOV) {
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue().getAsDouble()).isEqualTo(1.0);
      }
    } else {
      assertThatThrownBy(() -> run(m, a, b)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(m.name());
    }
  }

  @Test
  void ksAsymptotic_oneValuePerSide_isOneNotNaN() {
    // scipy's kstwo gets n = round(0.5) = 0 here and returns NaN
    StatResult r = NumericStatistics.kolmogorovSmirnov(
        new double[] {1}, new double[] {2}, KsMethod.ASYMPTOTIC);
    assertThat(r.pValue().getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void constantSamples_equal_giveNoDriftAndZeroDistances() {
    double[] a = {3, 3, 3, 3, 3, 3};
    double[] b = {3, 3, 3, 3};
    for (DriftMethod m : DriftMethod.values()) {
      if (!m.numeric() || m == DriftMethod.ANDERSON_DARLING || m == DriftMethod.EPPS_SINGLETON) {
        continue;
      }
      StatResult r = run(m, a, b);
      if (m.kind() == DriftMethod.Kind.DISTANCE) {
        assertThat(r.statistic()).as(m.name()).isZero();
      } else if (m != DriftMethod.MAXIMUM_MEAN_DISCREPANCY && m != DriftMethod.CRAMER_VON_MISES) {
        assertThat(r.pValue().getAsDouble()).as(m.name()).isEqualTo(1.0);
      }
    }
    assertThatThrownBy(() -> run(DriftMethod.ANDERSON_DARLING, a, b))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("one distinct value");
    assertThatThrownBy(() -> run(DriftMethod.EPPS_SINGLETON, a, new double[] {3, 3, 3, 3, 3}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("constant");
  }

  @Test
  void constantSamples_different_areDrift() {
    double[] a = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    double[] b = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
    assertThat(NumericStatistics.kolmogorovSmirnov(a, b, KsMethod.AUTO).drifted(0.05)).isTrue();
    assertThat(NumericStatistics.welchT(a, b).pValue().getAsDouble()).isZero();
    assertThat(NumericStatistics.wasserstein(a, b).statistic()).isEqualTo(1.0);
    assertThat(NumericStatistics.binned(DriftMethod.TOTAL_VARIATION, a, b, OptionalInt.empty())
        .statistic()).isEqualTo(1.0);
  }

  @Test
  void allTies_mannWhitneyUsesTheTieCorrection() {
    double[] a = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    double[] b = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    StatResult r = NumericStatistics.mannWhitney(a, b);
    assertThat(r.pValue().getAsDouble()).isBetween(0.0, 0.1);
  }

  @Test
  void largeSamples_ksAutoSwitchesToAsymptotic_andStaysFast() {
    double[] a = new double[200_000];
    double[] b = new double[150_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(i) * 3;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.sin(i * 1.3) * 3 + 0.01;
    }
    DoubleRadixSort.sort(a);
    DoubleRadixSort.sort(b);
    StatResult auto = NumericStatistics.kolmogorovSmirnov(a, b, KsMethod.AUTO);
    StatResult asymp = NumericStatistics.kolmogorovSmirnov(a, b, KsMethod.ASYMPTOTIC);
    assertThat(auto).isEqualTo(asymp);
    assertThat(auto.pValue().getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void categorical_invalidCounts_areTypedErrors() {
    assertThatIllegalArgumentException().isThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.CHI_SQUARE, new long[] {1, 2}, new long[] {1}))
        .withMessageContaining("aligned");
    assertThatThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.CHI_SQUARE, new long[0], new long[0]))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.POPULATION_STABILITY_INDEX, new long[] {1, -1},
            new long[] {1, 1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
    assertThatThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.HELLINGER, new long[] {0, 0},
            new long[] {1, 1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no observation");
    assertThatThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.FISHER_EXACT, new long[] {1, 2, 3},
            new long[] {1, 2, 3}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("exactly 2");
    assertThatIllegalArgumentException().isThrownBy(() ->
        CategoricalStatistics.compute(DriftMethod.WASSERSTEIN, new long[] {1}, new long[] {1}))
        .withMessageContaining("NumericStatistics");
  }

  @Test
  void categorical_categorySeenOnlyInCurrent_isHandled() {
    long[] ref = {50, 50, 0};
    long[] cur = {40, 40, 20};
    assertThat(CategoricalStatistics.chiSquare(ref, cur).drifted(0.05)).isTrue();
    assertThat(CategoricalStatistics.chiSquareGoodnessOfFit(ref, cur).statistic())
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(CategoricalStatistics.populationStabilityIndex(ref, cur).statistic())
        .isFinite().isGreaterThan(0.1);
    assertThat(CategoricalStatistics.klDivergence(cur, ref).statistic()).isFinite();
    assertThat(CategoricalStatistics.lInfinity(ref, cur).statistic()).isEqualTo(0.2);
  }

  @Test
  void emptyFrequencyReplacement_followsEvidently() {
    double[] f = {0.5, 0.0, 0.5};
    CategoricalStatistics.fillEmpty(f);
    assertThat(f[1]).isEqualTo(0.0001);
    double[] g = {0.99995, 0.00005, 0.0};
    CategoricalStatistics.fillEmpty(g);
    assertThat(g[2]).isEqualTo(0.00005 / 1e6);
  }

  @Test
  void statResult_rejectsNaNAndMismatchedShapes() {
    assertThatIllegalArgumentException().isThrownBy(() ->
        StatResult.test(DriftMethod.KOLMOGOROV_SMIRNOV, Double.NaN, 0.5));
    assertThatIllegalArgumentException().isThrownBy(() ->
        StatResult.test(DriftMethod.KOLMOGOROV_SMIRNOV, 0.1, 1.5));
    assertThatIllegalArgumentException().isThrownBy(() ->
        new StatResult(DriftMethod.KOLMOGOROV_SMIRNOV, 0.1, OptionalDouble.empty()));
    assertThatIllegalArgumentException().isThrownBy(() ->
        new StatResult(DriftMethod.WASSERSTEIN, 0.1, OptionalDouble.of(0.2)));
    StatResult test = StatResult.test(DriftMethod.KOLMOGOROV_SMIRNOV, 0.3, 0.01);
    assertThat(test.score()).isEqualTo(0.01);
    assertThat(test.drifted(0.05)).isTrue();
    StatResult distance = StatResult.distance(DriftMethod.WASSERSTEIN, 0.3);
    assertThat(distance.score()).isEqualTo(0.3);
    assertThat(distance.drifted(0.1)).isTrue();
  }

  @Test
  void numericOptions_builderDefaultsAndValidation() {
    assertThat(NumericOptions.builder().build()).isEqualTo(NumericOptions.defaults());
    NumericOptions o = NumericOptions.builder().ksMethod(KsMethod.EXACT).bins(12)
        .mmdPermutations(99).mmdSeed(5).referenceStdFloor(0.01).build();
    assertThat(o.bins()).isEqualTo(OptionalInt.of(12));
    assertThat(o.ksMethod()).isEqualTo(KsMethod.EXACT);
    assertThatIllegalStateException().isThrownBy(() ->
        NumericOptions.builder().bins(3).bins(4));
    assertThatIllegalArgumentException().isThrownBy(() -> NumericOptions.builder().bins(0));
    assertThatIllegalArgumentException().isThrownBy(() ->
        NumericOptions.builder().referenceStdFloor(0.0));
  }

  @Test
  void binning_matchesNumpyEdgesAndCounts() {
    double[] a = {0, 1, 2, 3, 4};
    double[] b = {5, 6, 7, 8, 9, 10};
    double[] edges = NumericStatistics.binEdges(a, b, OptionalInt.empty());
    // Sturges: ceil(log2(11) + 1) = 5 bins over [0, 10]
    assertThat(edges).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(NumericStatistics.binCounts(a, edges)).containsExactly(2, 2, 1, 0, 0);
    assertThat(NumericStatistics.binCounts(b, edges)).containsExactly(0, 0, 1, 2, 3);
    double[] one = NumericStatistics.binEdges(new double[] {2}, new double[] {2},
        OptionalInt.empty());
    assertThat(one).containsExactly(1.5, 2.5);
    assertThatIllegalArgumentException().isThrownBy(() ->
        NumericStatistics.binned(DriftMethod.HELLINGER, a, b, OptionalInt.of(0)))
        .withMessageContaining("bins must be at least 1");
  }
}
