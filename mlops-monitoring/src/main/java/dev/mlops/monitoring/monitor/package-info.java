/**
 * Production monitoring of deployed model versions: {@link dev.mlops.monitoring.monitor.PredictionMonitor}
 * records predictions off the caller's path, keeps windows by count or time, compares each closed
 * window with the model's reference profile, writes a durable prediction log, evaluates alert
 * rules and snapshots its state for restarts.
 */
package dev.mlops.monitoring.monitor;
