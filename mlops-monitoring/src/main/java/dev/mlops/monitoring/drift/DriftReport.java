package dev.mlops.monitoring.drift;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of comparing current data with a reference: one {@link ColumnDrift} per column and
 * the dataset verdict. Write it as JSON with {@link DriftReportJson} or as a self-contained HTML
 * page with {@code dev.mlops.monitoring.report.HtmlReport}.
 *
 * <p>The dataset drifts when {@code driftedColumns / consideredColumns >= driftShareThreshold}
 * (Evidently's rule, default 0.5); considered columns are those with status {@link
 * ColumnStatus#TESTED}, {@link ColumnStatus#CONSTANT} or {@link ColumnStatus#MISSING_IN_CURRENT}.
 * With no considered column the share is 0 and the dataset does not drift. Immutable and
 * thread-safe.
 *
 * @param schemaVersion the JSON schema version ({@link #SCHEMA_VERSION})
 * @param createdAt when the report was made
 * @param referenceRows rows of the reference (missing included)
 * @param currentRows rows of the current data
 * @param referenceFromProfile whether the reference was a profile rather than data
 * @param correction the multiple-testing correction applied
 * @param driftShareThreshold the share of drifted columns at which the dataset drifts
 * @param columns the per-column results, in the reference's column order, then current-only columns
 * @param consideredColumns columns in the denominator of the share
 * @param driftedColumns columns that drifted (among the considered ones)
 * @param driftShare {@code driftedColumns / consideredColumns}, or 0
 * @param datasetDrift whether the dataset drifted
 * @param missingShareAlerts columns whose missing share grew by more than allowed
 */
public record DriftReport(
    int schemaVersion,
    Instant createdAt,
    long referenceRows,
    long currentRows,
    boolean referenceFromProfile,
    Correction correction,
    double driftShareThreshold,
    List<ColumnDrift> columns,
    int consideredColumns,
    int driftedColumns,
    double driftShare,
    boolean datasetDrift,
    List<String> missingShareAlerts) {

  /** The current JSON schema version. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Validates and copies.
   *
   * @param schemaVersion the JSON schema version ({@link #SCHEMA_VERSION})
   * @param createdAt when the report was made
   * @param referenceRows rows of the reference (missing included)
   * @param currentRows rows of the current data
   * @param referenceFromProfile whether the reference was a profile rather than data
   * @param correction the multiple-testing correction applied
   * @param driftShareThreshold the share of drifted columns at which the dataset drifts
   * @param columns the per-column results, in the reference's column order, then current-only columns
   * @param consideredColumns columns in the denominator of the share
   * @param driftedColumns columns that drifted (among the considered ones)
   * @param driftShare {@code driftedColumns / consideredColumns}, or 0
   * @param datasetDrift whether the dataset drifted
   * @param missingShareAlerts columns whose missing share grew by more than allowed
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the share is NaN or outside [0, 1]
   */
  public DriftReport {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(correction, "correction");
    columns = List.copyOf(columns);
    missingShareAlerts = List.copyOf(missingShareAlerts);
    if (!(driftShare >= 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("driftShare must lie in [0, 1]");
    }
  }

  /**
   * Returns the names of the drifted columns, in report order.
   *
   * @return an immutable list
   */
  public List<String> driftedColumnNames() {
    return columns.stream().filter(ColumnDrift::drifted).map(ColumnDrift::name).toList();
  }

  /**
   * Returns one column's result.
   *
   * @param name the column name
   * @return the result
   * @throws java.util.NoSuchElementException if the report has no such column
   */
  public ColumnDrift column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new java.util.NoSuchElementException("no column '" + name + "' in the report"));
  }
}
