package dev.mlops.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftMethod;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.drift.ColumnOverride;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceProfileTest {

  static double[] normal(long seed, int n, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return v;
  }

  static String[] labels(long seed, int n, int distinct) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(10) == 0 ? null : "c" + r.nextInt(distinct);
    }
    return v;
  }

  @Test
  void json_roundTrip_keepsEveryFieldAndToleratesUnknownFields() throws Exception {
    double[] big = normal(1, 20_000, 0);
    big[5] = Double.NaN;
    double[] small = normal(2, 20_000, 0);
    double[] codes = new double[20_000];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = i % 4;
    }
    Frame f = Frame.of(new NumericColumn("big", big), new NumericColumn("codes", codes),
        new CategoricalColumn("few", labels(3, 20_000, 5)), new CategoricalColumn("many", labels(4, 20_000, 3000)));
    ReferenceProfile p = ReferenceProfile.builder().build(f);
    ReferenceProfile small2 = ReferenceProfile.of(Frame.of(new NumericColumn("s", java.util.Arrays.copyOf(small, 100))));
    String json = p.toJson();
    ReferenceProfile back = ReferenceProfile.fromJson(json);
    // A frequent-items sketch re-serializes its hash map in another order; compare it by content.
    assertThat(withoutItems(back.toJson())).isEqualTo(withoutItems(json));
    CategoricalProfile mb = (CategoricalProfile) back.column("many").orElseThrow();
    CategoricalProfile mp = (CategoricalProfile) p.column("many").orElseThrow();
    assertThat(mb.knownCategories()).isEqualTo(mp.knownCategories());
    assertThat(mb.maxError()).isEqualTo(mp.maxError());
    assertThat(mb.estimate("c7")).isEqualTo(mp.estimate("c7"));
    assertThat(ReferenceProfile.fromJson(small2.toJson()).toJson()).isEqualTo(small2.toJson());
    NumericProfile nb = (NumericProfile) back.column("big").orElseThrow();
    NumericProfile np = (NumericProfile) p.column("big").orElseThrow();
    assertThat(nb.count()).isEqualTo(19_999);
    assertThat(nb.missingCount()).isEqualTo(1);
    assertThat(nb.quantile(0.5)).isEqualTo(np.quantile(0.5));
    assertThat(nb.mean()).isEqualTo(np.mean());
    assertThat(((NumericProfile) back.column("codes").orElseThrow()).distinctValues().orElseThrow())
        .containsEntry(3.0, 5000L);
    assertThat(((CategoricalProfile) back.column("many").orElseThrow()).exactCounts()).isEmpty();
    assertThat(((CategoricalProfile) back.column("few").orElseThrow()).exactCounts().orElseThrow())
        .isEqualTo(((CategoricalProfile) p.column("few").orElseThrow()).exactCounts().orElseThrow());

    ObjectMapper m = new ObjectMapper();
    ObjectNode tree = (ObjectNode) m.readTree(json);
    tree.put("futureField", "ignored");
    ((ObjectNode) tree.get("columns").get(0)).putObject("futureColumnField").put("x", 1);
    assertThat(withoutItems(ReferenceProfile.fromJson(m.writeValueAsString(tree)).toJson()))
        .isEqualTo(withoutItems(json));
    tree.put("schemaVersion", 2);
    assertThatThrownBy(() -> ReferenceProfile.fromJson(m.writeValueAsString(tree)))
        .isInstanceOf(ProfileFormatException.class).hasMessageContaining("schema version 2");
    assertThatThrownBy(() -> ReferenceProfile.fromJson("{not json"))
        .isInstanceOf(ProfileFormatException.class);
  }

  static String withoutItems(String json) {
    return json.replaceAll("\"frequentItems\" : \"[^\"]*\"", "\"frequentItems\" : \"...\"");
  }

  @ParameterizedTest
  @ValueSource(ints = {10_000, 100_000, 1_000_000, 3_000_000})
  void numericColumnMemory_staysUnder64KiB_whateverTheRowCount(int rows) {
    NumericProfile p = (NumericProfile) ReferenceProfile.builder().parallelism(1).build(
        Frame.of(new NumericColumn("x", normal(rows, rows, 0)))).column("x").orElseThrow();
    int sampleBytes = p.exactSample().map(s -> s.length * 8).orElse(0);
    assertThat(p.exactSample()).isEmpty();
    assertThat(p.sketchSerializedBytes() + sampleBytes).isLessThanOrEqualTo(64 * 1024);
    // The KLL bound for k = 200 and any n up to 2^40 is 6384 bytes.
    assertThat(p.sketchSerializedBytes()).isLessThanOrEqualTo(6384);
    assertThat(p.rankError()).isCloseTo(0.0133, offset(0.0001));
    // the largest column that keeps its sample stays under the limit too
    NumericProfile kept = (NumericProfile) ReferenceProfile.of(Frame.of(new NumericColumn("x",
        normal(1, ReferenceProfile.DEFAULT_EXACT_SAMPLE_LIMIT, 0)))).column("x").orElseThrow();
    assertThat(kept.sketchSerializedBytes() + kept.exactSample().orElseThrow().length * 8)
        .isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void drift_againstProfileWithExactSample_equalsDriftAgainstTheData() {
    Frame ref = Frame.of(new NumericColumn("x", normal(5, 3000, 0)), new CategoricalColumn("c", labels(6, 3000, 4)));
    Frame cur = Frame.of(new NumericColumn("x", normal(7, 2000, 0.1)), new CategoricalColumn("c", labels(8, 2000, 5)));
    DriftReport fromData = DriftEngine.defaults().compare(ref, cur);
    DriftReport fromProfile = DriftEngine.defaults().compare(ReferenceProfile.of(ref), cur);
    assertThat(fromProfile.referenceFromProfile()).isTrue();
    for (String c : new String[] {"x", "c"}) {
      ColumnDrift a = fromData.column(c);
      ColumnDrift b = fromProfile.column(c);
      assertThat(b.statistic()).isEqualTo(a.statistic());
      assertThat(b.drifted()).isEqualTo(a.drifted());
      assertThat(b.approximation()).isEmpty();
      assertThat(b.newCategories()).isEqualTo(a.newCategories());
    }
  }

  @Test
  void drift_againstSketchOnlyProfile_isWithinTheReportedBound() {
    Frame ref = Frame.of(new NumericColumn("x", normal(9, 200_000, 0)));
    ReferenceProfile profile = ReferenceProfile.of(ref);
    assertThat(((NumericProfile) profile.column("x").orElseThrow()).exactSample()).isEmpty();
    for (double shift : new double[] {0.0, 0.05, 0.3}) {
      Frame cur = Frame.of(new NumericColumn("x", normal(10, 50_000, shift)));
      for (DriftMethod m : new DriftMethod[] {DriftMethod.WASSERSTEIN_NORMED, DriftMethod.WASSERSTEIN,
          DriftMethod.KOLMOGOROV_SMIRNOV, DriftMethod.JENSEN_SHANNON, DriftMethod.POPULATION_STABILITY_INDEX}) {
        DriftEngine e = DriftEngine.builder().override("x", ColumnOverride.builder().method(m).build()).build();
        ColumnDrift exact = e.compare(ref, cur).column("x");
        ColumnDrift approx = e.compare(profile, cur).column("x");
        var a = approx.approximation().orElseThrow();
        if (a.quantity().equals("statistic")) {
          assertThat(approx.statistic().getAsDouble()).as(m + " shift " + shift)
              .isCloseTo(exact.statistic().getAsDouble(), offset(a.bound()));
        } else {
          // binned: the bound is on each reference bin frequency (checked in SketchHistogramTest)
          assertThat(a.quantity()).isEqualTo("reference bin frequency");
          assertThat(a.bound()).isEqualTo(2 * a.rankError());
        }
      }
    }
  }

  @Test
  void drift_againstSketchOnlyProfile_refusesMethodsThatNeedTheSample() {
    Frame ref = Frame.of(new NumericColumn("x", normal(9, 10_000, 0)));
    DriftEngine e = DriftEngine.builder()
        .override("x", ColumnOverride.builder().method(DriftMethod.ANDERSON_DARLING).build()).build();
    assertThatThrownBy(() -> e.compare(ReferenceProfile.of(ref), Frame.of(new NumericColumn("x", normal(1, 10, 0)))))
        .isInstanceOf(dev.mlops.core.InvalidInputException.class).hasMessageContaining("keeps only a sketch");
  }

  @Test
  void categoricalPastTheLimit_usesFrequentItemsAndReportsTheBound() {
    Frame ref = Frame.of(new CategoricalColumn("c", labels(11, 50_000, 2000)));
    ReferenceProfile p = ReferenceProfile.builder().categoryLimit(100).build(ref);
    CategoricalProfile cp = (CategoricalProfile) p.column("c").orElseThrow();
    assertThat(cp.exactCounts()).isEmpty();
    ColumnDrift d = DriftEngine.defaults().compare(p, Frame.of(new CategoricalColumn("c", labels(12, 5000, 2000))))
        .column("c");
    assertThat(d.approximation().orElseThrow().quantity()).isEqualTo("reference category count");
    assertThat(d.approximation().orElseThrow().bound()).isEqualTo(cp.maxError());
  }

  /** jsonSupported() tells the truth on the JVM running the tests: JSON round-trips exactly when it says so. */
  @Test
  void jsonSupported_agreesWithWhatToJsonAndFromJsonDo() {
    double[] values = new SplittableRandom(5).doubles(10_000).toArray();   // sketched, not exact
    ReferenceProfile p = ReferenceProfile.builder().exactSampleLimit(100).build(Frame.of(new NumericColumn("x", values)));
    boolean works;
    try {
      works = ReferenceProfile.fromJson(p.toJson()).toJson().equals(p.toJson());
    } catch (dev.mlops.core.MlopsException e) {
      assertThat(e).hasMessageContaining("DataSketches 6.2.0 cannot");
      works = false;
    }
    assertThat(ReferenceProfile.jsonSupported()).isEqualTo(works);
    String spec = System.getProperty("java.specification.version");
    if (java.util.Set.of("1.8", "11", "17", "21").contains(spec)) {
      assertThat(works).as("JSON on a JDK DataSketches 6.2.0 supports (%s)", spec).isTrue();
    }
  }
}
