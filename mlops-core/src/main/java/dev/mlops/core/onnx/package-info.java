/**
 * ONNX models: a {@link dev.mlops.core.onnx.OnnxPredictor} on ONNX Runtime's Java API, its
 * {@link dev.mlops.core.model.PredictorLoader} for artifacts of format {@code onnx}, session options,
 * and the export of Tribuo models to ONNX ({@link dev.mlops.core.onnx.TribuoOnnx}).
 *
 * <p>ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}) is an optional dependency: nothing
 * in this package touches it until an ONNX model is loaded or exported.
 */
package dev.mlops.core.onnx;
