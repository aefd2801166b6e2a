package dev.mlops.monitoring.drift;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.CategoricalProfile;
import dev.mlops.monitoring.profile.ColumnProfile;
import dev.mlops.monitoring.profile.NumericProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Compares current data with reference data (a {@link Frame}) or with a {@link ReferenceProfile},
 * column by column, and decides whether the data drifted.
 *
 * <pre>{@code
 * DriftEngine engine = DriftEngine.builder()
 *     .correction(Correction.BENJAMINI_HOCHBERG)
 *     .override("age", ColumnOverride.builder().method(DriftMethod.KOLMOGOROV_SMIRNOV).threshold(0.01).build())
 *     .build();
 * DriftReport report = engine.compare(referenceFrame, currentFrame);
 * report.datasetDrift();
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Missing values</b>: NaN and ±∞ (numeric) and null (categorical) are dropped before any
 *       statistic, as Evidently does; the missing share of each side is its own check ({@link
 *       MissingCheck}: the current share may exceed the reference share by at most {@code
 *       maxMissingShareIncrease}, default 0.1), reported beside the distribution verdict and not
 *       counted in the dataset verdict.
 *   <li><b>Method</b>: the column override's, else {@link EvidentlyDefaults#choose}; the threshold
 *       is the override's, else the method's default (0.05 for p-values, 0.1 for distances). A
 *       test drifts when its (corrected) p-value is below the threshold, a distance when it is at
 *       or above it. Evidently's chi-square is a goodness-of-fit test of the current counts against
 *       the reference frequencies; an explicitly chosen {@link DriftMethod#CHI_SQUARE} is the test
 *       of homogeneity ({@code chi2_contingency}).
 *   <li><b>Numeric columns as categories</b>: categorical methods on a numeric column, a column
 *       overridden to {@link ColumnType#CATEGORICAL}, and binned methods on a column with at most
 *       20 distinct reference values and no bin override use one category per distinct value.
 *   <li><b>New categories</b>: categories (or values) only in the current data get a reference
 *       count of 0 and are listed in {@link ColumnDrift#newCategories()}.
 *   <li><b>Multiple testing</b>: the p-values of all tested columns are adjusted together by the
 *       {@link Correction} (default {@link Correction#NONE}, as Evidently).
 *   <li><b>Edge cases</b>: a single value shared by both sides is {@link ColumnStatus#CONSTANT}
 *       (no drift); a side without any value is {@link ColumnStatus#EMPTY_REFERENCE} or {@link
 *       ColumnStatus#EMPTY_CURRENT}; a column only in the reference is {@link
 *       ColumnStatus#MISSING_IN_CURRENT} and counts as drifted; a column only in the current data
 *       is {@link ColumnStatus#MISSING_IN_REFERENCE}. A column numeric on one side and
 *       categorical on the other, a method that does not apply to the column's type, or a method
 *       that cannot run on the samples (too few values) raises {@link InvalidInputException}
 *       naming the column.
 *   <li><b>Against a profile</b>: exact where the profile kept the sorted sample (columns up to
 *       its exact sample limit) or the distinct values (up to 20) the method needs; otherwise
 *       Kolmogorov–Smirnov (statistic from the sketch's CDF ± ε, p-value as scipy's asymptotic
 *       {@code kstwo.sf(d, round(n·m/(n+m)))}), Wasserstein raw and normed (from the sketch's weighted sample,
 *       ± ε·(max − min), normed by the profile's exact standard deviation) and the binned methods
 *       (reference bin frequencies ± 2ε) run approximately and report their {@link
 *       Approximation}; the other methods need the sample and raise {@link InvalidInputException}.
 *       A frequent-items sketch of a categorical column gives approximate reference counts.
 *   <li><b>Dataset verdict</b>: see {@link DriftReport}.
 * </ul>
 *
 * <h2>Parallelism</h2>
 * Columns are analysed in parallel, one task per column, on a {@link ForkJoinPool} of {@code
 * parallelism} threads (default: the number of processors) created for each call and shut down
 * before it returns; the common pool is not used (its parallelism is one less than the number of
 * processors). Memory per running task is about two copies of the column's non-missing values.
 *
 * <p>Immutable and thread-safe: one engine may serve concurrent calls.
 */
public final class DriftEngine {
  /** Chart bins of numeric columns in reports. */
  static final int CHART_BINS = 20;
  /** Categories drawn per categorical column in reports. */
  static final int CHART_CATEGORIES = 20;

  /** How samples are sorted; the radix sort by default, the JDK's for benchmarks. */
  interface Sorter {
    void sort(double[] values);
  }

  private static final Sorter RADIX = DoubleRadixSort::sort;
  private static final Sorter JDK = Arrays::sort;

  private final Correction correction;
  private final double driftShare;
  private final double maxMissingIncrease;
  private final NumericOptions numericOptions;
  private final int parallelism;
  private final Map<String, ColumnOverride> overrides;
  private final Sorter sorter;

  private DriftEngine(Builder b) {
    this.correction = b.correction == null ? Correction.NONE : b.correction;
    this.driftShare = b.driftShare == null ? 0.5 : b.driftShare;
    this.maxMissingIncrease = b.maxMissingIncrease == null ? 0.1 : b.maxMissingIncrease;
    this.numericOptions = b.numericOptions == null ? NumericOptions.defaults() : b.numericOptions;
    this.parallelism = b.parallelism == null ? Runtime.getRuntime().availableProcessors() : b.parallelism;
    this.overrides = Map.copyOf(b.overrides);
    this.sorter = "jdk".equals(System.getProperty("mlops.drift.sort")) ? JDK : RADIX;
  }

  /**
   * Returns an engine with every default (Evidently's choices, no correction, share 0.5).
   *
   * @return the engine
   */
  public static DriftEngine defaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares current data with reference data.
   *
   * @param reference the reference (training) data
   * @param current the current (production) data
   * @return the report
   * @throws NullPointerException if an argument is null
   * @throws InvalidInputException if a column's types differ between the frames, or a chosen
   *     method does not apply to a column or cannot run on its values
   */
  public DriftReport compare(Frame reference, Frame current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    List<Callable<ColumnDrift>> tasks = new ArrayList<>();
    for (Column r : reference.columns()) {
      String name = r.spec().name();
      Column c = current.column(name).orElse(null);
      if (c == null) {
        tasks.add(() -> absent(r.spec(), true, r.missingCount(), r.size(), 0, 0));
        continue;
      }
      requireSameType(r.spec(), c.spec());
      ColumnOverride ov = override(name);
      if (r instanceof NumericColumn nr) {
        tasks.add(() -> {
          double[] ref = nr.finiteValues();
          sorter.sort(ref);
          return numeric(name, ov, new NumericRef(ref, null), nr.missingCount(), nr.size(), (NumericColumn) c);
        });
      } else {
        CategoricalColumn cr = (CategoricalColumn) r;
        tasks.add(() -> categorical(name, ov, CategoricalRef.of(cr), cr.missingCount(), cr.size(),
            (CategoricalColumn) c));
      }
    }
    addCurrentOnly(tasks, reference.schema(), current);
    return assemble(run(tasks), reference.rowCount(), current.rowCount(), false);
  }

  /**
   * Compares current data with a reference profile (see the class documentation for which
   * results are exact and which approximate).
   *
   * @param reference the profile of the reference data
   * @param current the current data
   * @return the report
   * @throws NullPointerException if an argument is null
   * @throws InvalidInputException if a column's types differ, a method does not apply, or a
   *     method needs the reference sample that the profile did not keep
   */
  public DriftReport compare(ReferenceProfile reference, Frame current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    List<Callable<ColumnDrift>> tasks = new ArrayList<>();
    long rows = reference.rowCount();
    for (ColumnProfile p : reference.columns().values()) {
      String name = p.spec().name();
      Column c = current.column(name).orElse(null);
      if (c == null) {
        tasks.add(() -> absent(p.spec(), true, p.missingCount(), rows, 0, 0));
        continue;
      }
      requireSameType(p.spec(), c.spec());
      ColumnOverride ov = override(name);
      if (p instanceof NumericProfile np) {
        double[] sample = np.exactSample().orElse(null);
        tasks.add(() -> numeric(name, ov, new NumericRef(sample, sample == null ? np : null), np.missingCount(),
            rows, (NumericColumn) c));
      } else {
        CategoricalProfile cp = (CategoricalProfile) p;
        tasks.add(() -> categorical(name, ov, CategoricalRef.of(cp), cp.missingCount(), rows, (CategoricalColumn) c));
      }
    }
    addCurrentOnly(tasks, reference.schema(), current);
    return assemble(run(tasks), rows, current.rowCount(), true);
  }

  private ColumnOverride override(String name) {
    return overrides.getOrDefault(name, ColumnOverride.builder().build());
  }

  private void addCurrentOnly(List<Callable<ColumnDrift>> tasks, List<ColumnSpec> referenceSchema, Frame current) {
    Map<String, ColumnSpec> known = new HashMap<>();
    referenceSchema.forEach(s -> known.put(s.name(), s));
    for (Column c : current.columns()) {
      if (!known.containsKey(c.spec().name())) {
        tasks.add(() -> absent(c.spec(), false, 0, 0, c.missingCount(), c.size()));
      }
    }
  }

  private static void requireSameType(ColumnSpec r, ColumnSpec c) {
    if (r.type() != c.type()) {
      throw new InvalidInputException(r.name(), "column '" + r.name() + "' is " + r.type() + " in the reference and "
          + c.type() + " in the current data; give both sides the same type");
    }
  }

  private ColumnDrift absent(ColumnSpec spec, boolean inReference, long refMissing, long refRows, long curMissing,
      long curRows) {
    MissingCheck m = MissingCheck.of(refMissing, refRows, curMissing, curRows, maxMissingIncrease);
    return new ColumnDrift(spec.name(), spec.type(),
        inReference ? ColumnStatus.MISSING_IN_CURRENT : ColumnStatus.MISSING_IN_REFERENCE,
        Optional.empty(), "none",
        inReference ? "the column is missing from the current data (counted as drifted)"
            : "the column is only in the current data; nothing to compare it with",
        empty(), empty(), empty(), empty(), empty(), inReference, refRows - refMissing, curRows - curMissing, m,
        Optional.empty(), List.of(), Optional.empty());
  }

  private static OptionalDouble empty() {
    return OptionalDouble.empty();
  }

  private List<ColumnDrift> run(List<Callable<ColumnDrift>> tasks) {
    List<ColumnDrift> out = new ArrayList<>(tasks.size());
    try {
      if (parallelism == 1 || tasks.size() <= 1) {
        for (Callable<ColumnDrift> t : tasks) {
          out.add(t.call());
        }
        return out;
      }
      ForkJoinPool pool = new ForkJoinPool(parallelism);
      try {
        List<Future<ColumnDrift>> fs = new ArrayList<>(tasks.size());
        for (Callable<ColumnDrift> t : tasks) {
          fs.add(pool.submit(t));
        }
        for (Future<ColumnDrift> f : fs) {
          out.add(f.get());
        }
        return out;
      } finally {
        pool.shutdownNow();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new MlopsException("drift analysis failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted during drift analysis", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MlopsException("drift analysis failed", e);
    }
  }

  private DriftReport assemble(List<ColumnDrift> cols, long refRows, long curRows, boolean fromProfile) {
    List<Integer> tested = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      ColumnDrift c = cols.get(i);
      if (c.status() == ColumnStatus.TESTED && c.pValue().isPresent()) {
        tested.add(i);
      }
    }
    List<ColumnDrift> out = new ArrayList<>(cols);
    double[] p = new double[tested.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = cols.get(tested.get(i)).pValue().getAsDouble();
    }
    double[] adjusted = correction.adjust(p);
    for (int i = 0; i < p.length; i++) {
      ColumnDrift c = cols.get(tested.get(i));
      out.set(tested.get(i), c.withAdjusted(adjusted[i], adjusted[i] < c.threshold().getAsDouble()));
    }
    int considered = 0;
    int drifted = 0;
    List<String> missingAlerts = new ArrayList<>();
    for (ColumnDrift c : out) {
      if (c.status() == ColumnStatus.TESTED || c.status() == ColumnStatus.CONSTANT
          || c.status() == ColumnStatus.MISSING_IN_CURRENT) {
        considered++;
        if (c.drifted()) {
          drifted++;
        }
      }
      if (c.missing().drifted()) {
        missingAlerts.add(c.name());
      }
    }
    double share = considered == 0 ? 0.0 : (double) drifted / considered;
    return new DriftReport(DriftReport.SCHEMA_VERSION, Instant.now(), refRows, curRows, fromProfile, correction,
        driftShare, out, considered, drifted, share, considered > 0 && share >= driftShare, missingAlerts);
  }

  /** The numeric reference: an exact sorted sample, or a sketch-only profile. */
  record NumericRef(double[] sorted, NumericProfile profile) {
    long count() {
      return sorted != null ? sorted.length : profile.count();
    }
  }

  private ColumnDrift numeric(String name, ColumnOverride ov, NumericRef ref, long refMissing, long refRows,
      NumericColumn currentColumn) {
    double[] cur = currentColumn.finiteValues();
    sorter.sort(cur);
    NumericAnalysis a = new NumericAnalysis(this, name, ov, ref, cur);
    MissingCheck m = MissingCheck.of(refMissing, refRows, currentColumn.missingCount(), currentColumn.size(),
        maxMissingIncrease);
    return a.analyse(m);
  }

  private ColumnDrift categorical(String name, ColumnOverride ov, CategoricalRef ref, long refMissing, long refRows,
      CategoricalColumn cur) {
    MissingCheck m = MissingCheck.of(refMissing, refRows, cur.missingCount(), cur.size(), maxMissingIncrease);
    if (ov.treatAs().orElse(ColumnType.CATEGORICAL) != ColumnType.CATEGORICAL) {
      throw new InvalidInputException(name, "column '" + name
          + "' holds categories and cannot be analysed as numeric; convert it to numbers first");
    }
    long[] curCounts = cur.counts();
    LinkedHashMap<String, long[]> union = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : ref.counts().entrySet()) {
      if (e.getValue() > 0) {
        union.put(e.getKey(), new long[] {e.getValue(), 0});
      }
    }
    List<String> newCategories = new ArrayList<>();
    for (int i = 0; i < curCounts.length; i++) {
      if (curCounts[i] == 0) {
        continue;
      }
      String label = cur.labels().get(i);
      long[] pair = union.get(label);
      if (pair == null) {
        long estimate = ref.estimate(label);
        pair = new long[] {estimate, 0};
        union.put(label, pair);
        if (estimate == 0) {
          newCategories.add(label);
        }
      }
      pair[1] = curCounts[i];
    }
    String[] labels = union.keySet().toArray(new String[0]);
    long[] rc = new long[labels.length];
    long[] cc = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      rc[i] = union.get(labels[i])[0];
      cc[i] = union.get(labels[i])[1];
    }
    long refCount = ref.total();
    long curCount = cur.size() - cur.missingCount();
    Optional<Approximation> approx = ref.maxError() > 0
        ? Optional.of(new Approximation("reference category count", ref.maxError(), 0.0))
        : Optional.empty();
    return categoricalResult(name, ColumnType.CATEGORICAL, ov, labels, rc, cc, refCount, curCount, m, newCategories,
        approx, CategoryChart.of(labels, rc, cc));
  }

  ColumnDrift categoricalResult(String name, ColumnType type, ColumnOverride ov, String[] labels, long[] rc,
      long[] cc, long refCount, long curCount, MissingCheck m, List<String> newCategories,
      Optional<Approximation> approx, Distribution chart) {
    if (refCount == 0) {
      return notTested(name, type, ColumnStatus.EMPTY_REFERENCE, "every reference value is missing", refCount,
          curCount, m);
    }
    if (curCount == 0) {
      return notTested(name, type, ColumnStatus.EMPTY_CURRENT, "every current value is missing", refCount,
          curCount, m);
    }
    int distinct = labels.length;
    if (distinct == 1) {
      return new ColumnDrift(name, type, ColumnStatus.CONSTANT, Optional.empty(), "none",
          "both sides hold the single value '" + labels[0] + "': no drift", empty(), empty(), empty(), empty(),
          empty(), false, refCount, curCount, m, approx, newCategories, Optional.of(chart));
    }
    boolean byDefault = ov.method().isEmpty();
    DriftMethod method = ov.method().orElseGet(() -> EvidentlyDefaults.choose(ColumnType.CATEGORICAL, refCount,
        distinct));
    if (!method.categorical()) {
      throw new InvalidInputException(name, method + " does not apply to categories (column '" + name
          + "'); choose a categorical method");
    }
    StatResult r;
    String detail;
    try {
      if (method == DriftMethod.CHI_SQUARE && byDefault) {
        r = CategoricalStatistics.chiSquareGoodnessOfFit(rc, cc);
        detail = "chi-square goodness of fit of the current counts to the reference frequencies (Evidently's chisquare)";
      } else {
        r = CategoricalStatistics.compute(method, rc, cc);
        detail = method == DriftMethod.CHI_SQUARE ? "chi-square test of homogeneity" : describe(method)
            + (type == ColumnType.NUMERIC ? " on the frequencies of each distinct value" : " on category frequencies");
      }
    } catch (InvalidInputException e) {
      throw new InvalidInputException(name, "column '" + name + "': " + method + " cannot run: " + e.getMessage());
    }
    String reason = byDefault ? EvidentlyDefaults.reason(type, refCount, Math.min(distinct, 21))
        : "method set by the column override";
    return tested(name, type, method, detail, reason, r, ov, refCount, curCount, m, approx, newCategories, chart);
  }

  ColumnDrift tested(String name, ColumnType type, DriftMethod method, String detail, String reason, StatResult r,
      ColumnOverride ov, long refCount, long curCount, MissingCheck m, Optional<Approximation> approx,
      List<String> newCategories, Distribution chart) {
    double threshold = ov.threshold().orElse(method.defaultThreshold());
    if (ov.threshold().isPresent()) {
      reason += "; threshold set by the column override";
    }
    return new ColumnDrift(name, type, ColumnStatus.TESTED, Optional.of(method), detail, reason,
        OptionalDouble.of(r.statistic()), r.pValue(), r.pValue(), OptionalDouble.of(threshold),
        OptionalDouble.of(r.score()), r.drifted(threshold), refCount, curCount, m, approx, newCategories,
        Optional.ofNullable(chart));
  }

  static ColumnDrift notTested(String name, ColumnType type, ColumnStatus status, String reason, long refCount,
      long curCount, MissingCheck m) {
    return new ColumnDrift(name, type, status, Optional.empty(), "none", reason, empty(), empty(),
        empty(), empty(), empty(), false, refCount, curCount, m, Optional.empty(), List.of(),
        Optional.empty());
  }

  static String describe(DriftMethod m) {
    return switch (m) {
      case KOLMOGOROV_SMIRNOV -> "Kolmogorov–Smirnov two-sample test";
      case ANDERSON_DARLING -> "Anderson–Darling k-sample test";
      case CRAMER_VON_MISES -> "Cramér–von Mises two-sample test";
      case MANN_WHITNEY -> "Mann–Whitney U test";
      case WELCH_T -> "Welch's t-test";
      case EPPS_SINGLETON -> "Epps–Singleton test";
      case MAXIMUM_MEAN_DISCREPANCY -> "maximum mean discrepancy, permutation test";
      case WASSERSTEIN -> "Wasserstein-1 distance";
      case WASSERSTEIN_NORMED -> "Wasserstein-1 distance / reference standard deviation (Evidently's wasserstein)";
      case ENERGY_DISTANCE -> "energy distance";
      case POPULATION_STABILITY_INDEX -> "population stability index";
      case KL_DIVERGENCE -> "Kullback–Leibler divergence";
      case JENSEN_SHANNON -> "Jensen–Shannon distance";
      case HELLINGER -> "Hellinger distance";
      case TOTAL_VARIATION -> "total variation distance";
      case L_INFINITY -> "L-infinity distance";
      case CHI_SQUARE -> "chi-square test";
      case G_TEST -> "G-test";
      case FISHER_EXACT -> "Fisher's exact test";
      case Z_TEST -> "z-test for two proportions";
    };
  }

  NumericOptions numericOptions() {
    return numericOptions;
  }

  /**
   * Builds a {@link DriftEngine}; each setter may be called once (per column for overrides). Not
   * thread-safe; the engine it builds is.
   */
  public static final class Builder {
    private Correction correction;
    private Double driftShare;
    private Double maxMissingIncrease;
    private NumericOptions numericOptions;
    private Integer parallelism;
    private final Map<String, ColumnOverride> overrides = new HashMap<>();

    private Builder() {}

    private static void requireUnset(Object v, String name) {
      if (v != null) {
        throw new IllegalStateException(name + " was already set to " + v);
      }
    }

    /**
     * Sets the multiple-testing correction (default {@link Correction#NONE}).
     *
     * @param c the correction
     * @return this builder
     * @throws NullPointerException if c is null
     * @throws IllegalStateException if already set
     */
    public Builder correction(Correction c) {
      requireUnset(correction, "correction");
      correction = Objects.requireNonNull(c, "correction");
      return this;
    }

    /**
     * Sets the share of drifted columns at which the dataset drifts (default 0.5).
     *
     * @param share in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder driftShare(double share) {
      requireUnset(driftShare, "driftShare");
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("driftShare must lie in (0, 1], got " + share);
      }
      driftShare = share;
      return this;
    }

    /**
     * Sets how much the missing share may grow before the missing-value check fails (default 0.1).
     *
     * @param increase in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder maxMissingShareIncrease(double increase) {
      requireUnset(maxMissingIncrease, "maxMissingShareIncrease");
      if (!(increase >= 0 && increase <= 1)) {
        throw new IllegalArgumentException("maxMissingShareIncrease must lie in [0, 1], got " + increase);
      }
      maxMissingIncrease = increase;
      return this;
    }

    /**
     * Sets the options of the numeric statistics (KS p-value method, bins, MMD permutations).
     *
     * @param options the options
     * @return this builder
     * @throws NullPointerException if options is null
     * @throws IllegalStateException if already set
     */
    public Builder numericOptions(NumericOptions options) {
      requireUnset(numericOptions, "numericOptions");
      numericOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how many columns are analysed at once (default: the number of processors).
     *
     * @param threads at least 1; 1 analyses on the calling thread
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder parallelism(int threads) {
      requireUnset(parallelism, "parallelism");
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + threads);
      }
      parallelism = threads;
      return this;
    }

    /**
     * Overrides the automatic choices for one column.
     *
     * @param column the column name
     * @param override the settings
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the column already has an override
     */
    public Builder override(String column, ColumnOverride override) {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(override, "override");
      if (overrides.putIfAbsent(column, override) != null) {
        throw new IllegalStateException("column '" + column + "' already has an override");
      }
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     */
    public DriftEngine build() {
      return new DriftEngine(this);
    }
  }
}
