/**
 * Production monitoring: drift statistics, mergeable reference profiles, streaming detectors,
 * delayed-label metrics, experiment statistics, alerts and reports. The capabilities arrive with
 * their own issues; this module currently holds only this package description.
 */
package dev.mlops.monitoring;
