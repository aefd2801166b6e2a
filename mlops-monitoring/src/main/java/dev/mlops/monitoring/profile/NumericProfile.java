package dev.mlops.monitoring.profile;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.frame.NumericColumn;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The profile of a numeric column: a KLL quantile sketch, count, missing count, min, max, mean and
 * variance, the exact sorted sample while the column has at most {@code exactSampleLimit} values,
 * and the exact count of each distinct value while there are at most {@value #DISTINCT_LIMIT}.
 * Missing values are NaN and ±∞ (Evidently drops both).
 *
 * <p>Size: the sketch with {@code k = 200} serializes to at most about 6.4 KB whatever the row
 * count (DataSketches' bound for {@code n} up to 2<sup>40</sup>), the sample to at most {@code 8 *
 * exactSampleLimit} bytes (32 KiB at the default 4096), the distinct values to 320 bytes: under
 * 64 KiB per column. The sketch's normalized rank error at {@code k = 200} is 1.33% (99%
 * confidence).
 *
 * <p>Immutable and thread-safe: the sketch is never handed out or updated after construction.
 */
public final class NumericProfile implements ColumnProfile {
  /** Distinct values are counted exactly up to this many (Evidently bins by value up to 20). */
  public static final int DISTINCT_LIMIT = 20;

  private final ColumnSpec spec;
  private final long count;
  private final long missing;
  private final double min;
  private final double max;
  private final double mean;
  private final double m2;
  private final KllDoublesSketch sketch;
  private final double[] sample;
  private final double[] distinctValues;
  private final long[] distinctCounts;

  NumericProfile(String name, long count, long missing, double min, double max, double mean, double m2,
      KllDoublesSketch sketch, double[] sample, double[] distinctValues, long[] distinctCounts) {
    this.spec = new ColumnSpec(name, ColumnType.NUMERIC);
    this.count = count;
    this.missing = missing;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.m2 = m2;
    this.sketch = sketch;
    this.sample = sample;
    this.distinctValues = distinctValues;
    this.distinctCounts = distinctCounts;
  }

  static NumericProfile of(NumericColumn column, int k, int exactSampleLimit) {
    Accumulator acc = new Accumulator(k, exactSampleLimit);
    int n = column.size();
    int i = 0;
    // While the exact sample or the distinct values are still kept, every value does the full work.
    while (i < n && (acc.sample != null || acc.dv != null)) {
      acc.add(column.value(i++));
    }
    if (i < n) {
      acc.addTail(column, i);
    }
    return acc.build(column.spec().name());
  }

  /** Streaming accumulation of one column's values. Not thread-safe. */
  static final class Accumulator {
    private final KllDoublesSketch sketch;
    private final int sampleLimit;
    private double[] sample;
    private int sampleSize;
    private long count;
    private long missing;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double shift = Double.NaN;
    private double s1;
    private double s2;
    private double[] dv = new double[DISTINCT_LIMIT];
    private long[] dc = new long[DISTINCT_LIMIT];
    private int dn;

    Accumulator(int k, int sampleLimit) {
      this.sketch = KllDoublesSketch.newHeapInstance(k);
      this.sampleLimit = sampleLimit;
      this.sample = new double[Math.min(sampleLimit, 1024)];
    }

    void add(double v) {
      if (!(v - v == 0.0)) { // NaN or ±∞
        missing++;
        return;
      }
      sketch.update(v);
      if (count == 0) {
        shift = v;
      }
      count++;
      double d = v - shift;
      s1 += d;
      s2 += d * d;
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
      if (sample != null) {
        addToSample(v);
      }
      if (dv != null) {
        addDistinct(v);
      }
    }

