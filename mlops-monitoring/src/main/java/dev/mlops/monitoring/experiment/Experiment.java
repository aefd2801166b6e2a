package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.ExposureListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * An A/B (or A/B/n) experiment between variants: collects exposures, the primary metric and the
 * guardrail metrics per variant, and answers with a {@link ExperimentSummary} at every look.
 *
 * <pre>{@code
 * Experiment exp = Experiment.builder("fraud-2026-11")
 *     .variants("champion", "challenger").weights(90, 10)
 *     .conversion()                                  // or .continuous(true)
 *     .guardrail(Guardrail.errorRate(0.005)).guardrail(Guardrail.latencyMillis(20))
 *     .build();
 * Router<...> router = Router.builder(...)...exposureListener(exp.exposureListener()).build();
 * // per request / outcome:
 * exp.recordConversion(variantIndex, converted);
 * exp.recordOutcome(variantIndex, failed, latencyMillis);
 * // after every batch:
 * ExperimentSummary s = exp.summary();
 * }</pre>
 *
 * <p>The first variant is the control. Variant indices are the router's
 * ({@link Decisions#variant(long)}), so {@link #exposureListener()} plugs straight into a router.
 *
 * <p><b>Looks.</b> Each {@link #summary()} is one look of the always-valid sequential tests (the
 * primary metric's and each guardrail's), so summaries may be read after every batch without
 * inflating false positives; the fixed-horizon tests in the summary are valid only at one
 * pre-planned look. The sample-ratio check compares exposures with what the weights expect; when the
 * weights change ({@link #setWeights(double...)}, as a canary ramps) the expectation is the sum over
 * periods of each period's exposures times that period's weights. While it fails, the verdict is
 * {@link Verdict#BLOCKED_BY_SAMPLE_RATIO_MISMATCH}.
 *
 * <p>Thread-safe: recording from many threads and looking concurrently is fine (looks are serialised).
 */
public final class Experiment {
  private static final class Segment {
    final double[] weights;
    final LongAdder[] exposures;

    Segment(double[] weights) {
      this.weights = weights.clone();
      this.exposures = new LongAdder[weights.length];
      for (int i = 0; i < weights.length; i++) {
        exposures[i] = new LongAdder();
      }
    }

    long[] counts() {
      long[] c = new long[exposures.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = exposures[i].sum();
      }
      return c;
    }
  }

  private final String name;
  private final List<String> variants;
  private final Map<String, Integer> indexOf;
  private final boolean conversion;
  private final boolean higherIsBetter;
  private final double confidence;
  private final List<Guardrail> guardrails;
  private final List<Segment> segments = new ArrayList<>();
  private volatile Segment current;
  private final LongAdder[] trials;
  private final LongAdder[] conversions;
  private final Moments[] metric;
  private final PairedMoments[] paired;
  private final LongAdder[] calls;
  private final LongAdder[] errors;
  private final Moments[] latency;
  private final Moments[] quality;
  private final SequentialTest[] primaryTests;
  private final SequentialTest[][] guardrailTests;

  private Experiment(Builder b) {
    this.name = b.name;
    this.variants = List.copyOf(b.variants);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < variants.size(); i++) {
      idx.put(variants.get(i), i);
    }
    this.indexOf = Map.copyOf(idx);
    this.conversion = b.conversion;
    this.higherIsBetter = b.higherIsBetter;
    this.confidence = b.confidence;
    this.guardrails = List.copyOf(b.guardrails);
    int k = variants.size();
    this.current = new Segment(b.weights);
    segments.add(current);
    trials = adders(k);
    conversions = adders(k);
    calls = adders(k);
    errors = adders(k);
    metric = new Moments[k];
    paired = new PairedMoments[k];
    latency = new Moments[k];
    quality = new Moments[k];
    for (int i = 0; i < k; i++) {
      metric[i] = new Moments();
      paired[i] = new PairedMoments();
      latency[i] = new Moments();
      quality[i] = new Moments();
    }
    primaryTests = new SequentialTest[k];
    guardrailTests = new SequentialTest[k][guardrails.size()];
    for (int t = 1; t < k; t++) {
      primaryTests[t] = new SequentialTest(b.alpha, b.tau, 0, SequentialTest.Side.TWO_SIDED);
      for (int g = 0; g < guardrails.size(); g++) {
        Guardrail gr = guardrails.get(g);
        guardrailTests[t][g] = new SequentialTest(gr.alpha(), gr.tau(), gr.margin(), SequentialTest.Side.GREATER);
      }
    }
  }

  private static LongAdder[] adders(int k) {
    LongAdder[] a = new LongAdder[k];
    for (int i = 0; i < k; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /**
   * Starts building an experiment.
   *
   * @param name the experiment's name
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  private int check(int variant) {
    if (variant < 0 || variant >= variants.size()) {
      throw new InvalidInputException("variant", "Variant index " + variant + " is not one of " + variants + ".");
    }
    return variant;
  }

  /**
   * Returns a variant's index.
   *
   * @param variant the variant's name
   * @return its index
   * @throws InvalidInputException if unknown
   */
  public int indexOf(String variant) {
    Integer i = indexOf.get(variant);
    if (i == null) {
      throw new InvalidInputException("variant", "Unknown variant '" + variant + "'; the experiment has " + variants + ".");
    }
    return i;
  }

  /**
   * Counts one exposure of a variant (for the sample-ratio check).
   *
   * @param variant the variant's index
   */
  public void recordExposure(int variant) {
    current.exposures[check(variant)].increment();
  }

  /**
   * Returns an exposure listener that counts a router's decisions into this experiment; the router's
   * variants must be this experiment's, in the same order. Allocation-free.
   *
   * @return the listener
   */
  public ExposureListener exposureListener() {
    return (unit, decision) -> recordExposure(Decisions.variant(decision));
  }

  /**
   * Records a unit's conversion outcome (conversion experiments).
   *
   * @param variant the variant's index
   * @param converted whether the unit converted
   */
  public void recordConversion(int variant, boolean converted) {
    trials[check(variant)].increment();
    if (converted) {
      conversions[variant].increment();
    }
  }

  /**
   * Records a unit's metric value (continuous experiments).
   *
   * @param variant the variant's index
   * @param value the value, finite
   * @throws InvalidInputException if the value is not finite
   */
  public void recordMetric(int variant, double value) {
    metric[check(variant)].add(value);
  }

  /**
   * Records a unit's metric value with its pre-period covariate, for CUPED.
   *
   * @param variant the variant's index
   * @param value the value, finite
   * @param preCovariate the same unit's value of the covariate before the experiment, finite
   * @throws InvalidInputException if a value is not finite
   */
  public void recordMetric(int variant, double value, double preCovariate) {
    paired[check(variant)].add(value, preCovariate);
    metric[variant].add(value);
  }

  /**
   * Records one call's outcome for the error-rate and latency guardrails.
   *
   * @param variant the variant's index
   * @param failed whether the call failed
   * @param latencyMillis how long it took, in milliseconds, finite
   * @throws InvalidInputException if the latency is not finite
   */
  public void recordOutcome(int variant, boolean failed, double latencyMillis) {
    latency[check(variant)].add(latencyMillis);
    calls[variant].increment();
    if (failed) {
      errors[variant].increment();
    }
  }

  /**
   * Records one prediction's quality (say 1 if it matched the delayed label, else 0) for the quality
   * guardrail.
   *
   * @param variant the variant's index
   * @param value the quality, finite
   * @throws InvalidInputException if the value is not finite
   */
  public void recordQuality(int variant, double value) {
    quality[check(variant)].add(value);
  }

  /**
   * Starts a new period of the sample-ratio check with new weights (call it when the router's weights
   * change).
   *
   * @param weights one weight per variant
   * @throws InvalidInputException if the weights are invalid
   */
  public synchronized void setWeights(double... weights) {
    Stats.requireWeights(weights, variants.size());
    current = new Segment(weights);
    segments.add(current);
  }

  /**
   * Returns the exposures of the current weight period.
   *
   * @return one count per variant
   */
  public long[] currentPeriodExposures() {
    return current.counts();
  }

  /**
   * Returns the variants, control first.
   *
   * @return the names
   */
  public List<String> variants() {
    return variants;
  }

  /**
   * Returns the experiment's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Takes one look: computes every statistic and the verdict.
   *
   * @return the summary
   */
  public synchronized ExperimentSummary summary() {
    int k = variants.size();
    long[] observed = new long[k];
    double[] expected = new double[k];
    for (Segment s : segments) {
      long[] c = s.counts();
      long total = 0;
      for (long x : c) {
        total += x;
      }
      double sumW = 0;
      for (double w : s.weights) {
        sumW += w;
      }
      for (int i = 0; i < k; i++) {
        observed[i] += c[i];
        expected[i] += total * s.weights[i] / sumW;
      }
    }
    SampleRatioMismatch.Result srm = SampleRatioMismatch.testExpected(observed, expected);
    List<VariantSummary> vs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      vs.add(new VariantSummary(variants.get(i), observed[i], conversions[i].sum(), trials[i].sum(), metric[i].summary(),
          errors[i].sum(), calls[i].sum(), latency[i].summary(), quality[i].summary()));
    }
    List<Comparison> comparisons = new ArrayList<>();
    boolean anyBreach = false;
    boolean anyWorse = false;
    boolean anyBetter = false;
    for (int t = 1; t < k; t++) {
      Comparison c = compare(vs.get(0), vs.get(t), t);
      comparisons.add(c);
      anyBreach |= c.verdict() == Verdict.GUARDRAIL_BREACHED;
      anyWorse |= c.verdict() == Verdict.TREATMENT_WORSE;
      anyBetter |= c.verdict() == Verdict.TREATMENT_BETTER;
    }
    Verdict overall = srm.mismatch() ? Verdict.BLOCKED_BY_SAMPLE_RATIO_MISMATCH
        : anyBreach ? Verdict.GUARDRAIL_BREACHED
        : anyWorse ? Verdict.TREATMENT_WORSE
        : anyBetter ? Verdict.TREATMENT_BETTER
        : Verdict.INCONCLUSIVE;
    return new ExperimentSummary(name, vs, srm, comparisons, overall);
  }

  private Comparison compare(VariantSummary c, VariantSummary t, int ti) {
    Optional<LiftEstimate> fixed = Optional.empty();
    Optional<Cuped.Result> cuped = Optional.empty();
    Optional<BayesianComparison.Result> bayes = Optional.empty();
    SequentialTest.Result seq;
    if (conversion) {
      if (c.trials() > 0 && t.trials() > 0) {
        fixed = Optional.of(TwoProportionZTest.test(c.conversions(), c.trials(), t.conversions(), t.trials(), confidence));
        seq = primaryTests[ti].updateProportions(c.conversions(), c.trials(), t.conversions(), t.trials());
      } else {
        seq = primaryTests[ti].update(0, 0);
      }
      bayes = Optional.of(BayesianComparison.conversions(c.conversions(), c.trials(), t.conversions(), t.trials(), 1, 1));
    } else {
      PairedSummary pc = paired[0].summary();
      PairedSummary pt = paired[ti].summary();
      boolean withCovariate = pc.n() == c.metric().n() && pt.n() == t.metric().n() && pc.n() >= 2 && pt.n() >= 2;
      fixed = attempt(() -> WelchTTest.test(c.metric(), t.metric(), confidence));
      if (withCovariate) {
        cuped = attempt(() -> Cuped.test(pc, pt, confidence));
      }
      if (cuped.isPresent()) {
        double theta = cuped.get().theta();
        double meanX = (pc.n() * pc.meanX() + pt.n() * pt.meanX()) / (pc.n() + pt.n());
        seq = primaryTests[ti].updateMeans(Cuped.adjust(pc, theta, meanX), Cuped.adjust(pt, theta, meanX));
      } else {
        seq = primaryTests[ti].updateMeans(c.metric(), t.metric());
      }
      bayes = attempt(() -> BayesianComparison.means(c.metric(), t.metric()));
    }
    List<GuardrailResult> gr = new ArrayList<>();
    boolean breach = false;
    for (int g = 0; g < guardrails.size(); g++) {
      GuardrailResult r = guardrail(guardrails.get(g), guardrailTests[ti][g], c, t);
      breach |= r.breached();
      gr.add(r);
    }
    Verdict v;
    if (breach) {
      v = Verdict.GUARDRAIL_BREACHED;
    } else if (seq.rejected()) {
      boolean up = seq.difference() > 0;
      v = up == higherIsBetter ? Verdict.TREATMENT_BETTER : Verdict.TREATMENT_WORSE;
    } else {
      v = Verdict.INCONCLUSIVE;
    }
    return new Comparison(t.name(), fixed, cuped, seq, bayes, gr, v);
  }

  private static GuardrailResult guardrail(Guardrail g, SequentialTest test, VariantSummary c, VariantSummary t) {
    double cv;
    double tv;
    double variance;
    boolean enough;
    switch (g.metric()) {
      case ERROR_RATE -> {
        enough = c.calls() > 0 && t.calls() > 0;
        cv = enough ? c.errors() / (double) c.calls() : 0;
        tv = enough ? t.errors() / (double) t.calls() : 0;
        variance = enough ? cv * (1 - cv) / c.calls() + tv * (1 - tv) / t.calls() : 0;
      }
      case LATENCY -> {
        enough = c.latencyMillis().n() >= 2 && t.latencyMillis().n() >= 2;
        cv = c.latencyMillis().mean();
        tv = t.latencyMillis().mean();
        variance = enough ? c.latencyMillis().varianceOfMean() + t.latencyMillis().varianceOfMean() : 0;
      }
      default -> {
        enough = c.quality().n() >= 2 && t.quality().n() >= 2;
        cv = c.quality().mean();
        tv = t.quality().mean();
        variance = enough ? c.quality().varianceOfMean() + t.quality().varianceOfMean() : 0;
      }
    }
    double degradation = g.metric().higherIsWorse() ? tv - cv : cv - tv;
    SequentialTest.Result r = test.update(degradation, variance);
    return new GuardrailResult(g.name(), t.name(), cv, tv, degradation, g.margin(), r.alwaysValidP(), r.rejected());
  }

  private static <T> Optional<T> attempt(java.util.function.Supplier<T> s) {
    try {
      return Optional.of(s.get());
    } catch (InvalidInputException notEnoughData) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "Experiment[" + name + ", " + variants + "]";
  }

  /**
   * Builds an {@link Experiment}. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private List<String> variants;
    private double[] weights;
    private Boolean metricSet;
    private boolean conversion = true;
    private boolean higherIsBetter = true;
    private double alpha = 0.05;
    private double tau = Double.NaN;
    private double confidence = 0.95;
    private final List<Guardrail> guardrails = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new InvalidInputException("name", "An experiment needs a name.");
      }
      this.name = name;
    }

    /**
     * Names the variants, control first (the router's order).
     *
     * @param names at least two names
     * @return this builder
     * @throws InvalidInputException if fewer than two or repeated
     */
    public Builder variants(String... names) {
      if (names.length < 2 || java.util.Set.of(names).size() != names.length) {
        throw new InvalidInputException("variants", "An experiment has at least two distinct variants.");
      }
      variants = List.of(names);
      return this;
    }

    /**
     * Sets the configured weights (what the sample-ratio check expects). Default: equal.
     *
     * @param w one weight per variant
     * @return this builder
     */
    public Builder weights(double... w) {
      weights = w.clone();
      return this;
    }

    /**
     * Makes the primary metric a conversion rate (the default).
     *
     * @return this builder
     * @throws IllegalStateException if the metric was already chosen
     */
    public Builder conversion() {
      requireMetricUnset();
      conversion = true;
      return this;
    }

    /**
     * Makes the primary metric continuous (revenue, a score).
     *
     * @param higherBetter whether a higher mean is better
     * @return this builder
     * @throws IllegalStateException if the metric was already chosen
     */
    public Builder continuous(boolean higherBetter) {
      requireMetricUnset();
      conversion = false;
      higherIsBetter = higherBetter;
      return this;
    }

    private void requireMetricUnset() {
      if (metricSet != null) {
        throw new IllegalStateException("the primary metric was already chosen");
      }
      metricSet = Boolean.TRUE;
    }

    /**
     * Sets the sequential test's level (default 0.05).
     *
     * @param a alpha, in (0, 1)
     * @return this builder
     */
    public Builder alpha(double a) {
      alpha = a;
      return this;
    }

    /**
     * Sets the sequential test's mixing standard deviation, in the primary metric's units: the order
     * of effect worth detecting (default 0.01 for conversions, 1 for continuous metrics).
     *
     * @param t tau, positive
     * @return this builder
     */
    public Builder tau(double t) {
      tau = t;
      return this;
    }

    /**
     * Sets the intervals' confidence level (default 0.95).
     *
     * @param c the level, in (0, 1)
     * @return this builder
     */
    public Builder confidence(double c) {
      confidence = Stats.requireConfidence(c);
      return this;
    }

    /**
     * Adds a guardrail.
     *
     * @param g the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail g) {
      guardrails.add(Objects.requireNonNull(g, "g"));
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @return the experiment
     * @throws InvalidInputException if the variants are missing or the weights, alpha or tau invalid
     */
    public Experiment build() {
      if (variants == null) {
        throw new InvalidInputException("variants", "Name the variants, control first.");
      }
      if (weights == null) {
        weights = new double[variants.size()];
        java.util.Arrays.fill(weights, 1);
      }
      Stats.requireWeights(weights, variants.size());
      if (Double.isNaN(tau)) {
        tau = conversion ? 0.01 : 1;
      }
      new SequentialTest(alpha, tau, 0, SequentialTest.Side.TWO_SIDED); // validates alpha and tau
      return new Experiment(this);
    }
  }
}
