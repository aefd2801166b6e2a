/**
 * The model registry: {@link dev.mlops.registry.ModelRegistry} registers, versions, aliases, tags,
 * audits, verifies and loads models and data sets over pluggable stores.
 */
package dev.mlops.registry;
