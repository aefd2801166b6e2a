package dev.mlops.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProfileMergeProperties {

  @Property(tries = 60)
  void mergeOfPartProfiles_isTheProfileOfTheWhole(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int rows,
      @ForAll @IntRange(min = 0, max = 3000) int cut, @ForAll @IntRange(min = 1, max = 40) int distinct) {
    int split = Math.min(cut, rows);
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[rows];
    double[] k = new double[rows];
    String[] c = new String[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = r.nextInt(20) == 0 ? Double.NaN : r.nextGaussian() * 100 + 1e6;
      k[i] = r.nextInt(distinct);
      c[i] = r.nextInt(15) == 0 ? null : "v" + r.nextInt(distinct * 3);
    }
    Frame whole = Frame.of(new NumericColumn("x", x), new NumericColumn("k", k), new CategoricalColumn("c", c));
    ReferenceProfile.Builder settings = ReferenceProfile.builder().exactSampleLimit(1000).categoryLimit(60)
        .parallelism(1);
    ReferenceProfile full = settings.build(whole);
    ReferenceProfile merged = ReferenceProfile.builder().exactSampleLimit(1000).categoryLimit(60).parallelism(1)
        .build(whole.slice(0, split))
        .merge(ReferenceProfile.builder().exactSampleLimit(1000).categoryLimit(60).parallelism(1)
            .build(whole.slice(split, rows)));

    assertThat(merged.rowCount()).isEqualTo(full.rowCount());
    for (String name : new String[] {"x", "k"}) {
      NumericProfile a = (NumericProfile) full.column(name).orElseThrow();
      NumericProfile b = (NumericProfile) merged.column(name).orElseThrow();
      assertThat(b.count()).isEqualTo(a.count());
      assertThat(b.missingCount()).isEqualTo(a.missingCount());
      assertThat(b.min()).isEqualTo(a.min());
      assertThat(b.max()).isEqualTo(a.max());
      if (a.count() > 0) {
        assertThat(b.mean().getAsDouble()).isCloseTo(a.mean().getAsDouble(),
            offset(1e-9 * Math.max(1, Math.abs(a.mean().getAsDouble()))));
        assertThat(b.variance().getAsDouble()).isCloseTo(a.variance().getAsDouble(),
            offset(1e-6 * Math.max(1, a.variance().getAsDouble())));
        double eps = a.rankError();
        double[] data = java.util.Arrays.stream(name.equals("x") ? x : k).filter(Double::isFinite).sorted().toArray();
        for (double q : new double[] {0.1, 0.5, 0.9}) {
          double v = b.quantile(q);
          long below = java.util.Arrays.stream(data).filter(d -> d < v).count();
          long atMost = java.util.Arrays.stream(data).filter(d -> d <= v).count();
          // the merged sketch's quantile has a true rank within 2 eps of q (each side of a merge adds error)
          assertThat((double) below / data.length).isLessThanOrEqualTo(q + 2 * eps);
          assertThat((double) atMost / data.length).isGreaterThanOrEqualTo(q - 2 * eps);
        }
      }
      assertThat(b.exactSample().map(java.util.Arrays::toString))
          .isEqualTo(a.exactSample().map(java.util.Arrays::toString));
      assertThat(b.distinctValues()).isEqualTo(a.distinctValues());
    }
    CategoricalProfile ca = (CategoricalProfile) full.column("c").orElseThrow();
    CategoricalProfile cb = (CategoricalProfile) merged.column("c").orElseThrow();
    assertThat(cb.count()).isEqualTo(ca.count());
    assertThat(cb.missingCount()).isEqualTo(ca.missingCount());
    assertThat(cb.exactCounts().isPresent()).isEqualTo(ca.exactCounts().isPresent());
    if (ca.exactCounts().isPresent()) {
      assertThat(new java.util.TreeMap<>(cb.exactCounts().get())).isEqualTo(new java.util.TreeMap<>(ca.exactCounts().get()));
    }
  }
}
