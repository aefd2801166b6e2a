/**
 * The {@link dev.mlops.core.store.BlobStore} SPI for content-addressed bytes, its in-memory and file-system stores, and crash-safe file writing for store implementers.
 */
package dev.mlops.core.store;
