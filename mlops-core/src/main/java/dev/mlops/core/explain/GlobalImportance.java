package dev.mlops.core.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Global feature importance: one figure per feature with a confidence interval, from permutation
 * importance or from mean absolute Shapley values over many rows.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param method {@link ExplanationMethod#PERMUTATION_IMPORTANCE} or
 *     {@link ExplanationMethod#MEAN_ABSOLUTE_SHAP}
 * @param measure what the importance is measured in: the metric's name for permutation importance
 *     (its drop when a feature is shuffled), or the explained output for mean |SHAP|
 * @param features the feature (or group) names
 * @param importances one figure per feature
 * @param lower the lower end of each figure's 95% confidence interval
 * @param upper the upper end of each figure's 95% confidence interval
 * @param repeats how many repeats (permutations) or rows each figure is the mean of
 * @param baseline the metric on unshuffled data (permutation importance), or the mean base value
 */
public record GlobalImportance(
    ExplanationMethod method,
    String measure,
    List<String> features,
    List<Double> importances,
    List<Double> lower,
    List<Double> upper,
    int repeats,
    double baseline) {

  /**
   * Validates and copies the components.
   *
   * @param method the method
   * @param measure the measure
   * @param features the features
   * @param importances the figures, finite
   * @param lower the lower bounds
   * @param upper the upper bounds
   * @param repeats the repeats, at least 1
   * @param baseline the baseline, finite
   * @throws IllegalArgumentException if sizes differ or a figure is not finite
   */
  public GlobalImportance {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(measure, "measure");
    features = List.copyOf(features);
    importances = List.copyOf(importances);
    lower = List.copyOf(lower);
    upper = List.copyOf(upper);
    if (importances.size() != features.size() || lower.size() != features.size() || upper.size() != features.size()) {
      throw new IllegalArgumentException("one importance and interval per feature");
    }
    for (int i = 0; i < features.size(); i++) {
      if (!Double.isFinite(importances.get(i)) || !Double.isFinite(lower.get(i)) || !Double.isFinite(upper.get(i))) {
        throw new IllegalArgumentException("importance of '" + features.get(i) + "' is not finite");
      }
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats < 1");
    }
    if (!Double.isFinite(baseline)) {
      throw new IllegalArgumentException("baseline is not finite");
    }
  }

  /**
   * Returns the importance of one feature.
   *
   * @param feature the name
   * @return its importance
   * @throws dev.mlops.core.InvalidInputException if there is no such feature
   */
  public double importance(String feature) {
    int i = features.indexOf(feature);
    if (i < 0) {
      throw new dev.mlops.core.InvalidInputException(feature, "No feature '" + feature + "' in this importance.");
    }
    return importances.get(i);
  }

  /**
   * Returns the feature names ordered by decreasing importance.
   *
   * @return a new list
   */
  public List<String> ranking() {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> -importances.get(i)).thenComparing(i -> i));
    List<String> out = new ArrayList<>();
    for (int i : idx) {
      out.add(features.get(i));
    }
    return out;
  }

  /**
   * Mean absolute contribution per feature over many explanations of the same model and output, with
   * a normal-approximation 95% interval of the mean.
   *
   * @param explanations at least one explanation, all over the same features
   * @return the global importance
   * @throws IllegalArgumentException if the list is empty or the features differ
   */
  public static GlobalImportance meanAbsolute(List<Explanation> explanations) {
    if (explanations.isEmpty()) {
      throw new IllegalArgumentException("no explanations");
    }
    List<String> features = explanations.get(0).features();
    int m = features.size();
    int n = explanations.size();
    double[] mean = new double[m];
    double[] sq = new double[m];
    double base = 0;
    for (Explanation e : explanations) {
      if (!e.features().equals(features)) {
        throw new IllegalArgumentException("explanations over different features");
      }
      for (int j = 0; j < m; j++) {
        double a = Math.abs(e.contributions().get(j));
        mean[j] += a / n;
        sq[j] += a * a;
      }
      base += e.baseValue() / n;
    }
    List<Double> imp = new ArrayList<>();
    List<Double> lo = new ArrayList<>();
    List<Double> hi = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      double var = n > 1 ? Math.max(0, (sq[j] - n * mean[j] * mean[j]) / (n - 1)) : 0;
      double half = 1.959963984540054 * Math.sqrt(var / n);
      imp.add(mean[j]);
      lo.add(mean[j] - half);
      hi.add(mean[j] + half);
    }
    return new GlobalImportance(ExplanationMethod.MEAN_ABSOLUTE_SHAP, explanations.get(0).output().id(), features,
        imp, lo, hi, n, base);
  }
}
