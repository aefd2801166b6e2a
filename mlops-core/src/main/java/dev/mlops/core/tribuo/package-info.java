/**
 * Tribuo integration: models saved and loaded in Tribuo's protobuf format, signatures derived from their domains, and a checked tabular predictor.
 */
package dev.mlops.core.tribuo;
