/**
 * Core values of the SDK: digests, name validation and the exception hierarchy rooted at {@link dev.mlops.core.MlopsException}.
 */
package dev.mlops.core;
