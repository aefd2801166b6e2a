/**
 * Fluent model assertions with readable failures, entered through {@link
 * dev.mlops.testing.assertions.ModelAssertions}: quality thresholds on confidence bounds ({@link
 * dev.mlops.testing.assertions.MetricAssert}, metrics and intervals from {@code
 * dev.mlops.monitoring.performance}), no regression against a champion ({@link
 * dev.mlops.testing.assertions.ChampionComparison}), slices and fairness gaps ({@link
 * dev.mlops.testing.assertions.SliceAssert}, {@link dev.mlops.testing.assertions.GapAssert}), CheckList-style
 * behavioural tests ({@link dev.mlops.testing.assertions.BehaviourAssert}, {@link
 * dev.mlops.testing.assertions.Perturbation}, {@link dev.mlops.testing.assertions.FunctionalityCase}) and
 * data checks ({@link dev.mlops.testing.assertions.DataAssert}). Every assertion produces an {@link
 * dev.mlops.testing.assertions.AssertionResult}, recorded by {@link
 * dev.mlops.testing.assertions.AssertionRecorder}.
 */
package dev.mlops.testing.assertions;
