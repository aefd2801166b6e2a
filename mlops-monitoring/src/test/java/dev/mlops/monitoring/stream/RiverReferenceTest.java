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
}
