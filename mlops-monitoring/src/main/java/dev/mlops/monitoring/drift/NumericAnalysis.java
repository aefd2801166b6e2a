package dev.mlops.monitoring.drift;

import dev.mlops.core.InvalidInputException;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.SketchView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SortedMap;

/** The analysis of one numeric column against an exact sample or a sketch. Not thread-safe. */
final class NumericAnalysis {
  private static final int CAP = EvidentlyDefaults.BIN_BY_VALUE_LIMIT + 1;

  private final DriftEngine engine;
  private final String name;
  private final ColumnOverride ov;
  private final double[] ref;
  private final NumericProfile profile;
  private final double[] cur;
  private final long refCount;

  NumericAnalysis(DriftEngine engine, String name, ColumnOverride ov, DriftEngine.NumericRef r, double[] cur) {
    this.engine = engine;
    this.name = name;
    this.ov = ov;
    this.ref = r.sorted();
    this.profile = r.profile();
    this.cur = cur;
    this.refCount = r.count();
  }

  ColumnDrift analyse(MissingCheck m) {
    ColumnType type = ov.treatAs().orElse(ColumnType.NUMERIC);
    if (refCount == 0) {
      return DriftEngine.notTested(name, type, ColumnStatus.EMPTY_REFERENCE, "every reference value is missing",
          0, cur.length, m);
    }
    if (cur.length == 0) {
      return DriftEngine.notTested(name, type, ColumnStatus.EMPTY_CURRENT, "every current value is missing",
          refCount, 0, m);
    }
    SortedSamples.ValueCounts refValues = referenceValueCounts();
    int refDistinct = refValues != null ? refValues.values().length : CAP;
    int distinct = refValues != null ? distinctUnion(refValues.values()) : CAP;
    boolean byDefault = ov.method().isEmpty();
    DriftMethod method = ov.method().orElseGet(() -> EvidentlyDefaults.choose(type, refCount, distinct));
    if (type == ColumnType.CATEGORICAL && !method.categorical()) {
      throw new InvalidInputException(name, method + " does not apply to column '" + name
          + "' analysed as categorical; choose a categorical method");
    }
    boolean byValue = type == ColumnType.CATEGORICAL || !method.numeric()
        || (method.categorical() && ov.bins().isEmpty() && refDistinct <= EvidentlyDefaults.BIN_BY_VALUE_LIMIT);
    if (distinct == 1 && refValues != null) {
      return constant(type, m, refValues);
    }
    String reason = byDefault ? EvidentlyDefaults.reason(type, refCount, distinct)
        : "method set by the column override";
    if (byValue) {
      return byValue(type, m, refValues != null || ref == null ? refValues : SortedSamples.valueCounts(ref));
    }
    Distribution chart = chart();
    StatResult r;
    String detail = DriftEngine.describe(method);
    Optional<Approximation> approx = Optional.empty();
    NumericOptions options = engine.numericOptions();
    if (ov.bins().isPresent()) {
      options = new NumericOptions(options.ksMethod(), ov.bins(), options.mmdPermutations(), options.mmdSeed(),
          options.referenceStdFloor());
    }
    if (method.categorical()) {
      detail += options.bins().isPresent() ? " over " + options.bins().getAsInt() + " equal-width bins"
          : " over equal-width Sturges bins of the combined sample";
    }
    try {
      if (ref != null) {
        r = NumericStatistics.compute(method, ref, cur, options);
      } else {
        SketchView v = profile.sketchView();
        double eps = v.rankError();
        double min = profile.min().getAsDouble();
        double max = profile.max().getAsDouble();
        switch (method) {
          case KOLMOGOROV_SMIRNOV: {
            double d = SortedSamples.ksStatistic(v.values(), v.cumulativeWeights(), cur);
            double en = (double) refCount * cur.length / (refCount + cur.length);
            r = StatResult.test(method, d, KolmogorovDistribution.kolmogornSf(Math.round(en), d));
            approx = Optional.of(new Approximation("statistic", eps, eps));
            detail += ", reference CDF from the profile's KLL sketch, asymptotic p-value";
            break;
          }
          case WASSERSTEIN:
          case WASSERSTEIN_NORMED: {
            double w = SortedSamples.wasserstein(v.values(), v.cumulativeWeights(), cur);
            double bound = eps * (max - min);
            if (method == DriftMethod.WASSERSTEIN_NORMED) {
              double norm = Math.max(Math.sqrt(profile.variance().getAsDouble()), options.referenceStdFloor());
              w /= norm;
              bound /= norm;
            }
            r = StatResult.distance(method, w);
            approx = Optional.of(new Approximation("statistic", bound, eps));
            detail += ", reference quantiles from the profile's KLL sketch";
            break;
          }
          case POPULATION_STABILITY_INDEX:
          case KL_DIVERGENCE:
          case JENSEN_SHANNON:
          case HELLINGER:
          case TOTAL_VARIATION: {
            double[] edges = NumericStatistics.equalWidthEdges(Math.min(min, cur[0]), Math.max(max, cur[cur.length - 1]),
                refCount + cur.length, options.bins());
            long[] rc = SortedSamples.histogram(v.values(), v.cumulativeWeights(), edges);
            long[] cc = NumericStatistics.binCounts(cur, edges);
            r = CategoricalStatistics.compute(method, rc, cc);
            approx = Optional.of(new Approximation("reference bin frequency", 2 * eps, eps));
            detail += ", reference bin counts from the profile's KLL sketch";
            break;
          }
          default:
            throw new InvalidInputException(name, method + " needs the reference sample, and the profile of column '"
                + name + "' keeps only a sketch (" + refCount + " values > its exact sample limit); use"
                + " KOLMOGOROV_SMIRNOV, WASSERSTEIN(_NORMED) or a binned method, compare with the reference data, or"
                + " build the profile with a larger exactSampleLimit");
        }
      }
    } catch (InvalidInputException e) {
      if (e.field().equals(name)) {
        throw e;
      }
      throw new InvalidInputException(name, "column '" + name + "': " + method + " cannot run: " + e.getMessage());
    }
    return engine.tested(name, type, method, detail, reason, r, ov, refCount, cur.length, m, approx, List.of(),
        chart);
  }

