/**
 * Drift statistics: two-sample tests and distances between reference and current data.
 *
 * <p>{@link dev.mlops.monitoring.drift.NumericStatistics} works on sorted numeric samples (sort
 * with {@link dev.mlops.monitoring.drift.DoubleRadixSort}), {@link
 * dev.mlops.monitoring.drift.CategoricalStatistics} on aligned category counts; both return a
 * {@link dev.mlops.monitoring.drift.StatResult} for a {@link
 * dev.mlops.monitoring.drift.DriftMethod}.
 */
package dev.mlops.monitoring.drift;
