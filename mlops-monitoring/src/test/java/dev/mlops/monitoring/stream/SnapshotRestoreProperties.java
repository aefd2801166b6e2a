package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Snapshot mid-stream, restore (through JSON text), continue: every state and the final snapshot
 * equal those of an uninterrupted run, for every detector, stream and cut point.
 */
class SnapshotRestoreProperties {
  private static final List<Detectors.Named> ALL = Detectors.all();

  @Property(tries = 60)
  void restoredDetector_continuesExactlyAsTheUninterruptedOne(
      @ForAll @IntRange(min = 0, max = 9) int which,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2500) int cut) {
    Detectors.Named named = ALL.get(which % ALL.size());
    double[] s = ChangeDetectorContractTest.stream(named, seed, 2500);
    ChangeDetector uninterrupted = named.create();
    ChangeDetector first = named.create();
    for (int i = 0; i < cut; i++) {
      uninterrupted.update(s[i]);
      first.update(s[i]);
    }
    ChangeDetector restored = DetectorSnapshot.fromJson(first.snapshot().toJson()).restore();
    assertThat(restored.state()).isEqualTo(uninterrupted.state());
    for (int i = cut; i < s.length; i++) {
      assertThat(restored.update(s[i])).as("%s observation %d", named, i).isEqualTo(uninterrupted.update(s[i]));
    }
    assertThat(restored.count()).isEqualTo(uninterrupted.count());
    assertThat(restored.snapshot()).isEqualTo(uninterrupted.snapshot());
  }
}
