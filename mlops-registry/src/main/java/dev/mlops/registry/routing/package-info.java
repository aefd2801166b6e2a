/**
 * Routers built from registry references ({@code fraud@champion}, {@code fraud@challenger}), and the
 * alias moves that promote or roll back a canary through the registry's audited compare-and-set.
 *
 * <p>The routing mechanics are {@link dev.mlops.core.routing.Router}'s; the statistics that decide
 * and the canary controller live in {@code mlops-monitoring} ({@code dev.mlops.monitoring.experiment}).
 */
package dev.mlops.registry.routing;
