/**
 * Explanations of predictions, each with its own accuracy figure: exact Shapley values by
 * enumeration ({@link dev.mlops.core.explain.ExactShapley}), KernelSHAP for any tabular predictor
 * ({@link dev.mlops.core.explain.KernelShap}), TreeSHAP for Tribuo CART trees and ensembles
 * ({@link dev.mlops.core.explain.TreeShap}), permutation feature importance
 * ({@link dev.mlops.core.explain.PermutationImportance}), partial dependence and ICE curves
 * ({@link dev.mlops.core.explain.PartialDependence}) and LIME through Tribuo
 * ({@link dev.mlops.core.explain.LimeExplainer}). Results are {@link dev.mlops.core.explain.Explanation}
 * and {@link dev.mlops.core.explain.GlobalImportance}, written as JSON by
 * {@link dev.mlops.core.explain.ExplanationJson} and drawn as HTML/SVG by
 * {@link dev.mlops.core.explain.ExplanationHtml}.
 */
package dev.mlops.core.explain;
