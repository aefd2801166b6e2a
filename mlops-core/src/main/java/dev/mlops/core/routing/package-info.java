/**
 * Routing between model variants inside the service: sticky weighted assignment by a 32-bit
 * MurmurHash3 of salt and unit id, weight ramps that move as few units as possible, canary
 * schedules, shadow variants on a bounded executor, multi-armed bandits with reward feedback,
 * fallback with circuit breakers, overrides and a pluggable store for sticky assignments.
 *
 * <p>The entry point is {@link dev.mlops.core.routing.Router}. Experiment statistics that decide
 * between the variants live in {@code mlops-monitoring} ({@code dev.mlops.monitoring.experiment}),
 * and routers built from registry references ({@code fraud@champion}) in {@code mlops-registry}.
 */
package dev.mlops.core.routing;
