package dev.mlops.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The DataSketches Memory workaround applies exactly on JDKs its JDK check refuses, and can be turned
 * off. (That profile JSON then works on such a JDK is checked by {@code .ci/run}, which runs the batch
 * job on the newest JDK installed and requires its reference profiles to be stored and read as JSON.)
 */
class SketchMemoryTest {
  @Test
  void appliesOnlyAfterJdk21_unlessTurnedOff() {
    assertThat(SketchMemory.workaroundApplies(17, null)).isFalse();
    assertThat(SketchMemory.workaroundApplies(21, null)).isFalse();
    assertThat(SketchMemory.workaroundApplies(22, null)).isTrue();
    assertThat(SketchMemory.workaroundApplies(25, "true")).isTrue();
    assertThat(SketchMemory.workaroundApplies(25, "false")).isFalse();
    assertThat(SketchMemory.workaroundApplies(25, "FALSE")).isFalse();
  }

  @Test
  void leavesTheJavaVersionPropertyAsItWas() {
    String before = System.getProperty("java.version");
    assertThat(SketchMemory.ready()).isTrue();
    assertThat(System.getProperty("java.version")).isEqualTo(before);
  }
}
