package dev.mlops.monitoring.performance;

/**
 * How precision, recall and F1 are combined over classes, as scikit-learn's {@code average} argument.
 *
 * <p>The classes averaged over are those present in the labels or the predictions (scikit-learn's
 * default {@code labels}). Immutable and thread-safe.
 */
public enum Averaging {
  /** Only class 1 is the positive class; labels and predictions must be 0 or 1. */
  BINARY,
  /** Unweighted mean of the per-class values. */
  MACRO,
  /** Global counts of true positives, false positives and false negatives over all classes. */
  MICRO,
  /** Mean of the per-class values weighted by each class's support (its count among the labels). */
  WEIGHTED
}
