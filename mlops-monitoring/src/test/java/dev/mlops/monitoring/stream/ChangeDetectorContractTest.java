package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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
}
