package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Label-free performance estimation for calibrated classifiers (confidence-based performance estimation,
 * as NannyML's CBPE): when a model's probabilities are calibrated, row {@code i} is of class {@code k} with
 * probability {@code p[i][k]}, so the expected confusion matrix, and from it the expected accuracy,
 * precision, recall, F1 and ROC AUC, follow from the probabilities alone.
 *
 * <pre>{@code
 * LabelFreeEstimate now = ConfidenceBasedEstimator.defaults().estimate(probabilityOfClass1);
 * MetricEstimate acc = now.metric(PerformanceMetric.ACCURACY).orElseThrow();
 * }</pre>
 *
 * <p>Predicted class: binary {@code p > 0.5}; multiclass the argmax (first on ties). Expected values, as
 * ratios of expectations: {@code E[TP_k] = sum over rows predicted k of p[i][k]},
 * {@code E[FP_k] = sum over rows predicted k of (1 - p[i][k])},
 * {@code E[FN_k] = sum over rows not predicted k of p[i][k]}; accuracy is the mean confidence of the
 * predicted class; precision, recall and F1 are those of the expected counts (binary: class 1;
 * multiclass: the macro mean over the {@code k} columns); ROC AUC is the expected number of concordant
 * positive-negative pairs over the expected number of such pairs (rows {@code i != j}; ties one half),
 * one-vs-rest macro for multiclass. The interval comes from {@link #simulations()} seeded draws of labels
 * from the probabilities: where the realised metric falls if the model is calibrated.
 *
 * <p>The estimate is only as good as the calibration: it cannot see concept drift ({@code P(y|x)}
 * changing), only the effect of covariate shift on a calibrated model. Immutable and thread-safe.
 */
public final class ConfidenceBasedEstimator {
  /** The default number of simulated label draws. */
  public static final int DEFAULT_SIMULATIONS = 1000;
  private static final ConfidenceBasedEstimator DEFAULTS =
      new ConfidenceBasedEstimator(MetricIntervals.DEFAULT_LEVEL, DEFAULT_SIMULATIONS, MetricIntervals.DEFAULT_SEED);

  private final double level;
  private final int simulations;
  private final long seed;

  private ConfidenceBasedEstimator(double level, int simulations, long seed) {
    this.level = level;
    this.simulations = simulations;
    this.seed = seed;
  }

  /**
   * Returns an estimator with 95% intervals from 1000 simulations, seed 1.
   *
   * @return the default estimator
   */
  public static ConfidenceBasedEstimator defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another confidence level.
   *
   * @param level the level in (0, 1)
   * @return the new estimator
   * @throws InvalidInputException if the level is not in (0, 1)
   */
  public ConfidenceBasedEstimator withLevel(double level) {
    return new ConfidenceBasedEstimator(Inputs.level(level), simulations, seed);
  }

  /**
   * Returns a copy with another number of simulated label draws.
   *
   * @param simulations at least 100
   * @return the new estimator
   * @throws InvalidInputException if {@code simulations < 100}
   */
  public ConfidenceBasedEstimator withSimulations(int simulations) {
    if (simulations < 100) {
      throw new InvalidInputException("simulations", "Use at least 100 simulations; got " + simulations + ".");
    }
    return new ConfidenceBasedEstimator(level, simulations, seed);
  }

  /**
   * Returns a copy with another simulation seed.
   *
   * @param seed the seed
   * @return the new estimator
   */
  public ConfidenceBasedEstimator withSeed(long seed) {
    return new ConfidenceBasedEstimator(level, simulations, seed);
  }

  /**
   * Returns the confidence level.
   *
   * @return the level
   */
  public double level() {
    return level;
  }

  /**
   * Returns the number of simulated label draws.
   *
   * @return the simulations
   */
  public int simulations() {
    return simulations;
  }

  /**
   * Estimates a binary classifier's performance from its probabilities of class 1.
   *
   * @param probabilityOfClass1 the calibrated probability of class 1 of each row, in [0, 1]
   * @return the estimate
   * @throws InvalidInputException if the array is empty or a probability is outside [0, 1] or NaN
   * @throws NullPointerException if the array is null
   */
  public LabelFreeEstimate estimate(double[] probabilityOfClass1) {
    Objects.requireNonNull(probabilityOfClass1, "probabilityOfClass1");
    Inputs.nonEmpty("probabilityOfClass1", probabilityOfClass1.length);
    Inputs.probabilities("probabilityOfClass1", probabilityOfClass1);
    double[] p = probabilityOfClass1;
    int n = p.length;
    int[] pred = new int[n];
    double tp = 0;
    double fp = 0;
    double fn = 0;
    double correct = 0;
    for (int i = 0; i < n; i++) {
      pred[i] = p[i] > 0.5 ? 1 : 0;
      if (pred[i] == 1) {
        tp += p[i];
        fp += 1 - p[i];
        correct += p[i];
      } else {
        fn += p[i];
        correct += 1 - p[i];
      }
    }
    double[] expected = new double[5];
    expected[0] = correct / n;
    expected[1] = ratio(tp, tp + fp);
    expected[2] = ratio(tp, tp + fn);
    expected[3] = ratio(2 * tp, 2 * tp + fp + fn);
    expected[4] = expectedAuc(p);
    double[][] sims = new double[5][simulations];
    SplittableRandom random = new SplittableRandom(seed);
    int[] y = new int[n];
    int aucDraws = 0;
    for (int b = 0; b < simulations; b++) {
      for (int i = 0; i < n; i++) {
        y[i] = random.nextDouble() < p[i] ? 1 : 0;
      }
      Confusion c = Confusion.of(y, pred, Averaging.BINARY);
      sims[0][b] = (double) ClassificationMetrics.correct(y, pred) / n;
      sims[1][b] = c.precision(Averaging.BINARY);
      sims[2][b] = c.recall(Averaging.BINARY);
      sims[3][b] = c.f1(Averaging.BINARY);
      if (!Double.isNaN(expected[4]) && hasBoth(y)) {
        sims[4][aucDraws++] = RocAuc.compute(y, p, false).auc();
      }
    }
    return result(n, expected, sims, aucDraws);
  }

  /**
   * Estimates a multiclass classifier's performance from its class probabilities (macro averages over the
   * {@code k} columns).
   *
   * @param probabilities the calibrated class probabilities of each row (at least two, summing to 1)
   * @return the estimate
   * @throws InvalidInputException if the matrix is empty or not rows of probabilities summing to 1
   * @throws NullPointerException if the matrix is null
   */
  public LabelFreeEstimate estimate(double[][] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    Inputs.nonEmpty("probabilities", probabilities.length);
    int k = Inputs.probabilityMatrix("probabilities", probabilities);
    int n = probabilities.length;
    int[] pred = new int[n];
    double[] tp = new double[k];
    double[] fp = new double[k];
    double[] fn = new double[k];
    double correct = 0;
    for (int i = 0; i < n; i++) {
      double[] row = probabilities[i];
      pred[i] = ClassificationMetrics.argmax(row);
      correct += row[pred[i]];
      for (int c = 0; c < k; c++) {
        if (c == pred[i]) {
          tp[c] += row[c];
          fp[c] += 1 - row[c];
        } else {
          fn[c] += row[c];
        }
      }
    }
    double[] expected = new double[5];
    expected[0] = correct / n;
    double auc = 0;
    double[] column = new double[n];
    for (int c = 0; c < k; c++) {
      expected[1] += ratio(tp[c], tp[c] + fp[c]) / k;
      expected[2] += ratio(tp[c], tp[c] + fn[c]) / k;
      expected[3] += ratio(2 * tp[c], 2 * tp[c] + fp[c] + fn[c]) / k;
      for (int i = 0; i < n; i++) {
        column[i] = probabilities[i][c];
      }
      auc += expectedAuc(column) / k;
    }
    expected[4] = auc;
    double[][] sims = new double[5][simulations];
    SplittableRandom random = new SplittableRandom(seed);
    int[] y = new int[n];
    int aucDraws = 0;
    for (int b = 0; b < simulations; b++) {
      for (int i = 0; i < n; i++) {
        y[i] = draw(random.nextDouble(), probabilities[i]);
      }
      sims[0][b] = (double) ClassificationMetrics.correct(y, pred) / n;
      double[] macro = macroOverColumns(y, pred, k);
      sims[1][b] = macro[0];
      sims[2][b] = macro[1];
      sims[3][b] = macro[2];
      if (!Double.isNaN(expected[4]) && allClasses(y, k)) {
        sims[4][aucDraws++] = ClassificationMetrics.rocAuc(y, probabilities);
      }
    }
    return result(n, expected, sims, aucDraws);
  }

  private LabelFreeEstimate result(int n, double[] expected, double[][] sims, int aucDraws) {
    PerformanceMetric[] order = {PerformanceMetric.ACCURACY, PerformanceMetric.PRECISION, PerformanceMetric.RECALL,
        PerformanceMetric.F1, PerformanceMetric.ROC_AUC};
    Map<PerformanceMetric, MetricEstimate> metrics = new EnumMap<>(PerformanceMetric.class);
    for (int m = 0; m < order.length; m++) {
      double[] s = m == 4 ? Arrays.copyOf(sims[m], aucDraws) : sims[m];
      if (Double.isNaN(expected[m]) || s.length < simulations / 2) {
        continue; // AUC undefined: no expected positive-negative pair, or most draws hold one class
      }
      Arrays.sort(s);
      metrics.put(order[m], new MetricEstimate(expected[m], MetricIntervals.quantile(s, (1 - level) / 2),
          MetricIntervals.quantile(s, (1 + level) / 2), level, IntervalMethod.CALIBRATED_SIMULATION, n));
    }
    return new LabelFreeEstimate(n, metrics);
  }

  /** Macro precision, recall, F1 over all k columns (classes absent from both sides count 0, as NannyML). */
  private static double[] macroOverColumns(int[] y, int[] pred, int k) {
    long[] tp = new long[k];
    long[] fp = new long[k];
    long[] fn = new long[k];
    for (int i = 0; i < y.length; i++) {
      if (y[i] == pred[i]) {
        tp[y[i]]++;
      } else {
        fp[pred[i]]++;
        fn[y[i]]++;
      }
    }
    double[] out = new double[3];
    for (int c = 0; c < k; c++) {
      out[0] += Confusion.ratio(tp[c], tp[c] + fp[c]) / k;
      out[1] += Confusion.ratio(tp[c], tp[c] + fn[c]) / k;
      out[2] += Confusion.ratio(2 * tp[c], 2 * tp[c] + fp[c] + fn[c]) / k;
    }
    return out;
  }

  /**
   * Expected AUC when row i is positive with probability p[i] and scores are p: sum over i != j of
   * p_i (1 - p_j) psi(p_i, p_j) over sum over i != j of p_i (1 - p_j). NaN when the denominator is 0.
   */
  static double expectedAuc(double[] p) {
    double[] s = p.clone();
    Arrays.sort(s);
    double sumP = 0;
    double sumQ = 0;
    double self = 0;
    for (double v : s) {
      sumP += v;
      sumQ += 1 - v;
      self += v * (1 - v);
    }
    double denominator = sumP * sumQ - self;
    if (!(denominator > 1e-12)) {
      return Double.NaN;
    }
    double numerator = 0;
    double below = 0; // sum of (1 - p_j) over scores strictly below the current group
    int i = 0;
    while (i < s.length) {
      int j = i;
      double groupQ = 0;
      double groupP = 0;
      double groupSelf = 0;
      while (j < s.length && s[j] == s[i]) {
        groupQ += 1 - s[j];
        groupP += s[j];
        groupSelf += s[j] * (1 - s[j]);
        j++;
      }
      numerator += groupP * below + 0.5 * (groupP * groupQ - groupSelf);
      below += groupQ;
      i = j;
    }
    return Math.min(1, Math.max(0, numerator / denominator));
  }

  private static int draw(double u, double[] row) {
    double cumulative = 0;
    for (int c = 0; c < row.length - 1; c++) {
      cumulative += row[c];
      if (u < cumulative) {
        return c;
      }
    }
    return row.length - 1;
  }

  private static boolean hasBoth(int[] y) {
    boolean zero = false;
    boolean one = false;
    for (int v : y) {
      zero |= v == 0;
      one |= v == 1;
    }
    return zero && one;
  }

  private static boolean allClasses(int[] y, int k) {
    boolean[] seen = new boolean[k];
    int count = 0;
    for (int v : y) {
      if (!seen[v]) {
        seen[v] = true;
        count++;
      }
    }
    return count == k;
  }

  private static double ratio(double num, double den) {
    return den <= 0 ? 0 : num / den;
  }
}
