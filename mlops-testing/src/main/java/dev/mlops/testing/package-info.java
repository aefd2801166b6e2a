/**
 * Testing support for the SDK and for the services that use it. The store compatibility kits live in
 * {@link dev.mlops.testing.store}: abstract JUnit 5 test classes that every
 * {@link dev.mlops.core.store.BlobStore} and {@link dev.mlops.registry.spi.MetadataStore} passes, and
 * that a user extends to check a store of their own. Model tests as JUnit 5 tests arrive with their own
 * issue.
 */
package dev.mlops.testing;
