/**
 * Production monitoring of deployed model versions: {@link dev.mlops.monitoring.monitor.PredictionMonitor}
 * records predictions off the caller's path, keeps windows by count or time, compares each closed
 * window with the model's reference profile, writes a durable prediction log, evaluates alert
 * rules and snapshots its state for restarts.
 *
 * <p>{@link dev.mlops.monitoring.monitor.VersionProfiles} finds a registered model version's reference:
 * the input and output profiles stored inside the version at training time, else rebuilt from the
 * training data set its lineage names.
 */
package dev.mlops.monitoring.monitor;
