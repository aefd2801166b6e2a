/**
 * Experiment statistics for A/B tests and canaries between model versions: the sample-ratio-mismatch
 * check, two-proportion z-test, Welch's t-test, confidence intervals for absolute and relative lift,
 * CUPED, the always-valid mixture SPRT, a Bayesian summary, guardrails, and the canary controller
 * that ramps a challenger and promotes or rolls it back through the registry's aliases.
 *
 * <p>Entry points: {@link dev.mlops.monitoring.experiment.Experiment} (collect outcomes, read a
 * summary and verdict) and {@link dev.mlops.monitoring.experiment.CanaryController}.
 */
package dev.mlops.monitoring.experiment;
