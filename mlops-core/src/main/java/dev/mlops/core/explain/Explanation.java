package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The explanation of one prediction: a base value and one contribution per feature (or per group of
 * features), the prediction explained, the method, and the method's own accuracy figure.
 *
 * <p>For additive methods (Shapley values), {@code baseValue + Σ contributions = prediction} up to
 * {@link #additivityError()}. For LIME the contributions are the surrogate's terms
 * {@code w_j x_j} and the base value its intercept; {@link #accuracy()} is the surrogate's fit.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param method the method
 * @param output the number explained
 * @param features the feature (or group) names, in order
 * @param featureValues the explained row's value of each feature; empty when features are groups
 * @param contributions one contribution per feature
 * @param standardErrors one standard error per contribution for sampled methods; empty otherwise
 * @param baseValue the expected output the contributions start from
 * @param prediction the model's output for the row
 * @param accuracy the method's accuracy figure
 */
public record Explanation(
    ExplanationMethod method,
    ExplainedOutput output,
    List<String> features,
    List<Double> featureValues,
    List<Double> contributions,
    List<Double> standardErrors,
    double baseValue,
    double prediction,
    Accuracy accuracy) {

  /**
   * Validates and copies the components.
   *
   * @param method the method
   * @param output the output
   * @param features the features
   * @param featureValues the values, empty or one per feature
   * @param contributions one per feature, finite
   * @param standardErrors empty or one per feature
   * @param baseValue the base value, finite
   * @param prediction the prediction, finite
   * @param accuracy the accuracy
   * @throws IllegalArgumentException if sizes differ or a number is not finite
   */
  public Explanation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(accuracy, "accuracy");
    features = List.copyOf(features);
    featureValues = List.copyOf(featureValues);
    contributions = List.copyOf(contributions);
    standardErrors = List.copyOf(standardErrors);
    int n = features.size();
    if (contributions.size() != n) {
      throw new IllegalArgumentException(contributions.size() + " contributions for " + n + " features");
    }
    if (!featureValues.isEmpty() && featureValues.size() != n) {
      throw new IllegalArgumentException(featureValues.size() + " feature values for " + n + " features");
    }
    if (!standardErrors.isEmpty() && standardErrors.size() != n) {
      throw new IllegalArgumentException(standardErrors.size() + " standard errors for " + n + " features");
    }
    for (Double c : contributions) {
      if (!Double.isFinite(c)) {
        throw new IllegalArgumentException("a contribution is not finite; the model returned a non-finite output");
      }
    }
    if (!Double.isFinite(baseValue) || !Double.isFinite(prediction)) {
      throw new IllegalArgumentException("the base value or the prediction is not finite");
    }
  }

  /**
   * Returns {@code |baseValue + Σ contributions − prediction|}.
   *
   * @return the additivity error
   */
  public double additivityError() {
    return Math.abs(baseValue + sum() - prediction);
  }

  /**
   * Returns the sum of the contributions.
   *
   * @return the sum, added with compensation
   */
  public double sum() {
    double s = 0;
    double c = 0;
    for (double v : contributions) {
      double y = v - c;
      double t = s + y;
      c = (t - s) - y;
      s = t;
    }
    return s;
  }

  /**
   * Returns the contribution of one feature.
   *
   * @param feature the feature (or group) name
   * @return its contribution
   * @throws InvalidInputException if there is no such feature
   */
  public double contribution(String feature) {
    int i = features.indexOf(feature);
    if (i < 0) {
      throw new InvalidInputException(feature, "The explanation has no feature '" + feature + "'.");
    }
    return contributions.get(i);
  }

  /**
   * Returns the contributions as an array in feature order.
   *
   * @return a new array
   */
  public double[] contributionArray() {
    double[] a = new double[contributions.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = contributions.get(i);
    }
    return a;
  }

  /**
   * Sums contributions per group, so that an explanation over one-hot or derived features is read
   * per original column. Additivity is kept. Standard errors are combined as if independent (the
   * square root of the summed variances), which is approximate: for an exact grouped game give the
   * groups to the explainer instead ({@link KernelShap.Builder#groups(FeatureGroups)}).
   *
   * @param groups the groups
   * @return the grouped explanation, without feature values
   * @throws InvalidInputException if a group names a feature this explanation does not have
   */
  public Explanation grouped(FeatureGroups groups) {
    FeatureGroups.Players players = groups.players(features);
    List<Double> c = new ArrayList<>();
    List<Double> se = new ArrayList<>();
    for (int[] cols : players.columns()) {
      double s = 0;
      double v = 0;
      for (int col : cols) {
        s += contributions.get(col);
        if (!standardErrors.isEmpty()) {
          v += standardErrors.get(col) * standardErrors.get(col);
        }
      }
      c.add(s);
      se.add(Math.sqrt(v));
    }
    return new Explanation(method, output, players.names(), List.of(), c, standardErrors.isEmpty() ? List.of() : se,
        baseValue, prediction, accuracy.kind() == Accuracy.Kind.ADDITIVITY_ERROR
            ? new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, Math.abs(baseValue + sumOf(c) - prediction)) : accuracy);
  }

  static double sumOf(List<Double> values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  static List<Double> boxed(double[] values) {
    List<Double> l = new ArrayList<>(values.length);
    for (double v : values) {
      l.add(v);
    }
    return l;
  }
}
