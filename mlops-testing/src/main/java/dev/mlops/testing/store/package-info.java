/**
 * Compatibility kits for store implementations: {@link dev.mlops.testing.store.BlobStoreCompatibilityKit}
 * and {@link dev.mlops.testing.store.MetadataStoreCompatibilityKit}, abstract JUnit 5 test classes that
 * every {@link dev.mlops.core.store.BlobStore} and {@link dev.mlops.registry.spi.MetadataStore} passes:
 * the built-in ones, the PostgreSQL and S3 ones, and a user's own. Extend a kit in a class named
 * {@code *Test}, implement its factory method, and the whole contract runs against the store.
 */
package dev.mlops.testing.store;
