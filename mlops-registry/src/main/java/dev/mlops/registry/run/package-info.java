/**
 * Reproducible training runs: {@link dev.mlops.registry.run.Tracking} starts
 * {@link dev.mlops.registry.run.Run}s in experiments, records parameters, metrics, seeds, data set
 * inputs, artifacts and the environment, queries and compares them, links registered versions to
 * their runs, and re-invokes training entry points to reproduce a run.
 */
package dev.mlops.registry.run;
