/**
 * Evidence about a model version: the results of a test suite (for example a {@code @ModelTest}
 * class) recorded against the exact manifest digest it tested, stored as a content-addressed
 * canonical-JSON blob so that it cannot be edited after the fact, and referenced from the version's
 * append-only audit log. See {@link dev.mlops.registry.ModelRegistry#attachEvidence}.
 */
package dev.mlops.registry.evidence;
