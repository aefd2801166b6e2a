/** The run store SPI: implement {@link dev.mlops.registry.run.spi.RunStore} to keep runs elsewhere. */
package dev.mlops.registry.run.spi;