    /**
     * The rest of a column once neither the sample nor the distinct values are kept: the sketch,
     * count, moments and extremes only, with the running sums in locals so that they stay in
     * registers across the sketch's update call.
     */
    void addTail(NumericColumn column, int from) {
      KllDoublesSketch sk = sketch;
      int n = column.size();
      long cnt = count;
      long miss = missing;
      double lo = min;
      double hi = max;
      double c = shift;
      double a1 = s1;
      double a2 = s2;
      for (int i = from; i < n; i++) {
        double v = column.value(i);
        if (!(v - v == 0.0)) {
          miss++;
          continue;
        }
        sk.update(v);
        if (cnt == 0) {
          c = v;
        }
        cnt++;
        double d = v - c;
        a1 += d;
        a2 += d * d;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      count = cnt;
      missing = miss;
      min = lo;
      max = hi;
      shift = c;
      s1 = a1;
      s2 = a2;
    }

    private void addToSample(double v) {
      if (sampleSize == sample.length) {
        if (sampleSize >= sampleLimit) {
          sample = null;
          return;
        }
        sample = Arrays.copyOf(sample, Math.min(sampleLimit, sampleSize * 2));
      }
      sample[sampleSize++] = v;
    }

    private void addDistinct(double v) {
      for (int i = 0; i < dn; i++) {
        if (dv[i] == v) {
          dc[i]++;
          return;
        }
      }
      if (dn == DISTINCT_LIMIT) {
        dv = null;
        dc = null;
        return;
      }
      dv[dn] = v;
      dc[dn++] = 1;
    }

    NumericProfile build(String name) {
      double[] s = null;
      if (sample != null) {
        s = Arrays.copyOf(sample, sampleSize);
        Arrays.sort(s);
      }
      double[] values = null;
      long[] counts = null;
      if (dv != null) {
        values = Arrays.copyOf(dv, dn);
        counts = Arrays.copyOf(dc, dn);
        sortPairs(values, counts);
      }
      double mean = count == 0 ? 0.0 : shift + s1 / count;
      double m2 = count == 0 ? 0.0 : Math.max(0.0, s2 - s1 * s1 / count);
      return new NumericProfile(name, count, missing, count == 0 ? 0.0 : min, count == 0 ? 0.0 : max, mean, m2,
          sketch, s, values, counts);
    }
  }

  private static void sortPairs(double[] values, long[] counts) {
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(values[a], values[b]));
    double[] v = values.clone();
    long[] c = counts.clone();
    for (int i = 0; i < idx.length; i++) {
      values[i] = v[idx[i]];
      counts[i] = c[idx[i]];
    }
  }

  NumericProfile merge(NumericProfile o, int exactSampleLimit) {
    KllDoublesSketch merged = KllDoublesSketch.newHeapInstance(sketch.getK());
    merged.merge(sketch);
    merged.merge(o.sketch);
    long n = count + o.count;
    double newMean;
    double newM2;
    if (count == 0) {
      newMean = o.mean;
      newM2 = o.m2;
    } else if (o.count == 0) {
      newMean = mean;
      newM2 = m2;
    } else {
      double delta = o.mean - mean;
      newMean = mean + delta * o.count / n;
      newM2 = m2 + o.m2 + delta * delta * ((double) count * o.count / n);
    }
    double[] s = null;
    if (sample != null && o.sample != null && n <= exactSampleLimit) {
      s = new double[(int) n];
      System.arraycopy(sample, 0, s, 0, sample.length);
      System.arraycopy(o.sample, 0, s, sample.length, o.sample.length);
      Arrays.sort(s);
    }
    double[] values = null;
    long[] counts = null;
    if (distinctValues != null && o.distinctValues != null) {
      TreeMap<Double, Long> m = new TreeMap<>();
      for (int i = 0; i < distinctValues.length; i++) {
        m.merge(distinctValues[i], distinctCounts[i], Long::sum);
      }
      for (int i = 0; i < o.distinctValues.length; i++) {
        m.merge(o.distinctValues[i], o.distinctCounts[i], Long::sum);
      }
      if (m.size() <= DISTINCT_LIMIT) {
        values = m.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        counts = m.values().stream().mapToLong(Long::longValue).toArray();
      }
    }
    double newMin = count == 0 ? o.min : o.count == 0 ? min : Math.min(min, o.min);
    double newMax = count == 0 ? o.max : o.count == 0 ? max : Math.max(max, o.max);
    return new NumericProfile(spec.name(), n, missing + o.missing, newMin, newMax, newMean, newM2, merged, s,
        values, counts);
  }

