/**
 * The model abstraction: {@link dev.mlops.core.model.Predictor}, its tabular form with a {@link dev.mlops.core.model.Schema}, model signatures and the predictor loader SPI.
 */
package dev.mlops.core.model;
