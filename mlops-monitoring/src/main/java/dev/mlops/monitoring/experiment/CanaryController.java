package dev.mlops.monitoring.experiment;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.routing.CanarySchedule;
import dev.mlops.core.routing.Router;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.routing.AliasMove;
import dev.mlops.registry.routing.AliasMoves;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ramps a canary through a {@link CanarySchedule} while its guardrails hold, rolls it back the moment
 * one is breached, and promotes it at the end: the loop that moves a router's weights and the
 * registry's aliases.
 *
 * <pre>{@code
 * CanaryController canary = CanaryController.builder(router, experiment)
 *     .schedule(CanarySchedule.standard())            // 1%, 5%, 25%, 50%, 100%
 *     .minExposuresPerStep(2_000)
 *     .aliases(registry, "fraud", "champion", "challenger")
 *     .build();
 * // periodically (after every batch):
 * CanaryEvent e = canary.evaluate();
 * }</pre>
 *
 * <p>Each {@link #evaluate()} takes one look at the experiment ({@link Experiment#summary()}) and:
 * <ol>
 *   <li>holds, deciding nothing, while the sample-ratio check fails (routing goes on);</li>
 *   <li>rolls back if any guardrail is breached (its always-valid test rejected): the router's canary
 *       weight goes to 0 (only canary units move) and, with {@link Builder#aliases}, the canary alias
 *       is pointed at the stable version through the registry's audited compare-and-set, the
 *       rolled-back version tagged with the reason ({@link AliasMoves#rollback});</li>
 *   <li>also rolls back if the primary metric is significantly worse;</li>
 *   <li>holds until the current step has {@code minExposuresPerStep} canary exposures;</li>
 *   <li>advances to the next step (router and experiment weights), or at the last step promotes
 *       ({@link AliasMoves#promote}: the stable alias moves to the canary's version) when the primary
 *       metric is significantly better, or inconclusive if {@link Builder#promoteWhenInconclusive}
 *       (the default: the canary held every guardrail through the full ramp).</li>
 * </ol>
 *
 * <p>Thread-safe: evaluations are serialised.
 */
public final class CanaryController {
  private static final Logger LOG = LoggerFactory.getLogger(CanaryController.class);

  private final Router<?, ?> router;
  private final Experiment experiment;
  private final int stable;
  private final int canary;
  private final CanarySchedule schedule;
  private final long minExposures;
  private final ModelRegistry registry;
  private final String model;
  private final String stableAlias;
  private final String canaryAlias;
  private final boolean promoteWhenInconclusive;
  private final List<CanaryEvent> history = new ArrayList<>();
  private int step;
  private boolean finished;

  private CanaryController(Builder b) {
    this.router = b.router;
    this.experiment = b.experiment;
    if (!router.variantNames().equals(experiment.variants())) {
      throw new InvalidInputException("experiment", "The experiment's variants " + experiment.variants()
          + " must be the router's " + router.variantNames() + ", in the same order.");
    }
    this.stable = router.variantIndex(b.stableVariant != null ? b.stableVariant : router.variantNames().get(0));
    this.canary = router.variantIndex(b.canaryVariant != null ? b.canaryVariant : router.variantNames().get(1));
    if (stable == canary) {
      throw new InvalidInputException("canary", "The canary and the stable variant must differ.");
    }
    this.schedule = b.schedule != null ? b.schedule : CanarySchedule.standard();
    this.minExposures = b.minExposures;
    this.registry = b.registry;
    this.model = b.model;
    this.stableAlias = b.stableAlias;
    this.canaryAlias = b.canaryAlias;
    this.promoteWhenInconclusive = b.promoteWhenInconclusive;
    this.step = 0;
    applyWeights(schedule.percent(0));
  }

  /**
   * Starts building a controller.
   *
   * @param router the router whose weights the controller moves
   * @param experiment the experiment fed by that router (same variants, same order)
   * @return the builder
   */
  public static Builder builder(Router<?, ?> router, Experiment experiment) {
    return new Builder(router, experiment);
  }

  private void applyWeights(double canaryPercent) {
    double[] w = new double[router.variantNames().size()];
    w[stable] = 100 - canaryPercent;
    w[canary] = canaryPercent;
    router.setWeights(w);
    experiment.setWeights(w);
  }

  /**
   * Takes one look at the experiment and acts on it (see the class description).
   *
   * @return what was done and why
   * @throws dev.mlops.core.ConflictException if an alias moved concurrently (nothing else changed in
   *     the registry; the router's weights were already moved on a rollback)
   */
  public synchronized CanaryEvent evaluate() {
    ExperimentSummary s = experiment.summary();
    if (finished) {
      return record(CanaryEvent.Action.FINISHED, "the canary was already " + (step < 0 ? "rolled back" : "promoted"), s,
          Optional.empty());
    }
    if (s.sampleRatio().mismatch()) {
      return record(CanaryEvent.Action.HOLD_SAMPLE_RATIO_MISMATCH, String.format(Locale.ROOT,
          "sample ratio mismatch (chi2 %.2f, p %.3g): exposures %s do not match the weights; fix the assignment "
              + "before any promotion or rollback", s.sampleRatio().chiSquare(), s.sampleRatio().pValue(),
          java.util.Arrays.toString(s.sampleRatio().observed())), s, Optional.empty());
    }
    Comparison c = comparison(s);
    Optional<GuardrailResult> breach = c.guardrails().stream().filter(GuardrailResult::breached).findFirst();
    if (breach.isPresent()) {
      return rollback(breach.get().describe() + String.format(Locale.ROOT, " at step %d (%.4g%%)", step,
          schedule.percent(step)), s);
    }
    if (c.verdict() == Verdict.TREATMENT_WORSE) {
      return rollback(String.format(Locale.ROOT, "primary metric significantly worse: difference %.5g, always-valid p %.3g",
          c.sequential().difference(), c.sequential().alwaysValidP()), s);
    }
    long exposures = experiment.currentPeriodExposures()[canary];
    if (exposures < minExposures) {
      return record(CanaryEvent.Action.HOLD_COLLECTING, String.format(Locale.ROOT,
          "step %d (%.4g%%): %d of %d canary exposures", step, schedule.percent(step), exposures, minExposures), s,
          Optional.empty());
    }
    if (!schedule.isLast(step)) {
      step++;
      applyWeights(schedule.percent(step));
      return record(CanaryEvent.Action.ADVANCED, String.format(Locale.ROOT,
          "guardrails hold after %d canary exposures; ramped to %.4g%%", exposures, schedule.percent(step)), s,
          Optional.empty());
    }
    boolean better = c.verdict() == Verdict.TREATMENT_BETTER;
    if (!better && !promoteWhenInconclusive) {
      return record(CanaryEvent.Action.HOLD_INCONCLUSIVE, String.format(Locale.ROOT,
          "full ramp done, primary metric inconclusive (always-valid p %.3g); not promoting",
          c.sequential().alwaysValidP()), s, Optional.empty());
    }
    String why = better
        ? String.format(Locale.ROOT, "primary metric significantly better (always-valid p %.3g) and every guardrail held",
            c.sequential().alwaysValidP())
        : String.format(Locale.ROOT, "every guardrail held through the full ramp (primary metric inconclusive, "
            + "always-valid p %.3g)", c.sequential().alwaysValidP());
    Optional<AliasMove> move = registry == null ? Optional.empty()
        : Optional.of(AliasMoves.promote(registry, model, canaryAlias, stableAlias, why));
    finished = true;
    return record(CanaryEvent.Action.PROMOTED, why, s, move);
  }

  private Comparison comparison(ExperimentSummary s) {
    String name = router.variantNames().get(canary);
    return s.comparisons().stream().filter(c -> c.treatment().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the experiment does not compare " + name + " with the control"));
  }

  private CanaryEvent rollback(String why, ExperimentSummary s) {
    applyWeights(0);
    finished = true;
    step = -1;
    Optional<AliasMove> move = registry == null ? Optional.empty()
        : Optional.of(AliasMoves.rollback(registry, model, canaryAlias, stableAlias, why));
    LOG.warn("Canary {} rolled back: {}", router.variantNames().get(canary), why);
    return record(CanaryEvent.Action.ROLLED_BACK, why, s, move);
  }

  private CanaryEvent record(CanaryEvent.Action a, String why, ExperimentSummary s, Optional<AliasMove> move) {
    double pct = step < 0 ? 0 : schedule.percent(step);
    CanaryEvent e = new CanaryEvent(a, step, pct, why, s, move);
    history.add(e);
    LOG.debug("Canary {}: {} ({})", router.variantNames().get(canary), a, why);
    return e;
  }

  /**
   * Returns the current step (-1 once rolled back).
   *
   * @return the step
   */
  public synchronized int step() {
    return step;
  }

  /**
   * Tells whether the canary was promoted or rolled back.
   *
   * @return whether the controller has finished
   */
  public synchronized boolean finished() {
    return finished;
  }

  /**
   * Returns every event so far.
   *
   * @return the events, oldest first
   */
  public synchronized List<CanaryEvent> history() {
    return List.copyOf(history);
  }

  /**
   * Builds a {@link CanaryController}. Not thread-safe.
   */
  public static final class Builder {
    private final Router<?, ?> router;
    private final Experiment experiment;
    private String stableVariant;
    private String canaryVariant;
    private CanarySchedule schedule;
    private long minExposures = 1000;
    private ModelRegistry registry;
    private String model;
    private String stableAlias;
    private String canaryAlias;
    private boolean promoteWhenInconclusive = true;

    private Builder(Router<?, ?> router, Experiment experiment) {
      this.router = Objects.requireNonNull(router, "router");
      this.experiment = Objects.requireNonNull(experiment, "experiment");
    }

    /**
     * Names the stable and canary variants (default: the router's first and second).
     *
     * @param stableName the stable variant
     * @param canaryName the canary variant
     * @return this builder
     */
    public Builder variants(String stableName, String canaryName) {
      stableVariant = Objects.requireNonNull(stableName, "stableName");
      canaryVariant = Objects.requireNonNull(canaryName, "canaryName");
      return this;
    }

    /**
     * Sets the ramp (default {@link CanarySchedule#standard()}).
     *
     * @param s the schedule
     * @return this builder
     */
    public Builder schedule(CanarySchedule s) {
      schedule = Objects.requireNonNull(s, "s");
      return this;
    }

    /**
     * Sets how many canary exposures a step needs before advancing (default 1000).
     *
     * @param n the count, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder minExposuresPerStep(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("minExposuresPerStep is positive");
      }
      minExposures = n;
      return this;
    }

    /**
     * Moves registry aliases on promotion and rollback.
     *
     * @param reg the registry
     * @param modelName the model name
     * @param stable the stable alias, e.g. {@code champion}
     * @param canaryName the canary alias, e.g. {@code challenger}
     * @return this builder
     */
    public Builder aliases(ModelRegistry reg, String modelName, String stable, String canaryName) {
      registry = Objects.requireNonNull(reg, "reg");
      model = Objects.requireNonNull(modelName, "modelName");
      stableAlias = Objects.requireNonNull(stable, "stable");
      canaryAlias = Objects.requireNonNull(canaryName, "canaryName");
      return this;
    }

    /**
     * Whether to promote at the end of the ramp when the primary metric is inconclusive (default true).
     *
     * @param promote the choice
     * @return this builder
     */
    public Builder promoteWhenInconclusive(boolean promote) {
      promoteWhenInconclusive = promote;
      return this;
    }

    /**
     * Builds the controller and sets the router's and the experiment's weights to the first step.
     *
     * @return the controller
     * @throws InvalidInputException if the experiment's variants are not the router's, or a variant
     *     name is unknown
     */
    public CanaryController build() {
      return new CanaryController(this);
    }
  }
}
