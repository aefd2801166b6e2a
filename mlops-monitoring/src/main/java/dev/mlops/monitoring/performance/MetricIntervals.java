package dev.mlops.monitoring.performance;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Metrics with confidence intervals: Wilson for proportions (accuracy, binary and micro precision and
 * recall), DeLong for the binary ROC AUC, and a seeded percentile bootstrap for everything else and for
 * any user metric; paired bootstrap intervals for the difference of a metric between two models scored
 * on the same rows.
 *
 * <pre>{@code
 * MetricIntervals intervals = MetricIntervals.defaults();              // 95%, 2000 resamples, seed 1
 * MetricEstimate acc = intervals.accuracy(labels, predicted);           // Wilson
 * MetricEstimate auc = intervals.rocAuc(labels, probabilityOfClass1);   // DeLong
 * MetricEstimate f1 = intervals.f1(labels, predicted, Averaging.MACRO);  // bootstrap
 * MetricEstimate gap = intervals.pairedBootstrap(ClassificationMetrics::f1, labels, challenger, champion);
 * boolean notWorse = gap.lower() > -0.01;
 * }</pre>
 *
 * <p>The bootstrap draws {@link #resamples()} resamples of the rows with replacement from a
 * {@link SplittableRandom} seeded with {@link #seed()}, so a result is reproducible; the interval is the
 * percentile interval (not BCa), the {@code (1-level)/2} and {@code (1+level)/2} quantiles with numpy's
 * linear interpolation. A resample on which the metric is undefined (a single class for AUC) is drawn
 * again; when more than half the draws are undefined the call fails with an
 * {@link InvalidInputException}. Not stratified.
 *
 * <p>Immutable and thread-safe (each call uses its own generator).
 */
public final class MetricIntervals {
  /** The default confidence level. */
  public static final double DEFAULT_LEVEL = 0.95;
  /** The default number of bootstrap resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** The default bootstrap seed. */
  public static final long DEFAULT_SEED = 1L;

  private static final NormalDistribution NORMAL = new NormalDistribution((RandomGenerator) null, 0, 1);
  private static final MetricIntervals DEFAULTS = new MetricIntervals(DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED);

  private final double level;
  private final int resamples;
  private final long seed;

  private MetricIntervals(double level, int resamples, long seed) {
    this.level = level;
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * Returns intervals at 95% with 2000 bootstrap resamples and seed 1.
   *
   * @return the default configuration
   */
  public static MetricIntervals defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another confidence level.
   *
   * @param level the confidence level, in (0, 1)
   * @return the new configuration
   * @throws InvalidInputException if the level is not in (0, 1)
   */
  public MetricIntervals withLevel(double level) {
    return new MetricIntervals(Inputs.level(level), resamples, seed);
  }

  /**
   * Returns a copy with another number of bootstrap resamples.
   *
   * @param resamples the number of resamples, at least 100 (2000 or more for 95% intervals)
   * @return the new configuration
   * @throws InvalidInputException if {@code resamples < 100}
   */
  public MetricIntervals withResamples(int resamples) {
    if (resamples < 100) {
      throw new InvalidInputException("resamples", "Use at least 100 bootstrap resamples (2000 is usual); got "
          + resamples + ".");
    }
    return new MetricIntervals(level, resamples, seed);
  }

  /**
   * Returns a copy with another bootstrap seed.
   *
   * @param seed the seed of the bootstrap's generator
   * @return the new configuration
   */
  public MetricIntervals withSeed(long seed) {
    return new MetricIntervals(level, resamples, seed);
  }

  /**
   * Returns the confidence level.
   *
   * @return the level in (0, 1)
   */
  public double level() {
    return level;
  }

  /**
   * Returns the number of bootstrap resamples.
   *
   * @return the resamples
   */
  public int resamples() {
    return resamples;
  }

  /**
   * Returns the bootstrap seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  // ---------------------------------------------------------------- proportions (Wilson)

  /**
   * Returns the Wilson score interval of a proportion {@code successes / trials}. With no trial the value
   * is 0 and the interval [0, 1].
   *
   * @param successes the successes
   * @param trials the trials
   * @return the estimate, method {@link IntervalMethod#WILSON}, {@code n = trials}
   * @throws InvalidInputException if a count is negative, {@code successes > trials}
   */
  public MetricEstimate wilson(long successes, long trials) {
    if (successes < 0 || trials < 0 || successes > trials || trials > Integer.MAX_VALUE) {
      throw new InvalidInputException("successes", "Counts satisfy 0 <= successes <= trials <= 2^31-1; got "
          + successes + " of " + trials + ".");
    }
    if (trials == 0) {
      return new MetricEstimate(0, 0, 1, level, IntervalMethod.WILSON, 0);
    }
    double z = z();
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denom;
    double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    double lo = Math.max(0, center - half);
    double hi = Math.min(1, center + half);
    return new MetricEstimate(p, Math.min(lo, p), Math.max(hi, p), level, IntervalMethod.WILSON, (int) trials);
  }

  /**
   * Returns the accuracy with its Wilson interval over the rows.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @return the estimate, {@code n} the rows
   * @throws InvalidInputException if the arrays are empty, differ in length or hold a negative class
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate accuracy(int[] labels, int[] predicted) {
    ClassificationMetrics.checkLabels(labels, predicted);
    return wilson(ClassificationMetrics.correct(labels, predicted), labels.length);
  }

  /**
   * Returns the binary precision of class 1 with its Wilson interval over the predicted positives.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the estimate, {@code n = TP + FP}; value 0 and interval [0, 1] when nothing is predicted positive
   * @throws InvalidInputException as {@link ClassificationMetrics#precision(int[], int[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate precision(int[] labels, int[] predicted) {
    return precision(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the averaged precision with an interval: Wilson for {@link Averaging#BINARY} and
   * {@link Averaging#MICRO} (a proportion of predictions), the percentile bootstrap for
   * {@link Averaging#MACRO} and {@link Averaging#WEIGHTED}.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#precision(int[], int[], Averaging)}
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate precision(int[] labels, int[] predicted, Averaging averaging) {
    return proportion(labels, predicted, averaging, true);
  }

  /**
   * Returns the binary recall of class 1 with its Wilson interval over the actual positives.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the estimate, {@code n = TP + FN}; value 0 and interval [0, 1] when no label is positive
   * @throws InvalidInputException as {@link ClassificationMetrics#recall(int[], int[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate recall(int[] labels, int[] predicted) {
    return recall(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the averaged recall with an interval: Wilson for {@link Averaging#BINARY} and
   * {@link Averaging#MICRO}, the percentile bootstrap for {@link Averaging#MACRO} and
   * {@link Averaging#WEIGHTED}.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#recall(int[], int[], Averaging)}
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate recall(int[] labels, int[] predicted, Averaging averaging) {
    return proportion(labels, predicted, averaging, false);
  }

  private MetricEstimate proportion(int[] labels, int[] predicted, Averaging averaging, boolean precision) {
    Confusion c = Confusion.of(labels, predicted, averaging);
    switch (averaging) {
      case BINARY: {
        long tp = c.tp.length > 1 ? c.tp[1] : 0;
        long other = c.tp.length > 1 ? (precision ? c.fp[1] : c.fn[1]) : 0;
        return wilson(tp, tp + other);
      }
      case MICRO: {
        long t = 0;
        long other = 0;
        for (int k = 0; k < c.tp.length; k++) {
          t += c.tp[k];
          other += precision ? c.fp[k] : c.fn[k];
        }
        return wilson(t, t + other);
      }
      default:
        return precision
            ? bootstrap((LabelMetric) (y, p) -> ClassificationMetrics.precision(y, p, averaging), labels, predicted)
            : bootstrap((LabelMetric) (y, p) -> ClassificationMetrics.recall(y, p, averaging), labels, predicted);
    }
  }

  // ---------------------------------------------------------------- bootstrap metrics

  /**
   * Returns the binary F1 of class 1 with a percentile bootstrap interval.
   *
   * @param labels the true classes, 0 or 1
   * @param predicted the predicted classes, 0 or 1
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#f1(int[], int[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate f1(int[] labels, int[] predicted) {
    return f1(labels, predicted, Averaging.BINARY);
  }

  /**
   * Returns the averaged F1 with a percentile bootstrap interval.
   *
   * @param labels the true classes
   * @param predicted the predicted classes
   * @param averaging how per-class values are combined
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#f1(int[], int[], Averaging)}
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate f1(int[] labels, int[] predicted, Averaging averaging) {
    Objects.requireNonNull(averaging, "averaging");
    return bootstrap((LabelMetric) (y, p) -> ClassificationMetrics.f1(y, p, averaging), labels, predicted);
  }

  /**
   * Returns the binary ROC AUC with DeLong's interval {@code AUC +- z sqrt(Var)}, clipped to [0, 1]; with
   * fewer than two rows of a class the interval is [0, 1].
   *
   * @param labels the true classes, 0 or 1, both present
   * @param scores the score of class 1 of each row
   * @return the estimate, {@code n} the rows
   * @throws InvalidInputException as {@link ClassificationMetrics#rocAuc(int[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate rocAuc(int[] labels, double[] scores) {
    ClassificationMetrics.checkScores(labels, scores, false);
    RocAuc.Result r = RocAuc.compute(labels, scores, true);
    double half = z() * Math.sqrt(r.variance());
    double lo = Double.isInfinite(half) ? 0 : Math.max(0, r.auc() - half);
    double hi = Double.isInfinite(half) ? 1 : Math.min(1, r.auc() + half);
    return new MetricEstimate(r.auc(), lo, hi, level, IntervalMethod.DELONG, labels.length);
  }

  /**
   * Returns DeLong's variance of the binary ROC AUC (the {@code Var} of {@link #rocAuc(int[], double[])}),
   * for tests of two correlated AUCs or a user's own interval.
   *
   * @param labels the true classes, 0 or 1, both present
   * @param scores the score of class 1 of each row
   * @return the variance; infinite with fewer than two rows of a class
   * @throws InvalidInputException as {@link ClassificationMetrics#rocAuc(int[], double[])}
   * @throws NullPointerException if an array is null
   */
  public static double deLongVariance(int[] labels, double[] scores) {
    ClassificationMetrics.checkScores(labels, scores, false);
    return RocAuc.compute(labels, scores, true).variance();
  }

  /**
   * Returns the one-vs-rest macro ROC AUC with a percentile bootstrap interval.
   *
   * @param labels the true classes
   * @param probabilities the class probabilities of each row
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#rocAuc(int[], double[][])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate rocAuc(int[] labels, double[][] probabilities) {
    return bootstrap((ProbabilityMetric) ClassificationMetrics::rocAuc, labels, probabilities);
  }

  /**
   * Returns the binary log-loss with a percentile bootstrap interval.
   *
   * @param labels the true classes, 0 or 1
   * @param probabilities the probability of class 1 of each row
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#logLoss(int[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate logLoss(int[] labels, double[] probabilities) {
    return bootstrap((ScoreMetric) ClassificationMetrics::logLoss, labels, probabilities);
  }

  /**
   * Returns the multiclass log-loss with a percentile bootstrap interval.
   *
   * @param labels the true classes
   * @param probabilities the class probabilities of each row
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#logLoss(int[], double[][])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate logLoss(int[] labels, double[][] probabilities) {
    return bootstrap((ProbabilityMetric) ClassificationMetrics::logLoss, labels, probabilities);
  }

  /**
   * Returns the binary expected calibration error ({@value ClassificationMetrics#DEFAULT_CALIBRATION_BINS}
   * bins) with a percentile bootstrap interval.
   *
   * @param labels the true classes, 0 or 1
   * @param probabilities the probability of class 1 of each row
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#expectedCalibrationError(int[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate expectedCalibrationError(int[] labels, double[] probabilities) {
    return bootstrap((ScoreMetric) ClassificationMetrics::expectedCalibrationError, labels, probabilities);
  }

  /**
   * Returns the multiclass (top-label) expected calibration error
   * ({@value ClassificationMetrics#DEFAULT_CALIBRATION_BINS} bins) with a percentile bootstrap interval.
   *
   * @param labels the true classes
   * @param probabilities the class probabilities of each row
   * @return the estimate
   * @throws InvalidInputException as {@link ClassificationMetrics#expectedCalibrationError(int[], double[][])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate expectedCalibrationError(int[] labels, double[][] probabilities) {
    return bootstrap((ProbabilityMetric) ClassificationMetrics::expectedCalibrationError, labels, probabilities);
  }

  /**
   * Returns the mean absolute error with a percentile bootstrap interval.
   *
   * @param actual the observed values
   * @param predicted the predicted values
   * @return the estimate
   * @throws InvalidInputException as {@link RegressionMetrics#mae(double[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate mae(double[] actual, double[] predicted) {
    return bootstrap((RegressionMetric) RegressionMetrics::mae, actual, predicted);
  }

  /**
   * Returns the root mean squared error with a percentile bootstrap interval.
   *
   * @param actual the observed values
   * @param predicted the predicted values
   * @return the estimate
   * @throws InvalidInputException as {@link RegressionMetrics#rmse(double[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate rmse(double[] actual, double[] predicted) {
    return bootstrap((RegressionMetric) RegressionMetrics::rmse, actual, predicted);
  }

  /**
   * Returns R&sup2; with a percentile bootstrap interval.
   *
   * @param actual the observed values
   * @param predicted the predicted values
   * @return the estimate
   * @throws InvalidInputException as {@link RegressionMetrics#r2(double[], double[])}
   * @throws NullPointerException if an array is null
   */
  public MetricEstimate r2(double[] actual, double[] predicted) {
    return bootstrap((RegressionMetric) RegressionMetrics::r2, actual, predicted);
  }

  // ---------------------------------------------------------------- generic bootstrap

  /**
   * Returns any label metric with a percentile bootstrap interval.
   *
   * @param metric the metric, e.g. {@code ClassificationMetrics::accuracy}
   * @param labels the true classes
   * @param predicted the predicted classes
   * @return the estimate, value the metric on all rows
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate bootstrap(LabelMetric metric, int[] labels, int[] predicted) {
    Objects.requireNonNull(metric, "metric");
    ClassificationMetrics.checkLabels(labels, predicted);
    return bootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(predicted, rows)));
  }

  /**
   * Returns any binary score metric with a percentile bootstrap interval.
   *
   * @param metric the metric, e.g. {@code ClassificationMetrics::logLoss}
   * @param labels the true classes, 0 or 1
   * @param scores the score or probability of class 1 of each row
   * @return the estimate
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate bootstrap(ScoreMetric metric, int[] labels, double[] scores) {
    Objects.requireNonNull(metric, "metric");
    checkLengths(labels, scores == null ? -1 : scores.length, "scores");
    return bootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(scores, rows)));
  }

  /**
   * Returns any multiclass probability metric with a percentile bootstrap interval.
   *
   * @param metric the metric, e.g. {@code ClassificationMetrics::logLoss}
   * @param labels the true classes
   * @param probabilities the class probabilities of each row
   * @return the estimate
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate bootstrap(ProbabilityMetric metric, int[] labels, double[][] probabilities) {
    Objects.requireNonNull(metric, "metric");
    checkLengths(labels, probabilities == null ? -1 : probabilities.length, "probabilities");
    return bootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(probabilities, rows)));
  }

  /**
   * Returns any regression metric with a percentile bootstrap interval.
   *
   * @param metric the metric, e.g. {@code RegressionMetrics::rmse}
   * @param actual the observed values
   * @param predicted the predicted values
   * @return the estimate
   * @throws InvalidInputException if the metric rejects the input
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate bootstrap(RegressionMetric metric, double[] actual, double[] predicted) {
    Objects.requireNonNull(metric, "metric");
    RegressionMetrics.check(actual, predicted);
    return bootstrap(actual.length, rows -> metric.compute(gather(actual, rows), gather(predicted, rows)));
  }

  /**
   * Returns any metric of rows with a percentile bootstrap interval: the value is the metric on the rows
   * {@code 0..n-1}, the interval from resamples of them.
   *
   * @param n the number of rows, at least 1
   * @param metric the metric of a multiset of row indices
   * @return the estimate, method {@link IntervalMethod#BOOTSTRAP_PERCENTILE}
   * @throws InvalidInputException if {@code n < 1}, the metric rejects all rows, or it is undefined on more
   *     than half the resamples
   * @throws NullPointerException if the metric is null
   */
  public MetricEstimate bootstrap(int n, RowMetric metric) {
    Objects.requireNonNull(metric, "metric");
    Inputs.nonEmpty("rows", Math.max(n, 0));
    double value = finite(metric.evaluate(identity(n)));
    double[] stats = replicate(n, rows -> finite(metric.evaluate(rows)));
    return estimate(value, stats, IntervalMethod.BOOTSTRAP_PERCENTILE, n);
  }

  // ---------------------------------------------------------------- paired bootstrap

  /**
   * Returns the difference {@code metric(first) - metric(second)} of two models' predictions on the same
   * rows, with a paired percentile bootstrap interval (both models scored on the same resampled rows).
   *
   * @param metric the metric
   * @param labels the true classes
   * @param first the first model's predicted classes
   * @param second the second model's predicted classes
   * @return the estimate of the difference, method {@link IntervalMethod#PAIRED_BOOTSTRAP_PERCENTILE}
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate pairedBootstrap(LabelMetric metric, int[] labels, int[] first, int[] second) {
    Objects.requireNonNull(metric, "metric");
    ClassificationMetrics.checkLabels(labels, first);
    ClassificationMetrics.checkLabels(labels, second);
    return pairedBootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(first, rows)),
        rows -> metric.compute(gather(labels, rows), gather(second, rows)));
  }

  /**
   * Returns the difference of a binary score metric between two models on the same rows, with a paired
   * percentile bootstrap interval.
   *
   * @param metric the metric, e.g. {@code ClassificationMetrics::rocAuc}
   * @param labels the true classes, 0 or 1
   * @param first the first model's scores
   * @param second the second model's scores
   * @return the estimate of {@code metric(first) - metric(second)}
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate pairedBootstrap(ScoreMetric metric, int[] labels, double[] first, double[] second) {
    Objects.requireNonNull(metric, "metric");
    checkLengths(labels, first == null ? -1 : first.length, "first");
    checkLengths(labels, second == null ? -1 : second.length, "second");
    return pairedBootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(first, rows)),
        rows -> metric.compute(gather(labels, rows), gather(second, rows)));
  }

  /**
   * Returns the difference of a multiclass probability metric between two models on the same rows, with a
   * paired percentile bootstrap interval.
   *
   * @param metric the metric
   * @param labels the true classes
   * @param first the first model's class probabilities
   * @param second the second model's class probabilities
   * @return the estimate of {@code metric(first) - metric(second)}
   * @throws InvalidInputException if the metric rejects the input or is undefined on most resamples
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate pairedBootstrap(ProbabilityMetric metric, int[] labels, double[][] first,
      double[][] second) {
    Objects.requireNonNull(metric, "metric");
    checkLengths(labels, first == null ? -1 : first.length, "first");
    checkLengths(labels, second == null ? -1 : second.length, "second");
    return pairedBootstrap(labels.length, rows -> metric.compute(gather(labels, rows), gather(first, rows)),
        rows -> metric.compute(gather(labels, rows), gather(second, rows)));
  }

  /**
   * Returns the difference of a regression metric between two models on the same rows, with a paired
   * percentile bootstrap interval.
   *
   * @param metric the metric
   * @param actual the observed values
   * @param first the first model's predictions
   * @param second the second model's predictions
   * @return the estimate of {@code metric(first) - metric(second)}
   * @throws InvalidInputException if the metric rejects the input
   * @throws NullPointerException if an argument is null
   */
  public MetricEstimate pairedBootstrap(RegressionMetric metric, double[] actual, double[] first,
      double[] second) {
    Objects.requireNonNull(metric, "metric");
    RegressionMetrics.check(actual, first);
    RegressionMetrics.check(actual, second);
    return pairedBootstrap(actual.length, rows -> metric.compute(gather(actual, rows), gather(first, rows)),
        rows -> metric.compute(gather(actual, rows), gather(second, rows)));
  }

  /**
   * Returns {@code first - second} for two metrics of the same rows with a paired percentile bootstrap
   * interval: each resample evaluates both on the same row indices.
   *
   * @param n the number of rows
   * @param first the first metric
   * @param second the second metric
   * @return the estimate of the difference, method {@link IntervalMethod#PAIRED_BOOTSTRAP_PERCENTILE}
   * @throws InvalidInputException if {@code n < 1}, a metric rejects all rows, or the difference is
   *     undefined on more than half the resamples
   * @throws NullPointerException if a metric is null
   */
  public MetricEstimate pairedBootstrap(int n, RowMetric first, RowMetric second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Inputs.nonEmpty("rows", Math.max(n, 0));
    int[] all = identity(n);
    double value = finite(first.evaluate(all)) - finite(second.evaluate(all));
    double[] stats = replicate(n, rows -> finite(first.evaluate(rows)) - finite(second.evaluate(rows)));
    return estimate(value, stats, IntervalMethod.PAIRED_BOOTSTRAP_PERCENTILE, n);
  }

  // ---------------------------------------------------------------- internals

  private double z() {
    return NORMAL.inverseCumulativeProbability(1 - (1 - level) / 2);
  }

  private double[] replicate(int n, RowMetric statistic) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    int[] rows = new int[n];
    int undefined = 0;
    for (int b = 0; b < resamples; ) {
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      try {
        stats[b] = statistic.evaluate(rows);
        b++;
      } catch (InvalidInputException e) {
        if (++undefined > resamples) {
          throw new InvalidInputException("rows", "The metric is undefined on more than half the bootstrap "
              + "resamples (" + e.getMessage() + "); collect more rows of each class.");
        }
      }
    }
    return stats;
  }

  private MetricEstimate estimate(double value, double[] stats, IntervalMethod method, int n) {
    Arrays.sort(stats);
    double lo = quantile(stats, (1 - level) / 2);
    double hi = quantile(stats, (1 + level) / 2);
    return new MetricEstimate(value, lo, hi, level, method, n);
  }

  /** numpy's default (linear) percentile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  private static double finite(double v) {
    if (!Double.isFinite(v)) {
      throw new InvalidInputException("metric", "The metric returned " + v + "; a metric must return a finite "
          + "value or throw InvalidInputException where it is undefined.");
    }
    return v;
  }

  private static void checkLengths(int[] labels, int length, String field) {
    Objects.requireNonNull(labels, "labels");
    if (length < 0) {
      throw new NullPointerException(field);
    }
    Inputs.nonEmpty("labels", labels.length);
    Inputs.sameLength(field, labels.length, length);
  }

  private static int[] identity(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  static int[] gather(int[] values, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  static double[] gather(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  static double[][] gather(double[][] values, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }
}
