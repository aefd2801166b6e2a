/**
 * Tribuo training inside runs and its bit-for-bit reproduction: {@link dev.mlops.registry.run.tribuo.TribuoRuns},
 * with the parameter digest ({@link dev.mlops.registry.run.tribuo.ModelDigests}) and the provenance
 * JSON and digest ({@link dev.mlops.registry.run.tribuo.TribuoProvenance}).
 */
package dev.mlops.registry.run.tribuo;
