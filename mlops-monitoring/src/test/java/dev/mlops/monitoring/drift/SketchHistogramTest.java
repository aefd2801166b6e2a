package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import dev.mlops.monitoring.profile.SketchView;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.RepeatedTest;

/** The approximations the engine states for sketch-only references hold on the sketch's own numbers. */
class SketchHistogramTest {

  @RepeatedTest(5)
  void sketchBinFrequencies_ksAndWasserstein_areWithinTheStatedBounds() {
    double[] ref = DriftEngineTest.normal(System.nanoTime(), 100_000, 0);
    double[] cur = DriftEngineTest.sorted(DriftEngineTest.normal(7, 20_000, 0.1));
    double[] sortedRef = DriftEngineTest.sorted(ref);
    NumericProfile p = (NumericProfile) ReferenceProfile.of(Frame.of(new NumericColumn("x", ref)))
        .column("x").orElseThrow();
    SketchView v = p.sketchView();
    double eps = v.rankError();
    double[] edges = NumericStatistics.equalWidthEdges(Math.min(sortedRef[0], cur[0]),
        Math.max(sortedRef[sortedRef.length - 1], cur[cur.length - 1]), ref.length + cur.length, OptionalInt.empty());
    long[] exact = NumericStatistics.binCounts(sortedRef, edges);
    long[] approx = SortedSamples.histogram(v.values(), v.cumulativeWeights(), edges);
    assertThat(Arrays.stream(approx).sum()).isEqualTo(ref.length);
    for (int i = 0; i < exact.length; i++) {
      assertThat((double) approx[i] / ref.length).isCloseTo((double) exact[i] / ref.length, offset(2 * eps));
    }
    double ks = SortedSamples.ksStatistic(v.values(), v.cumulativeWeights(), cur);
    assertThat(ks).isCloseTo(NumericStatistics.kolmogorovSmirnov(sortedRef, cur, KsMethod.ASYMPTOTIC).statistic(),
        offset(eps));
    double w = SortedSamples.wasserstein(v.values(), v.cumulativeWeights(), cur);
    assertThat(w).isCloseTo(NumericStatistics.wasserstein(sortedRef, cur).statistic(),
        offset(eps * (sortedRef[sortedRef.length - 1] - sortedRef[0])));
  }

  @RepeatedTest(1)
  void weightedHelpers_onAnExactSample_equalTheExactStatistics() {
    double[] ref = DriftEngineTest.sorted(DriftEngineTest.normal(3, 5000, 0));
    double[] cur = DriftEngineTest.sorted(DriftEngineTest.normal(4, 3000, 0.2));
    long[] cumulative = new long[ref.length];
    for (int i = 0; i < ref.length; i++) {
      cumulative[i] = i + 1;
    }
    assertThat(SortedSamples.ksStatistic(ref, cumulative, cur))
        .isCloseTo(NumericStatistics.kolmogorovSmirnov(ref, cur, KsMethod.ASYMPTOTIC).statistic(), offset(1e-12));
    assertThat(SortedSamples.wasserstein(ref, cumulative, cur))
        .isCloseTo(NumericStatistics.wasserstein(ref, cur).statistic(), offset(1e-9));
  }
}
