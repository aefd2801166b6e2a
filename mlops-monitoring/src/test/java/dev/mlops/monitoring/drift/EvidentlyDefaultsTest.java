package dev.mlops.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitoring.frame.ColumnType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evidently's _get_default_stattest, registry.py at 0d4ec0fb1b5c7c0ec00acdb8b8a4cc646b7d2470, as a table. */
class EvidentlyDefaultsTest {

  @ParameterizedTest(name = "{0} column, {1} reference values, {2} distinct -> {3}")
  @CsvSource({
      // type,       reference n, distinct, expected
      "NUMERIC,      1000,        6,        KOLMOGOROV_SMIRNOV",
      "NUMERIC,      10,          21,       KOLMOGOROV_SMIRNOV",
      "NUMERIC,      1000,        5,        CHI_SQUARE",
      "NUMERIC,      1000,        3,        CHI_SQUARE",
      "NUMERIC,      1000,        2,        Z_TEST",
      "NUMERIC,      1,           1,        Z_TEST",
      "CATEGORICAL,  1000,        3,        CHI_SQUARE",
      "CATEGORICAL,  1000,        21,       CHI_SQUARE",
      "CATEGORICAL,  1000,        2,        Z_TEST",
      "CATEGORICAL,  5,           1,        Z_TEST",
      "NUMERIC,      1001,        6,        WASSERSTEIN_NORMED",
      "NUMERIC,      1000000,     21,       WASSERSTEIN_NORMED",
      "NUMERIC,      1001,        5,        JENSEN_SHANNON",
      "NUMERIC,      1001,        2,        JENSEN_SHANNON",
      "CATEGORICAL,  1001,        2,        JENSEN_SHANNON",
      "CATEGORICAL,  1001,        50,       JENSEN_SHANNON",
  })
  void choose_followsEvidentlysTable(ColumnType type, long n, int distinct, DriftMethod expected) {
    assertThat(EvidentlyDefaults.choose(type, n, distinct)).isEqualTo(expected);
    assertThat(EvidentlyDefaults.reason(type, n, distinct)).startsWith("Evidently default");
  }
}
