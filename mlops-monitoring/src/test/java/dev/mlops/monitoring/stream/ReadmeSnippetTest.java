package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Streaming change detectors" snippet, compiled and run. */
class ReadmeSnippetTest {

  @Test
  void readmeSnippet_runsAndDetectsTheErrorRateJump() {
    double[] bits = SyntheticStreams.bernoulli(3, 4000, SyntheticStreams.Change.ABRUPT, 2000, 0.1, 0.3);
    boolean[] wrong = new boolean[bits.length];
    for (int i = 0; i < bits.length; i++) {
      wrong[i] = bits[i] == 1.0;
    }
    List<Integer> drifts = new ArrayList<>();

    // --- README snippet (keep in sync) ---
    BinaryChangeDetector errors = new Ddm(DdmConfig.DEFAULTS);   // 1 / true = a wrong prediction
    ChangeDetector scores = new Adwin(AdwinConfig.DEFAULTS);      // any finite real values
    for (int i = 0; i < wrong.length; i++) {
      scores.update(bits[i]);
      if (errors.update(wrong[i]) == DetectorState.DRIFT) {       // NONE, WARNING or DRIFT
        drifts.add(i);                                            // it starts afresh by itself
      }
    }
    String saved = errors.snapshot().toJson();      // {"schemaVersion":1,"type":"ddm",...}
    ChangeDetector restored = DetectorSnapshot.fromJson(saved).restore();  // continues exactly
    // --- end of snippet ---

    assertThat(drifts).anyMatch(i -> i >= 2000 && i < 2500);   // DDM may also alarm early (see DetectionQualityTest)
    assertThat(restored.snapshot()).isEqualTo(errors.snapshot());
    assertThat(scores.count()).isEqualTo(4000);
  }
}
