package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every detector shares: input checks, counting, reset, snapshot and restore. */
class ChangeDetectorContractTest {

  static Stream<Detectors.Named> detectors() {
    return Detectors.all().stream();
  }

  /** A stream that every detector can read: bits for binary detectors, a mean shift otherwise. */
  static double[] stream(Detectors.Named d, long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (d.binary()) {
        out[i] = rng.nextDouble() < (i < n / 2 ? 0.2 : 0.6) ? 1 : 0;
      } else {
        out[i] = rng.nextGaussian() + (i < n / 2 ? 0 : 3);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void update_nanOrInfinity_isRejectedAndLeavesTheDetectorUnchanged(Detectors.Named named) {
    ChangeDetector d = named.create();
    double[] s = stream(named, 1, 200);
    for (double v : s) {
      d.update(v);
    }
    String before = d.snapshot().toJson();
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> d.update(bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("finite")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("value"));
    }
    assertThat(d.snapshot().toJson()).isEqualTo(before);
    assertThat(d.count()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void reset_afterAStream_behavesAsANewDetector(Detectors.Named named) {
    ChangeDetector used = named.create();
    for (double v : stream(named, 2, 3000)) {
      used.update(v);
    }
    used.reset();
    assertThat(used.count()).isZero();
    assertThat(used.state()).isEqualTo(DetectorState.NONE);
    assertThat(used.snapshot()).isEqualTo(named.create().snapshot());
    ChangeDetector fresh = named.create();
    double[] s = stream(named, 3, 3000);
    assertThat(RiverStreams.drifts(used, s)).isEqualTo(RiverStreams.drifts(fresh, s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void snapshot_midStream_restoresAndContinuesIdentically(Detectors.Named named) {
    double[] s = stream(named, 4, 4000);
    ChangeDetector original = named.create();
    DetectorState[] expected = new DetectorState[s.length];
    for (int i = 0; i < s.length; i++) {
      expected[i] = original.update(s[i]);
    }
    ChangeDetector first = named.create();
    int cut = 2017;
    for (int i = 0; i < cut; i++) {
      first.update(s[i]);
    }
    String json = first.snapshot().toJson();
    ChangeDetector restored = DetectorSnapshot.fromJson(json).restore();
    assertThat(restored.getClass()).isEqualTo(first.getClass());
    assertThat(restored.count()).isEqualTo(cut);
    assertThat(restored.snapshot().toJson()).isEqualTo(json);
    for (int i = cut; i < s.length; i++) {
      assertThat(restored.update(s[i])).as("observation %d", i).isEqualTo(expected[i]);
    }
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void count_includesObservationsBeforeADrift(Detectors.Named named) {
    ChangeDetector d = named.create();
    double[] s = stream(named, 5, 5000);
    assertThat(RiverStreams.drifts(d, s)).isNotEmpty();
    assertThat(d.count()).isEqualTo(5000);
  }

  static Stream<Detectors.Named> binaryDetectors() {
    return Detectors.all().stream().filter(Detectors.Named::binary);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryDetectors")
  void binaryUpdate_valuesOtherThanZeroOrOne_areRejected(Detectors.Named named) {
    ChangeDetector d = named.create();
    for (double bad : new double[] {0.5, 2.0, -1.0, 1e-300}) {
      assertThatThrownBy(() -> d.update(bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("stream of bits")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("value"));
    }
    assertThatThrownBy(() -> d.update(Double.NaN)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("finite");
    assertThat(d.count()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryDetectors")
  void binaryUpdate_booleans_equalOnesAndZeros(Detectors.Named named) {
    BinaryChangeDetector withBooleans = (BinaryChangeDetector) named.create();
    ChangeDetector withDoubles = named.create();
    for (double v : stream(named, 6, 3000)) {
      assertThat(withBooleans.update(v == 1.0)).isEqualTo(withDoubles.update(v));
    }
    assertThat(withBooleans.snapshot()).isEqualTo(withDoubles.snapshot());
  }

  @Test
  void synchronizedDetector_manyThreads_countsEveryUpdate() throws InterruptedException {
    ChangeDetector shared = ChangeDetectors.synchronizedDetector(new Adwin(AdwinConfig.DEFAULTS));
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      long seed = t;
      threads[t] = new Thread(() -> {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
          shared.update(rng.nextGaussian());
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(shared.count()).isEqualTo(80_000);
    ChangeDetector restored = shared.snapshot().restore();
    assertThat(restored).isInstanceOf(Adwin.class);
    assertThat(restored.count()).isEqualTo(80_000);
  }

  @Test
  void configs_outOfRangeParameters_areRejected() {
    assertThatThrownBy(() -> new AdwinConfig(0, 32, 5, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdwinConfig(0.002, 0, 5, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PageHinkleyConfig(30, 0.005, 0, 0.9999, ChangeDirection.BOTH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DdmConfig(30, 3.0, 2.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EddmConfig(30, 0.9, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HddmAConfig(0.005, 0.001, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HddmWConfig(0.001, 0.005, 0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KswinConfig(0.005, 50, 30, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CusumConfig(1, 0.5, 5, ChangeDirection.BOTH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaults_areTheDocumentedRiverAndMoaValues() {
    assertThat(AdwinConfig.DEFAULTS).isEqualTo(new AdwinConfig(0.002, 32, 5, 5, 10));
    assertThat(PageHinkleyConfig.DEFAULTS)
        .isEqualTo(new PageHinkleyConfig(30, 0.005, 50, 1 - 0.0001, ChangeDirection.BOTH));
    assertThat(DdmConfig.DEFAULTS).isEqualTo(new DdmConfig(30, 2.0, 3.0));
    assertThat(EddmConfig.DEFAULTS).isEqualTo(new EddmConfig(30, 0.95, 0.9));
    assertThat(HddmAConfig.DEFAULTS).isEqualTo(new HddmAConfig(0.001, 0.005, false));
    assertThat(HddmWConfig.DEFAULTS).isEqualTo(new HddmWConfig(0.001, 0.005, 0.05, false));
    assertThat(KswinConfig.DEFAULTS).isEqualTo(new KswinConfig(0.005, 100, 30, 42));
    assertThat(CusumConfig.DEFAULTS).isEqualTo(new CusumConfig(30, 0.5, 5.0, ChangeDirection.BOTH));
  }

  @Test
  void directions_pageHinkleyAndCusum_reportOnlyTheChosenSide() {
    double[] down = SyntheticStreams.gaussian(8, 6000, SyntheticStreams.Change.ABRUPT, 2000, -3);
    assertThat(RiverStreams.drifts(new PageHinkley(PageHinkleyConfig.DEFAULTS.withDirection(ChangeDirection.INCREASE)),
        down)).isEmpty();
    assertThat(RiverStreams.drifts(new PageHinkley(PageHinkleyConfig.DEFAULTS.withDirection(ChangeDirection.DECREASE)),
        down)).isNotEmpty().allMatch(i -> i >= 2000);
    assertThat(RiverStreams.drifts(new Cusum(new CusumConfig(30, 0.5, 8, ChangeDirection.INCREASE)), down)).isEmpty();
    assertThat(RiverStreams.drifts(new Cusum(new CusumConfig(30, 0.5, 8, ChangeDirection.DECREASE)), down))
        .isNotEmpty();
  }

  @Test
  void hddm_twoSided_detectsADecreaseTheOneSidedIgnores() {
    double[] better = SyntheticStreams.bernoulli(10, 6000, SyntheticStreams.Change.ABRUPT, 2000, 0.4, 0.05);
    assertThat(RiverStreams.drifts(new HddmA(HddmAConfig.DEFAULTS), better)).isEmpty();
    assertThat(RiverStreams.drifts(new HddmA(HddmAConfig.DEFAULTS.withTwoSided(true)), better))
        .isNotEmpty().allMatch(i -> i >= 2000);
    assertThat(RiverStreams.drifts(new HddmW(HddmWConfig.DEFAULTS), better)).isEmpty();
    assertThat(RiverStreams.drifts(new HddmW(HddmWConfig.DEFAULTS.withTwoSided(true)), better))
        .isNotEmpty().allMatch(i -> i >= 2000);
  }

  @Test
  void hddmW_twoInstances_doNotShareState() {
    HddmW a = new HddmW(HddmWConfig.DEFAULTS);
    HddmW b = new HddmW(HddmWConfig.DEFAULTS);
    double[] s = SyntheticStreams.bernoulli(11, 3000, SyntheticStreams.Change.ABRUPT, 1500, 0.1, 0.6);
    List<Integer> alone = RiverStreams.drifts(new HddmW(HddmWConfig.DEFAULTS), s);
    List<Integer> interleavedA = new java.util.ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (a.update(s[i]) == DetectorState.DRIFT) {
        interleavedA.add(i);
      }
      b.update(1.0 - s[i]);
    }
    assertThat(alone).isNotEmpty();
    assertThat(interleavedA).isEqualTo(alone);
  }

  @Test
  void hddmW_ewmaAfterLeadingSuccesses_isLambdaNotOne() {
    // MOA's EWMA: 0, 0, then an error gives lambda * 1; River's stats.EWMean would jump to 1
    HddmW d = new HddmW(HddmWConfig.DEFAULTS);
    d.update(0.0);
    d.update(0.0);
    d.update(1.0);
    assertThat(d.errorRate()).isEqualTo(0.05);
  }

  @Test
  void adwin_stationaryStream_keepsTheWholeWindowAndItsMean() {
    Adwin a = new Adwin(AdwinConfig.DEFAULTS);
    double[] s = SyntheticStreams.gaussian(12, 20_000, SyntheticStreams.Change.NONE, 0, 0);
    assertThat(RiverStreams.drifts(a, s)).isEmpty();
    assertThat(a.width()).isEqualTo(20_000);
    assertThat(a.estimation()).isCloseTo(java.util.Arrays.stream(s).average().orElseThrow(),
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void adwin_afterADrift_startsAfreshWithTheNextValue() {
    Adwin a = new Adwin(AdwinConfig.DEFAULTS);
    double[] s = SyntheticStreams.gaussian(13, 4000, SyntheticStreams.Change.ABRUPT, 2000, 5);
    int first = RiverStreams.drifts(a, s).get(0);
    Adwin b = new Adwin(AdwinConfig.DEFAULTS);
    for (int i = 0; i <= first; i++) {
      b.update(s[i]);
    }
    assertThat(b.state()).isEqualTo(DetectorState.DRIFT);
    b.update(s[first + 1]);
    assertThat(b.width()).isEqualTo(1);
    assertThat(b.count()).isEqualTo(first + 2);
  }
}