  @Override
  public ColumnSpec spec() {
    return spec;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long missingCount() {
    return missing;
  }

  /**
   * Returns the smallest value.
   *
   * @return the minimum, or empty when no value was profiled
   */
  public OptionalDouble min() {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(min);
  }

  /**
   * Returns the largest value.
   *
   * @return the maximum, or empty when no value was profiled
   */
  public OptionalDouble max() {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
  }

  /**
   * Returns the mean.
   *
   * @return the mean, or empty when no value was profiled
   */
  public OptionalDouble mean() {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(mean);
  }

  /**
   * Returns the population variance (divided by {@code n}, as numpy's {@code std} which Evidently
   * uses to norm the Wasserstein distance).
   *
   * @return the variance, or empty when no value was profiled
   */
  public OptionalDouble variance() {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(m2 / count);
  }

  /**
   * Returns the sum of squared deviations from the mean.
   *
   * @return {@code n * variance}, 0 when empty
   */
  public double sumOfSquaredDeviations() {
    return m2;
  }

  /**
   * Returns the exact sample, sorted ascending, if the column had at most the profile's exact
   * sample limit of values (and every merged part kept its sample).
   *
   * @return a fresh copy, or empty
   */
  public Optional<double[]> exactSample() {
    return sample == null ? Optional.empty() : Optional.of(sample.clone());
  }

  /**
   * Returns the exact count of each distinct value, if there are at most {@value #DISTINCT_LIMIT}.
   *
   * @return an unmodifiable sorted map, or empty
   */
  public Optional<SortedMap<Double, Long>> distinctValues() {
    if (distinctValues == null) {
      return Optional.empty();
    }
    TreeMap<Double, Long> m = new TreeMap<>();
    for (int i = 0; i < distinctValues.length; i++) {
      m.put(distinctValues[i], distinctCounts[i]);
    }
    return Optional.of(Collections.unmodifiableSortedMap(m));
  }

  /**
   * Returns the KLL sketch's parameter {@code k}.
   *
   * @return k
   */
  public int sketchK() {
    return sketch.getK();
  }

  /**
   * Returns the sketch's normalized rank error for single ranks (99% confidence).
   *
   * @return ε, e.g. 0.0133 at k = 200
   */
  public double rankError() {
    return sketch.getNormalizedRankError(false);
  }

  /**
   * Returns the approximate share of values at or below {@code x}, within {@link #rankError()}.
   *
   * @param x a value
   * @return the rank in [0, 1]
   * @throws IllegalStateException if no value was profiled
   */
  public double cdf(double x) {
    requireValues();
    return sketch.getRank(x, QuantileSearchCriteria.INCLUSIVE);
  }

  /**
   * Returns the approximate quantile at rank {@code q}.
   *
   * @param q a rank in [0, 1]
   * @return the quantile
   * @throws IllegalStateException if no value was profiled
   * @throws IllegalArgumentException if q is outside [0, 1]
   */
  public double quantile(double q) {
    requireValues();
    return sketch.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
  }

  /**
   * Returns the sketch as a weighted sample.
   *
   * @return the view
   * @throws IllegalStateException if no value was profiled
   */
  public SketchView sketchView() {
    requireValues();
    DoublesSortedView v = sketch.getSortedView();
    return new SketchView(v.getQuantiles(), v.getCumulativeWeights(), rankError());
  }

  /**
   * Returns the size of the serialized sketch in bytes (its memory footprint on the wire).
   *
   * @return the byte count
   */
  public int sketchSerializedBytes() {
    return sketch.getSerializedSizeBytes();
  }

  byte[] sketchBytes() {
    return sketch.toByteArray();
  }

  double[] rawSample() {
    return sample;
  }

  double[] rawDistinctValues() {
    return distinctValues;
  }

  long[] rawDistinctCounts() {
    return distinctCounts;
  }

  double rawMin() {
    return min;
  }

  double rawMax() {
    return max;
  }

  double rawMean() {
    return mean;
  }

  private void requireValues() {
    if (count == 0) {
      throw new IllegalStateException("column '" + spec.name() + "' has no profiled value");
    }
  }

  static void requireSameK(NumericProfile a, NumericProfile b) {
    if (a.sketchK() != b.sketchK()) {
      throw new InvalidInputException(a.spec.name(), "profiles with different sketch sizes (k = " + a.sketchK()
          + " and " + b.sketchK() + ") cannot be merged; build both with the same k");
    }
  }

  @Override
  public String toString() {
    return "NumericProfile[" + spec.name() + ", n=" + count + ", missing=" + missing + "]";
  }

}
