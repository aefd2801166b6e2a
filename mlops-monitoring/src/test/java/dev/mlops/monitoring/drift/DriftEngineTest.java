package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftEngineTest {

  static double[] normal(long seed, int n, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      v[i] = mean + Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
    return v;
  }

  static String[] categories(long seed, int n, String... labels) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = labels[r.nextInt(labels.length)];
    }
    return v;
  }

  static double[] sorted(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c;
  }

  @Test
  void compare_smallNumericReference_usesKsAndMatchesTheStatisticsDirectly() {
    double[] ref = normal(1, 800, 0);
    double[] cur = normal(2, 600, 0.3);
    DriftReport report = DriftEngine.defaults().compare(Frame.of(new NumericColumn("x", ref)),
        Frame.of(new NumericColumn("x", cur)));
    ColumnDrift x = report.column("x");
    StatResult direct = NumericStatistics.compute(DriftMethod.KOLMOGOROV_SMIRNOV, sorted(ref), sorted(cur),
        NumericOptions.defaults());
    assertThat(x.status()).isEqualTo(ColumnStatus.TESTED);
    assertThat(x.method()).contains(DriftMethod.KOLMOGOROV_SMIRNOV);
    assertThat(x.statistic().getAsDouble()).isEqualTo(direct.statistic());
    assertThat(x.pValue().getAsDouble()).isEqualTo(direct.pValue().getAsDouble());
    assertThat(x.threshold().getAsDouble()).isEqualTo(0.05);
    assertThat(x.drifted()).isTrue();
    assertThat(x.referenceCount()).isEqualTo(800);
    assertThat(x.currentCount()).isEqualTo(600);
    assertThat(x.reason()).contains("800 reference values (<= 1000)");
    assertThat(report.datasetDrift()).isTrue();
  }

  @Test
  void compare_largeNumericReference_usesNormedWassersteinThreshold01() {
    double[] ref = normal(3, 5000, 0);
    double[] cur = normal(4, 3000, 0.05);
    ColumnDrift x = DriftEngine.defaults().compare(Frame.of(new NumericColumn("x", ref)),
        Frame.of(new NumericColumn("x", cur))).column("x");
    StatResult direct = NumericStatistics.wassersteinNormed(sorted(ref), sorted(cur), 0.001);
    assertThat(x.method()).contains(DriftMethod.WASSERSTEIN_NORMED);
    assertThat(x.statistic().getAsDouble()).isEqualTo(direct.statistic());
    assertThat(x.pValue()).isEmpty();
    assertThat(x.threshold().getAsDouble()).isEqualTo(0.1);
    assertThat(x.drifted()).isEqualTo(direct.statistic() >= 0.1);
  }

  @Test
  void compare_numericWithFewValues_isTestedAsCategoriesWithEvidentlysChoice() {
    double[] ref = new double[600];
    double[] cur = new double[500];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 3;
    }
    for (int i = 0; i < cur.length; i++) {
      cur[i] = i % 4; // the value 3 is new
    }
    ColumnDrift x = DriftEngine.defaults().compare(Frame.of(new NumericColumn("k", ref)),
        Frame.of(new NumericColumn("k", cur))).column("k");
    assertThat(x.method()).contains(DriftMethod.CHI_SQUARE);
    assertThat(x.methodDetail()).contains("goodness of fit");
    assertThat(x.newCategories()).containsExactly("3");
    StatResult direct = CategoricalStatistics.chiSquareGoodnessOfFit(new long[] {200, 200, 200, 0},
        new long[] {125, 125, 125, 125});
    assertThat(x.pValue().getAsDouble()).isEqualTo(direct.pValue().getAsDouble());
    assertThat(x.drifted()).isTrue();
  }

  @Test
  void compare_categoricalColumns_alignCategoriesAndReportNewOnes() {
    String[] ref = categories(5, 3000, "a", "b", "c");
    String[] cur = categories(6, 2000, "a", "b", "c", "d");
    ColumnDrift x = DriftEngine.defaults().compare(Frame.of(new CategoricalColumn("c", ref)),
        Frame.of(new CategoricalColumn("c", cur))).column("c");
    assertThat(x.method()).contains(DriftMethod.JENSEN_SHANNON);
    assertThat(x.newCategories()).containsExactly("d");
    assertThat(x.distribution().orElseThrow().labels()).contains("a", "b", "c", "d");
    long[] rc = new CategoricalColumn("c", ref).counts();
    long[] cc = new long[4];
    for (String s : cur) {
      cc[s.charAt(0) - 'a']++;
    }
    // ref labels appear in first-seen order; map both to a, b, c, d order
    long[] rcAbc = new long[4];
    var refCol = new CategoricalColumn("c", ref);
    for (int i = 0; i < rc.length; i++) {
      rcAbc[refCol.labels().get(i).charAt(0) - 'a'] = rc[i];
    }
    StatResult direct = CategoricalStatistics.jensenShannon(rcAbc, cc);
    assertThat(x.statistic().getAsDouble()).isCloseTo(direct.statistic(), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void compare_binaryCategorical_smallReference_usesZTest() {
    ColumnDrift x = DriftEngine.defaults().compare(
        Frame.of(new CategoricalColumn("b", categories(7, 300, "yes", "no"))),
        Frame.of(new CategoricalColumn("b", categories(8, 300, "yes", "no")))).column("b");
    assertThat(x.method()).contains(DriftMethod.Z_TEST);
  }

  @Test
  void override_methodThresholdBinsAndType_areApplied() {
    double[] ref = normal(9, 3000, 0);
    double[] cur = normal(10, 3000, 0.1);
    DriftEngine engine = DriftEngine.builder()
        .override("a", ColumnOverride.builder().method(DriftMethod.KOLMOGOROV_SMIRNOV).threshold(0.5).build())
        .override("b", ColumnOverride.builder().method(DriftMethod.POPULATION_STABILITY_INDEX).bins(7).build())
        .override("c", ColumnOverride.builder().treatAs(ColumnType.CATEGORICAL).build())
        .build();
    double[] codes = new double[3000];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = i % 7;
    }
    DriftReport r = engine.compare(
        Frame.of(new NumericColumn("a", ref), new NumericColumn("b", ref), new NumericColumn("c", codes)),
        Frame.of(new NumericColumn("a", cur), new NumericColumn("b", cur), new NumericColumn("c", codes)));
    assertThat(r.column("a").method()).contains(DriftMethod.KOLMOGOROV_SMIRNOV);
    assertThat(r.column("a").threshold().getAsDouble()).isEqualTo(0.5);
    assertThat(r.column("a").reason()).contains("override");
    StatResult psi = NumericStatistics.binned(DriftMethod.POPULATION_STABILITY_INDEX, sorted(ref), sorted(cur),
        java.util.OptionalInt.of(7));
    assertThat(r.column("b").statistic().getAsDouble()).isEqualTo(psi.statistic());
    assertThat(r.column("b").methodDetail()).contains("7 equal-width bins");
    assertThat(r.column("c").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(r.column("c").method()).contains(DriftMethod.JENSEN_SHANNON);
    assertThat(r.column("c").statistic().getAsDouble()).isZero();
  }

  @Test
  void correction_bonferroniAndBh_adjustPValuesAcrossColumns() {
    Frame ref = Frame.of(new NumericColumn("a", normal(11, 500, 0)), new NumericColumn("b", normal(12, 500, 0)),
        new NumericColumn("c", normal(13, 500, 0)));
    Frame cur = Frame.of(new NumericColumn("a", normal(14, 500, 0.2)), new NumericColumn("b", normal(15, 500, 0.1)),
        new NumericColumn("c", normal(16, 500, 0)));
    DriftReport none = DriftEngine.defaults().compare(ref, cur);
    DriftReport bonf = DriftEngine.builder().correction(Correction.BONFERRONI).build().compare(ref, cur);
    DriftReport bh = DriftEngine.builder().correction(Correction.BENJAMINI_HOCHBERG).build().compare(ref, cur);
    double[] raw = none.columns().stream().mapToDouble(c -> c.pValue().getAsDouble()).toArray();
    for (int i = 0; i < 3; i++) {
      assertThat(bonf.columns().get(i).adjustedPValue().getAsDouble()).isEqualTo(Math.min(1, raw[i] * 3));
      assertThat(bonf.columns().get(i).pValue().getAsDouble()).isEqualTo(raw[i]);
      assertThat(bonf.columns().get(i).drifted()).isEqualTo(Math.min(1, raw[i] * 3) < 0.05);
    }
    double[] expectedBh = Correction.BENJAMINI_HOCHBERG.adjust(raw);
    for (int i = 0; i < 3; i++) {
      assertThat(bh.columns().get(i).adjustedPValue().getAsDouble()).isEqualTo(expectedBh[i]);
    }
    assertThat(bonf.correction()).isEqualTo(Correction.BONFERRONI);
  }

  @Test
  void benjaminiHochberg_matchesRsPAdjust() {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH") = 0.025 0.050 0.050 0.025 0.500
    double[] adj = Correction.BENJAMINI_HOCHBERG.adjust(new double[] {0.01, 0.04, 0.03, 0.005, 0.5});
    assertThat(adj).containsExactly(new double[] {0.025, 0.05, 0.05, 0.025, 0.5},
        org.assertj.core.data.Offset.offset(1e-15));
    assertThat(Correction.BONFERRONI.adjust(new double[] {0.3, 0.01})).containsExactly(0.6, 0.02);
  }

  @Test
  void missingValues_neverReachAStatistic_andTheMissingShareIsItsOwnCheck() {
    double[] ref = normal(17, 900, 0);
    double[] cur = normal(18, 900, 0);
    double[] curWithGaps = cur.clone();
    for (int i = 0; i < curWithGaps.length; i += 3) {
      curWithGaps[i] = i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
    }
    DriftReport r = DriftEngine.defaults().compare(Frame.of(new NumericColumn("x", ref)),
        Frame.of(new NumericColumn("x", curWithGaps)));
    ColumnDrift x = r.column("x");
    double[] finite = Arrays.stream(curWithGaps).filter(Double::isFinite).toArray();
    StatResult direct = NumericStatistics.kolmogorovSmirnov(sorted(ref), sorted(finite), KsMethod.AUTO);
    assertThat(x.statistic().getAsDouble()).isEqualTo(direct.statistic());
    assertThat(x.currentCount()).isEqualTo(600);
    assertThat(x.missing().currentShare()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(x.missing().drifted()).isTrue();
    assertThat(r.missingShareAlerts()).containsExactly("x");
  }

  @Test
  void edgeCases_constantEmptyAndMissingColumns_haveDefinedStatuses() {
    double[] seven = new double[50];
    Arrays.fill(seven, 7.0);
    double[] nan = new double[50];
    Arrays.fill(nan, Double.NaN);
    Frame ref = Frame.of(new NumericColumn("const", seven), new NumericColumn("emptyCur", seven),
        new NumericColumn("emptyRef", nan), new NumericColumn("gone", seven),
        new CategoricalColumn("cat1", categories(1, 50, "only")));
    Frame cur = Frame.of(new NumericColumn("const", seven), new NumericColumn("emptyCur", nan),
        new NumericColumn("emptyRef", seven), new NumericColumn("new", seven),
        new CategoricalColumn("cat1", categories(2, 50, "only")));
    DriftReport r = DriftEngine.defaults().compare(ref, cur);
    assertThat(r.column("const").status()).isEqualTo(ColumnStatus.CONSTANT);
    assertThat(r.column("const").drifted()).isFalse();
    assertThat(r.column("cat1").status()).isEqualTo(ColumnStatus.CONSTANT);
    assertThat(r.column("emptyCur").status()).isEqualTo(ColumnStatus.EMPTY_CURRENT);
    assertThat(r.column("emptyCur").missing().drifted()).isTrue();
    assertThat(r.column("emptyRef").status()).isEqualTo(ColumnStatus.EMPTY_REFERENCE);
    assertThat(r.column("gone").status()).isEqualTo(ColumnStatus.MISSING_IN_CURRENT);
    assertThat(r.column("gone").drifted()).isTrue();
    assertThat(r.column("new").status()).isEqualTo(ColumnStatus.MISSING_IN_REFERENCE);
    // considered: const, cat1, gone -> 1 of 3 drifted
    assertThat(r.consideredColumns()).isEqualTo(3);
    assertThat(r.driftedColumns()).isEqualTo(1);
    assertThat(r.driftShare()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.datasetDrift()).isFalse();
  }

  @Test
  void emptyInputs_giveEmptyStatusesAndNoDrift() {
    DriftReport none = DriftEngine.defaults().compare(Frame.of(), Frame.of());
    assertThat(none.columns()).isEmpty();
    assertThat(none.driftShare()).isZero();
    assertThat(none.datasetDrift()).isFalse();
    DriftReport r = DriftEngine.defaults().compare(
        Frame.of(new NumericColumn("x", new double[0]), new CategoricalColumn("c", new String[0])),
        Frame.of(new NumericColumn("x", normal(1, 10, 0)), new CategoricalColumn("c", categories(1, 10, "a"))));
    assertThat(r.column("x").status()).isEqualTo(ColumnStatus.EMPTY_REFERENCE);
    assertThat(r.column("c").status()).isEqualTo(ColumnStatus.EMPTY_REFERENCE);
    assertThat(r.column("x").missing().referenceShare()).isZero();
    assertThat(r.consideredColumns()).isZero();
    assertThat(r.datasetDrift()).isFalse();
    String json = DriftReportJson.write(r);
    assertThat(json).doesNotContain("NaN");
  }

  @Test
  void constantOnBothSidesButDifferent_isTestedAndDrifts() {
    double[] a = new double[100];
    double[] b = new double[100];
    Arrays.fill(a, 1.0);
    Arrays.fill(b, 2.0);
    ColumnDrift x = DriftEngine.defaults().compare(Frame.of(new NumericColumn("x", a)),
        Frame.of(new NumericColumn("x", b))).column("x");
    assertThat(x.status()).isEqualTo(ColumnStatus.TESTED);
    assertThat(x.method()).contains(DriftMethod.Z_TEST);
    assertThat(x.drifted()).isTrue();
  }

  @Test
  void datasetDrift_atHalfTheColumns() {
    Frame ref = Frame.of(new NumericColumn("a", normal(1, 400, 0)), new NumericColumn("b", normal(2, 400, 0)));
    Frame cur = Frame.of(new NumericColumn("a", normal(3, 400, 2)), new NumericColumn("b", normal(4, 400, 0)));
    DriftReport r = DriftEngine.defaults().compare(ref, cur);
    assertThat(r.driftedColumnNames()).containsExactly("a");
    assertThat(r.driftShare()).isEqualTo(0.5);
    assertThat(r.datasetDrift()).isTrue();
    assertThat(DriftEngine.builder().driftShare(0.6).build().compare(ref, cur).datasetDrift()).isFalse();
  }

  @Test
  void typeMismatch_andInapplicableMethod_raiseTypedErrorsNamingTheColumn() {
    Frame num = Frame.of(new NumericColumn("x", normal(1, 10, 0)));
    Frame cat = Frame.of(new CategoricalColumn("x", categories(1, 10, "a", "b")));
    assertThatThrownBy(() -> DriftEngine.defaults().compare(num, cat))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'x'")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("x");
    DriftEngine ks = DriftEngine.builder()
        .override("x", ColumnOverride.builder().method(DriftMethod.KOLMOGOROV_SMIRNOV).build()).build();
    assertThatThrownBy(() -> ks.compare(cat, cat)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("categorical method");
    DriftEngine asNumber = DriftEngine.builder()
        .override("x", ColumnOverride.builder().treatAs(ColumnType.NUMERIC).build()).build();
    assertThatThrownBy(() -> asNumber.compare(cat, cat)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void parallelAndSequential_giveTheSameReport() {
    Frame ref = Frame.of(new NumericColumn("a", normal(1, 3000, 0)), new NumericColumn("b", normal(2, 3000, 0)),
        new CategoricalColumn("c", categories(3, 3000, "x", "y", "z")));
    Frame cur = Frame.of(new NumericColumn("a", normal(4, 700, 0.2)), new NumericColumn("b", normal(5, 700, 0)),
        new CategoricalColumn("c", categories(6, 700, "x", "y")));
    DriftReport seq = DriftEngine.builder().parallelism(1).build().compare(ref, cur);
    DriftReport par = DriftEngine.builder().parallelism(4).build().compare(ref, cur);
    assertThat(par.columns()).isEqualTo(seq.columns());
  }
}
