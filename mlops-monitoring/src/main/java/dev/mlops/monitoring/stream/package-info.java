/**
 * Streaming change detectors: each reads one value at a time and reports {@link
 * dev.mlops.monitoring.stream.DetectorState#NONE}, {@link
 * dev.mlops.monitoring.stream.DetectorState#WARNING} or {@link
 * dev.mlops.monitoring.stream.DetectorState#DRIFT}.
 *
 * <ul>
 *   <li>Real-valued streams (a feature, a score, a latency, a per-window metric): {@link
 *       dev.mlops.monitoring.stream.Adwin}, {@link dev.mlops.monitoring.stream.PageHinkley},
 *       {@link dev.mlops.monitoring.stream.Kswin}, {@link dev.mlops.monitoring.stream.Cusum}.
 *   <li>Error streams (1 for a wrong prediction, 0 for a right one), {@link
 *       dev.mlops.monitoring.stream.BinaryChangeDetector}s with a warning level: {@link
 *       dev.mlops.monitoring.stream.Ddm}, {@link dev.mlops.monitoring.stream.Eddm}, {@link
 *       dev.mlops.monitoring.stream.HddmA}, {@link dev.mlops.monitoring.stream.HddmW}.
 * </ul>
 *
 * <p>Every detector implements {@link dev.mlops.monitoring.stream.ChangeDetector}, takes a
 * configuration record whose {@code DEFAULTS} are River's (checked against MOA's; the differences
 * are named in each class), snapshots to JSON ({@link dev.mlops.monitoring.stream.DetectorSnapshot})
 * and restores to continue exactly where it stopped. On the streams of River's documentation
 * examples each detector reports the indices River publishes. Detectors are not thread-safe;
 * {@link dev.mlops.monitoring.stream.ChangeDetectors#synchronizedDetector} guards one for several
 * threads.
 */
package dev.mlops.monitoring.stream;
