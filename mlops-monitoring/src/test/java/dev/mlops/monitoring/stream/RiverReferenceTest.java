package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Our detectors against the results River publishes in its docstrings (online-ml/river, the
 * doctests of each detector, which River's CI runs). The streams are regenerated with Python's
 * stdlib by {@code src/test/python/river_streams.py}; the expected indices are copied from the
 * docstrings cited on each test.
 */
class RiverReferenceTest {

  /** river/drift/adwin.py: "Change detected at index 1023, input value: 4". */
  @Test
  void adwin_riverDocstringStream_detectsAtRiversIndex() {
    assertThat(RiverStreams.drifts(new Adwin(AdwinConfig.DEFAULTS), RiverStreams.twoDistributions()))
        .containsExactly(1023);
  }

  /** river/drift/page_hinkley.py: "Change detected at index 1006, input value: 5". */
  @Test
  void pageHinkley_riverDocstringStream_detectsAtRiversIndex() {
    assertThat(RiverStreams.drifts(new PageHinkley(PageHinkleyConfig.DEFAULTS), RiverStreams.twoDistributions()))
        .containsExactly(1006);
  }

  /** river/drift/binary/ddm.py: warning 1084, change 1334, warning 1492. */
  @Test
  void ddm_riverDocstringStream_givesRiversEvents() {
    assertThat(RiverStreams.docstringEvents(new Ddm(DdmConfig.DEFAULTS), RiverStreams.errorRateJump()))
        .containsExactly("Warning detected at index 1084", "Change detected at index 1334",
            "Warning detected at index 1492");
  }

  /** river/drift/binary/eddm.py (alpha=0.8, beta=0.75): warning 1059, change 1278. */
  @Test
  void eddm_riverDocstringStream_givesRiversEvents() {
    assertThat(RiverStreams.docstringEvents(new Eddm(new EddmConfig(30, 0.8, 0.75)), RiverStreams.errorRateJump()))
        .containsExactly("Warning detected at index 1059", "Change detected at index 1278");
  }

  /** river/drift/binary/hddm_a.py: warning 451, change 1206. */
  @Test
  void hddmA_riverDocstringStream_givesRiversEvents() {
    assertThat(RiverStreams.docstringEvents(new HddmA(HddmAConfig.DEFAULTS), RiverStreams.errorRateJump()))
        .containsExactly("Warning detected at index 451", "Change detected at index 1206");
  }

  /** river/drift/binary/hddm_w.py: warning 451, change 1077. */
  @Test
  void hddmW_riverDocstringStream_givesRiversEvents() {
    assertThat(RiverStreams.docstringEvents(new HddmW(HddmWConfig.DEFAULTS), RiverStreams.errorRateJump()))
        .containsExactly("Warning detected at index 451", "Change detected at index 1077");
  }

  /** river/drift/kswin.py (alpha=0.0001, seed=42): "Change detected at index 1016, input value: 6". */
  @Test
  void kswin_riverDocstringStream_detectsAtRiversIndex() {
    assertThat(RiverStreams.drifts(new Kswin(KswinConfig.DEFAULTS.withAlpha(0.0001)), RiverStreams.twoDistributions()))
        .containsExactly(1016);
  }

  /** river/drift/cusum.py (commit 291ccdd): "Change detected at index 201", "... 251". */
  @Test
  void cusum_riverDocstringStream_detectsAtRiversIndices() {
    assertThat(RiverStreams.drifts(new Cusum(CusumConfig.DEFAULTS), RiverStreams.gaussianShift()))
        .containsExactly(201, 251);
  }
}
