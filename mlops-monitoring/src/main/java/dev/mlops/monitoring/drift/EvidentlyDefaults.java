package dev.mlops.monitoring.drift;

import dev.mlops.monitoring.frame.ColumnType;
import java.util.Objects;

/**
 * The automatic choice of test per column, as Evidently's {@code _get_default_stattest}
 * ({@code src/evidently/calculations/stattests/registry.py} at commit
 * {@code 0d4ec0fb1b5c7c0ec00acdb8b8a4cc646b7d2470}) with the column cleaning of {@code
 * get_one_column_drift} ({@code src/evidently/calculations/data_drift.py} at commit
 * {@code 01951c6390ebcd9ada546b699a6d5276c1a6a90a}).
 *
 * <p>{@code n} is the number of reference values after dropping missing ones (NaN and ±∞), and
 * {@code u} the number of distinct values over reference and current together (missing excluded):
 *
 * <table>
 *   <caption>Default method</caption>
 *   <tr><th>reference values</th><th>type</th><th>distinct values u</th><th>method</th><th>threshold</th></tr>
 *   <tr><td>n ≤ 1000</td><td>numeric</td><td>u &gt; 5</td><td>Kolmogorov–Smirnov</td><td>p &lt; 0.05</td></tr>
 *   <tr><td>n ≤ 1000</td><td>numeric or categorical</td><td>2 &lt; u ≤ 5 (numeric), u &gt; 2 (categorical)</td>
 *       <td>chi-square goodness of fit</td><td>p &lt; 0.05</td></tr>
 *   <tr><td>n ≤ 1000</td><td>numeric or categorical</td><td>u ≤ 2</td><td>z-test for two proportions</td>
 *       <td>p &lt; 0.05</td></tr>
 *   <tr><td>n &gt; 1000</td><td>numeric</td><td>u &gt; 5</td><td>Wasserstein distance normed by the reference
 *       standard deviation</td><td>d ≥ 0.1</td></tr>
 *   <tr><td>n &gt; 1000</td><td>numeric</td><td>u ≤ 5</td><td>Jensen–Shannon distance</td><td>d ≥ 0.1</td></tr>
 *   <tr><td>n &gt; 1000</td><td>categorical</td><td>any</td><td>Jensen–Shannon distance</td><td>d ≥ 0.1</td></tr>
 * </table>
 *
 * <p>The binned methods (PSI, KL, Jensen–Shannon, Hellinger, total variation) on a numeric column
 * follow Evidently's {@code get_binned_data}: with more than 20 distinct reference values they use
 * equal-width Sturges bins over the combined sample, otherwise one bin per distinct value. A
 * column with a single value on both sides has status {@link ColumnStatus#CONSTANT} instead of a
 * test. Stateless and thread-safe.
 */
public final class EvidentlyDefaults {
  /** Reference sizes up to this use p-value tests; larger ones use distances. */
  public static final long SMALL_REFERENCE = 1000;
  /** Numeric columns with at most this many distinct values are tested as categories. */
  public static final int FEW_VALUES = 5;
  /** At most this many distinct values make a two-category (z) test. */
  public static final int BINARY = 2;
  /** Numeric columns with more distinct reference values than this are binned by Sturges' rule. */
  public static final int BIN_BY_VALUE_LIMIT = 20;

  private EvidentlyDefaults() {}

  /**
   * Chooses the default method.
   *
   * @param type the column type (after any override)
   * @param referenceCount non-missing reference values
   * @param distinctValues distinct values over both sides (any number above 20 may be passed as 21)
   * @return the method
   * @throws NullPointerException if type is null
   */
  public static DriftMethod choose(ColumnType type, long referenceCount, int distinctValues) {
    Objects.requireNonNull(type, "type");
    if (referenceCount <= SMALL_REFERENCE) {
      if (type == ColumnType.NUMERIC && distinctValues > FEW_VALUES) {
        return DriftMethod.KOLMOGOROV_SMIRNOV;
      }
      return distinctValues > BINARY ? DriftMethod.CHI_SQUARE : DriftMethod.Z_TEST;
    }
    if (type == ColumnType.NUMERIC && distinctValues > FEW_VALUES) {
      return DriftMethod.WASSERSTEIN_NORMED;
    }
    return DriftMethod.JENSEN_SHANNON;
  }

  /**
   * Explains the default choice in words, for a report.
   *
   * @param type the column type
   * @param referenceCount non-missing reference values
   * @param distinctValues distinct values over both sides (capped as in {@link #choose})
   * @return the explanation
   * @throws NullPointerException if type is null
   */
  public static String reason(ColumnType type, long referenceCount, int distinctValues) {
    String size = referenceCount <= SMALL_REFERENCE
        ? referenceCount + " reference values (<= 1000)"
        : referenceCount + " reference values (> 1000)";
    String distinct = distinctValues > BIN_BY_VALUE_LIMIT ? "more than 20 distinct values"
        : distinctValues + " distinct value" + (distinctValues == 1 ? "" : "s");
    return "Evidently default: " + type.name().toLowerCase(java.util.Locale.ROOT) + " column, " + size + ", "
        + distinct;
  }
}
