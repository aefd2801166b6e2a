/**
 * Testing support for the SDK and for the services that use it.
 *
 * <p><b>Model tests.</b> {@link dev.mlops.testing.ModelTest} makes a JUnit 5 class a model test suite:
 * it injects a {@link dev.mlops.registry.ModelRegistry}, models by reference ({@link
 * dev.mlops.testing.Model}) and CSV data sets ({@link dev.mlops.testing.Dataset}), records every assertion
 * of {@link dev.mlops.testing.assertions.ModelAssertions}, and writes the results as JSON and HTML
 * ({@link dev.mlops.testing.ModelTestReport}, {@link dev.mlops.testing.ModelTestReports}).
 *
 * <p><b>Promotion gates.</b> {@link dev.mlops.testing.ModelTestGate} runs a model test suite in-process on
 * one candidate version, attaches the results to it as evidence, and returns the verdict, so a service or
 * batch job can gate an alias move on it.
 *
 * <p><b>Store compatibility kits.</b> {@link dev.mlops.testing.store} holds abstract JUnit 5 test classes
 * that every {@link dev.mlops.core.store.BlobStore} and {@link dev.mlops.registry.spi.MetadataStore}
 * passes, and that a user extends to check a store of their own.
 */
package dev.mlops.testing;
