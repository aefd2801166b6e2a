/**
 * Registering ONNX models: an ONNX file produced elsewhere (scikit-learn through skl2onnx, PyTorch,
 * XGBoost, ...) with its signature, or a Tribuo model together with its ONNX export, checked to agree.
 */
package dev.mlops.registry.onnx;