  private SortedSamples.ValueCounts referenceValueCounts() {
    if (ref != null) {
      if (SortedSamples.distinct(ref, CAP) > EvidentlyDefaults.BIN_BY_VALUE_LIMIT) {
        return null;
      }
      return SortedSamples.valueCounts(ref);
    }
    Optional<SortedMap<Double, Long>> d = profile.distinctValues();
    if (d.isEmpty()) {
      return null;
    }
    double[] v = d.get().keySet().stream().mapToDouble(Double::doubleValue).toArray();
    long[] c = d.get().values().stream().mapToLong(Long::longValue).toArray();
    return new SortedSamples.ValueCounts(v, c);
  }

  private int distinctUnion(double[] refDistinctValues) {
    return SortedSamples.distinctUnion(refDistinctValues, cur, CAP);
  }

  private ColumnDrift constant(ColumnType type, MissingCheck m, SortedSamples.ValueCounts refValues) {
    double v = refValues.values()[0];
    return new ColumnDrift(name, type, ColumnStatus.CONSTANT, Optional.empty(), "none",
        "both sides hold the single value " + v + ": no drift", OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), false, refCount, cur.length, m, Optional.empty(), List.of(),
        Optional.of(chart()));
  }

  private ColumnDrift byValue(ColumnType type, MissingCheck m, SortedSamples.ValueCounts refValues) {
    if (refValues == null) {
      throw new InvalidInputException(name, "column '" + name + "' has more than "
          + EvidentlyDefaults.BIN_BY_VALUE_LIMIT + " distinct reference values, and the profile kept only a sketch;"
          + " analysing it by value needs the reference data or a profile with a larger exactSampleLimit");
    }
    SortedSamples.ValueCounts cv = SortedSamples.valueCounts(cur);
    List<String> labels = new ArrayList<>();
    List<long[]> pairs = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    int i = 0;
    int j = 0;
    double[] rv = refValues.values();
    double[] cvv = cv.values();
    while (i < rv.length || j < cvv.length) {
      double x = j >= cvv.length || (i < rv.length && rv[i] <= cvv[j]) ? rv[i] : cvv[j];
      long a = i < rv.length && rv[i] == x ? refValues.counts()[i++] : 0;
      long b = j < cvv.length && cvv[j] == x ? cv.counts()[j++] : 0;
      String label = label(x);
      labels.add(label);
      pairs.add(new long[] {a, b});
      if (a == 0) {
        fresh.add(label);
      }
    }
    String[] l = labels.toArray(new String[0]);
    long[] rc = new long[l.length];
    long[] cc = new long[l.length];
    for (int k = 0; k < l.length; k++) {
      rc[k] = pairs.get(k)[0];
      cc[k] = pairs.get(k)[1];
    }
    return engine.categoricalResult(name, type, ov, l, rc, cc, refCount, cur.length, m, fresh,
        Optional.empty(), CategoryChart.of(l, rc, cc));
  }

  static String label(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }

  private Distribution chart() {
    double min = ref != null ? ref[0] : profile.min().getAsDouble();
    double max = ref != null ? ref[ref.length - 1] : profile.max().getAsDouble();
    min = Math.min(min, cur[0]);
    max = Math.max(max, cur[cur.length - 1]);
    double[] edges = NumericStatistics.equalWidthEdges(min, max, refCount + cur.length, OptionalInt.of(DriftEngine.CHART_BINS));
    long[] rc;
    if (ref != null) {
      rc = NumericStatistics.binCounts(ref, edges);
    } else {
      SketchView v = profile.sketchView();
      rc = SortedSamples.histogram(v.values(), v.cumulativeWeights(), edges);
    }
    long[] cc = NumericStatistics.binCounts(cur, edges);
    List<Double> e = new ArrayList<>();
    List<Double> r = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (double x : edges) {
      e.add(x);
    }
    for (int k = 0; k < rc.length; k++) {
      r.add(CategoryChart.share(rc[k], refCount));
      c.add(CategoryChart.share(cc[k], cur.length));
    }
    return new Distribution(e, List.of(), r, c, 0);
  }
}
