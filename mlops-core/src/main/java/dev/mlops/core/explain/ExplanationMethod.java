package dev.mlops.core.explain;

import java.util.Locale;

/**
 * The method that produced an explanation. Enum constants are immutable and thread-safe.
 */
public enum ExplanationMethod {
  /** Shapley values by enumerating every coalition, interventional over background data. */
  EXACT_SHAPLEY,
  /** Shapley values by enumerating every coalition of a tree's path-dependent expectations. */
  EXACT_SHAPLEY_PATH_DEPENDENT,
  /** KernelSHAP: Shapley-kernel weighted least squares over sampled coalitions. */
  KERNEL_SHAP,
  /** TreeSHAP with path-dependent expectations (node covers). */
  TREE_SHAP_PATH_DEPENDENT,
  /** TreeSHAP with interventional expectations over background data. */
  TREE_SHAP_INTERVENTIONAL,
  /** LIME: a local sparse linear surrogate, fitted by Tribuo. */
  LIME,
  /** Permutation feature importance (global). */
  PERMUTATION_IMPORTANCE,
  /** Mean absolute Shapley value over explained rows (global). */
  MEAN_ABSOLUTE_SHAP;

  /**
   * Returns the lowercase name used in JSON.
   *
   * @return e.g. {@code kernel_shap}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@link #id()}.
   *
   * @param id the lowercase name
   * @return the method
   * @throws dev.mlops.core.InvalidInputException if unknown
   */
  public static ExplanationMethod fromId(String id) {
    for (ExplanationMethod m : values()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new dev.mlops.core.InvalidInputException("method", "Unknown explanation method '" + id + "'.");
  }
}
