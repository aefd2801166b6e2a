/**
 * The registry's metadata store SPI: narrow storage primitives (atomic version allocation,
 * compare-and-set state and aliases, audited in the same step) that every store implements once.
 */
package dev.mlops.registry.spi;
