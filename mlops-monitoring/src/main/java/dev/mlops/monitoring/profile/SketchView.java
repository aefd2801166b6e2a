package dev.mlops.monitoring.profile;

/**
 * A KLL sketch's retained items as a weighted sample: {@code values} ascending and distinct,
 * {@code cumulativeWeights[i]} the number of profiled values approximately at or below
 * {@code values[i]} (the last entry is the profiled count). Each array is a fresh copy.
 * Immutable once made; thread-safe if not modified.
 *
 * @param values the retained items, ascending
 * @param cumulativeWeights the cumulative weights, ascending, same length
 * @param rankError the sketch's normalized rank error ε: every rank read from it is within ε of
 *     the exact rank with 99% confidence
 */
public record SketchView(double[] values, long[] cumulativeWeights, double rankError) {}
