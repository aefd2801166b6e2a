/**
 * Streaming change detectors: each reads one value at a time and reports {@link
 * dev.mlops.monitoring.stream.DetectorState#NONE}, {@link
 * dev.mlops.monitoring.stream.DetectorState#WARNING} or {@link
 * dev.mlops.monitoring.stream.DetectorState#DRIFT}.
 *
 * <p>Real-valued streams (a feature, a score, a latency, a per-window metric): {@link
 * dev.mlops.monitoring.stream.Adwin}, {@link dev.mlops.monitoring.stream.PageHinkley}. Every
 * detector implements {@link dev.mlops.monitoring.stream.ChangeDetector}, takes a configuration
 * record whose {@code DEFAULTS} are River's (checked against MOA's, differences named in each
 * class), snapshots to JSON ({@link dev.mlops.monitoring.stream.DetectorSnapshot}) and restores to
 * continue exactly where it stopped. Detectors are not thread-safe; {@link
 * dev.mlops.monitoring.stream.ChangeDetectors#synchronizedDetector} guards one for several threads.
 */
package dev.mlops.monitoring.stream;
