/**
 * jqwik support for model tests: {@link dev.mlops.testing.jqwik.FeatureVectors} generates model
 * inputs from a schema or from the ranges and categories observed in a data set, and
 * {@link dev.mlops.testing.jqwik.ModelProperties} checks behaviour (monotonicity in a feature,
 * invariance under changes of an irrelevant one) from a user's {@code @Property}; jqwik's shrinking
 * then reports a minimal failing input.
 */
package dev.mlops.testing.jqwik;
