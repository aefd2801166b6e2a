/** The built-in run stores: in memory and on the file system. */
package dev.mlops.registry.run.store;
