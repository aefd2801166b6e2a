/**
 * Built-in metadata stores: in memory, and on the local file system (the embedded default).
 */
package dev.mlops.registry.store;
