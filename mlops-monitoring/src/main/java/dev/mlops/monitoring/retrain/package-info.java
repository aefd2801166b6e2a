/**
 * Retraining triggers: {@link dev.mlops.monitoring.retrain.RetrainingPolicy} calls a user-supplied
 * {@link dev.mlops.monitoring.retrain.RetrainingJob} on sustained drift or a performance drop, records it as
 * a training run, registers the result as a candidate version, and moves the serving alias only when the
 * user's {@link dev.mlops.monitoring.retrain.PromotionGate} passes.
 */
package dev.mlops.monitoring.retrain;
