package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Permutation feature importance: how much a metric worsens when one feature's (or one group's)
 * column is shuffled across rows, breaking its link to the target. Repeated with fresh seeded
 * permutations; each importance is the mean drop with a 95% Student-t confidence interval over the
 * repeats. Each shuffled copy of the data is predicted in one batch.
 *
 * <pre>{@code
 * GlobalImportance imp = PermutationImportance.builder(predictor, ImportanceMetric.accuracy())
 *     .repeats(10).seed(1L).build().compute(testRows, testLabels);
 * imp.ranking();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe when the predictor is.
 */
public final class PermutationImportance {
  private final TabularPredictor predictor;
  private final ImportanceMetric metric;
  private final int repeats;
  private final long seed;
  private final FeatureGroups groups;

  private PermutationImportance(TabularPredictor predictor, ImportanceMetric metric, int repeats, long seed, FeatureGroups groups) {
    this.predictor = predictor;
    this.metric = metric;
    this.repeats = repeats;
    this.seed = seed;
    this.groups = groups;
  }

  /**
   * Starts a builder.
   *
   * @param predictor the model
   * @param metric the metric
   * @return the builder
   */
  public static Builder builder(TabularPredictor predictor, ImportanceMetric metric) {
    return new Builder(Objects.requireNonNull(predictor, "predictor"), Objects.requireNonNull(metric, "metric"));
  }

  /**
   * Computes the importance of every feature (or group) on labelled rows.
   *
   * @param rows the rows, in schema order (at least 2)
   * @param targets one target per row (labels as strings, values as numbers)
   * @return the importances; positive means the model relies on the feature
   * @throws InvalidInputException if sizes differ, a row is invalid, or the metric is not finite
   */
  public GlobalImportance compute(List<double[]> rows, List<?> targets) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(targets, "targets");
    if (rows.size() != targets.size()) {
      throw new InvalidInputException("targets", rows.size() + " rows but " + targets.size() + " targets; give one target per row.");
    }
    if (rows.size() < 2) {
      throw new InvalidInputException("rows", "Permutation importance needs at least 2 rows.");
    }
    List<double[]> data = new ArrayList<>(rows.size());
    for (double[] r : rows) {
      data.add(predictor.schema().checkRow(r).clone());
    }
    List<String> names = predictor.schema().names();
    FeatureGroups.Players players = groups == null ? FeatureGroups.Players.ofFeatures(names) : groups.players(names);
    double baseline = score(data, targets);
    double sign = metric.higherIsBetter() ? 1 : -1;
    SplittableRandom root = new SplittableRandom(seed);
    int n = data.size();
    List<Double> imp = new ArrayList<>();
    List<Double> lo = new ArrayList<>();
    List<Double> hi = new ArrayList<>();
    double t = new TDistribution(repeats - 1).inverseCumulativeProbability(0.975);
    for (int p = 0; p < players.size(); p++) {
      int[] cols = players.columns()[p];
      SplittableRandom rnd = root.split();
      double[] drops = new double[repeats];
      for (int rep = 0; rep < repeats; rep++) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
          perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int tmp = perm[i];
          perm[i] = perm[j];
          perm[j] = tmp;
        }
        List<double[]> shuffled = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          double[] r = data.get(i).clone();
          for (int c : cols) {
            r[c] = data.get(perm[i])[c];
          }
          shuffled.add(r);
        }
        drops[rep] = sign * (baseline - score(shuffled, targets));
      }
      double mean = 0;
      for (double d : drops) {
        mean += d / repeats;
      }
      double var = 0;
      for (double d : drops) {
        var += (d - mean) * (d - mean) / (repeats - 1);
      }
      double half = t * Math.sqrt(var / repeats);
      imp.add(mean);
      lo.add(mean - half);
      hi.add(mean + half);
    }
    return new GlobalImportance(ExplanationMethod.PERMUTATION_IMPORTANCE, metric.name(), players.names(), imp, lo, hi, repeats, baseline);
  }

  private double score(List<double[]> rows, List<?> targets) {
    List<Prediction> preds = predictor.predictRows(rows);
    double s = metric.score(preds, targets);
    if (!Double.isFinite(s)) {
      throw new InvalidInputException("metric", "The metric " + metric.name() + " is NaN or infinite on these rows.");
    }
    return s;
  }

  /** Builds a {@link PermutationImportance}. Not thread-safe; each setter may be called once. */
  public static final class Builder {
    private final TabularPredictor predictor;
    private final ImportanceMetric metric;
    private int repeats = -1;
    private Long seed;
    private FeatureGroups groups;

    private Builder(TabularPredictor predictor, ImportanceMetric metric) {
      this.predictor = predictor;
      this.metric = metric;
    }

    /**
     * Sets the number of permutations per feature (default 5).
     *
     * @param repeats at least 2, for a confidence interval
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder repeats(int repeats) {
      if (this.repeats >= 0) {
        throw new IllegalStateException("repeats was already set");
      }
      if (repeats < 2) {
        throw new IllegalArgumentException("repeats < 2: a confidence interval needs at least two permutations");
      }
      this.repeats = repeats;
      return this;
    }

    /**
     * Sets the seed (default 0).
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      if (this.seed != null) {
        throw new IllegalStateException("seed was already set");
      }
      this.seed = seed;
      return this;
    }

    /**
     * Shuffles groups of features together (one-hot columns of one original column).
     *
     * @param groups the groups
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder groups(FeatureGroups groups) {
      if (this.groups != null) {
        throw new IllegalStateException("groups was already set");
      }
      this.groups = Objects.requireNonNull(groups, "groups");
      return this;
    }

    /**
     * Builds the explainer.
     *
     * @return the explainer
     */
    public PermutationImportance build() {
      return new PermutationImportance(predictor, metric, repeats < 0 ? 5 : repeats, seed == null ? 0L : seed, groups);
    }
  }
}
