/**
 * Micrometer meters for prediction monitors. Micrometer is an optional dependency: only code that
 * creates a {@link dev.mlops.monitoring.metrics.MonitorMetrics} needs it on the class path.
 */
package dev.mlops.monitoring.metrics;
