package dev.mlops.registry.routing;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.routing.OutputComparator;
import dev.mlops.core.routing.Routed;
import dev.mlops.core.routing.Router;
import dev.mlops.registry.ModelHandle;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Router} whose variants are registry references: each variant is served by a
 * {@link ModelHandle} that follows its reference, so when an alias moves (a promotion, a rollback)
 * the variant serves the new version within the handle's refresh interval, without rebuilding the
 * router.
 *
 * <pre>{@code
 * try (ModelRouter router = ModelRouter.builder(registry, "fraud-canary")
 *     .variant("fraud@champion", 95)
 *     .variant("fraud@challenger", 5)
 *     .shadow("fraud@candidate")
 *     .fallback("fraud@champion")
 *     .configure(b -> b.circuitBreaker(CircuitBreakerPolicy.defaults()))
 *     .build()) {
 *   Routed<Prediction> r = router.route(userId, features);
 *   ...
 *   router.promote("fraud@challenger", "fraud@champion", "challenger won: mSPRT p = 0.002");
 * }
 * }</pre>
 *
 * <p>Variants and shadows are named by their reference text ({@code "fraud@champion"}). Shadow
 * outputs are compared with {@link OutputComparator#predictions(double)} (labels, or regression values
 * within 1e-9) unless {@link Builder#configure(Consumer)} sets another comparator.
 *
 * <p>Instances are thread-safe, like the {@link Router} they wrap. Close the router to close its
 * handles and stop its threads.
 */
public final class ModelRouter implements AutoCloseable {
  private final ModelRegistry registry;
  private final Router<Map<String, ?>, Prediction> router;
  private final Map<String, ModelHandle> handles;

  private ModelRouter(ModelRegistry registry, Router<Map<String, ?>, Prediction> router, Map<String, ModelHandle> handles) {
    this.registry = registry;
    this.router = router;
    this.handles = handles;
  }

  /**
   * Starts building a router over a registry.
   *
   * @param registry the registry the references resolve in
   * @param salt the experiment key (see {@link Router#builder(String)})
   * @return the builder
   */
  public static Builder builder(ModelRegistry registry, String salt) {
    return new Builder(registry, salt);
  }

  /**
   * Decides a variant for a unit and calls the version its reference currently resolves to.
   *
   * @param unitId the unit
   * @param features the input features
   * @return the prediction and the decision
   * @throws dev.mlops.core.InvalidInputException if the features do not match the model's signature
   *     (and no fallback answered)
   */
  public Routed<Prediction> route(CharSequence unitId, Map<String, ?> features) {
    return router.route(unitId, features);
  }

  /**
   * Returns the router, for decisions, feedback, weights, overrides and reports.
   *
   * @return the router
   */
  public Router<Map<String, ?>, Prediction> router() {
    return router;
  }

  /**
   * Returns the version each reference serves now.
   *
   * @return reference text to version, variants first, then shadows
   */
  public Map<String, VersionId> servedVersions() {
    Map<String, VersionId> out = new LinkedHashMap<>();
    handles.forEach((ref, h) -> out.put(ref, h.version()));
    return out;
  }

  /**
   * Re-resolves every reference now (instead of waiting for the refresh interval), e.g. right after
   * a promotion or rollback.
   *
   * @return whether any served version changed
   */
  public boolean refreshNow() {
    boolean changed = false;
    for (ModelHandle h : handles.values()) {
      changed |= h.refreshNow();
    }
    return changed;
  }

  /**
   * Promotes: moves the alias of {@code toRef} to the version of {@code fromRef} with an audited
   * compare-and-set (see {@link AliasMoves#promote}), then refreshes the handles.
   *
   * @param fromRef the alias reference being promoted, e.g. {@code "fraud@challenger"}
   * @param toRef the alias reference to move, e.g. {@code "fraud@champion"}
   * @param reason why
   * @return the move
   * @throws InvalidInputException if a reference is not an alias reference, or they name different
   *     models
   * @throws dev.mlops.core.ConflictException if the alias moved concurrently
   */
  public AliasMove promote(String fromRef, String toRef, String reason) {
    ModelRef.Alias from = aliasRef(fromRef);
    ModelRef.Alias to = sameModel(from, aliasRef(toRef));
    AliasMove m = AliasMoves.promote(registry, from.name(), from.alias(), to.alias(), reason);
    refreshNow();
    return m;
  }

  /**
   * Rolls a canary back: moves the alias of {@code canaryRef} to the version of {@code stableRef}
   * (see {@link AliasMoves#rollback}), sets the canary variant's weight to 0 (moving only its units),
   * and refreshes the handles.
   *
   * @param canaryRef the canary's alias reference, e.g. {@code "fraud@challenger"}
   * @param stableRef the stable alias reference, e.g. {@code "fraud@champion"}
   * @param reason why
   * @return the move
   * @throws InvalidInputException if a reference is not an alias reference of the same model
   * @throws dev.mlops.core.ConflictException if the canary alias moved concurrently
   */
  public AliasMove rollback(String canaryRef, String stableRef, String reason) {
    ModelRef.Alias canary = aliasRef(canaryRef);
    ModelRef.Alias stable = sameModel(canary, aliasRef(stableRef));
    AliasMove m = AliasMoves.rollback(registry, canary.name(), canary.alias(), stable.alias(), reason);
    List<String> names = router.variantNames();
    if (names.contains(canaryRef) && names.contains(stableRef) && router.arms().isEmpty()) {
      double[] w = router.allocation().weights();
      int c = router.variantIndex(canaryRef);
      w[router.variantIndex(stableRef)] += w[c];
      w[c] = 0;
      router.setWeights(w);
    }
    refreshNow();
    return m;
  }

  private static ModelRef.Alias aliasRef(String ref) {
    ModelRef r = ModelRef.parse(ref);
    if (!(r instanceof ModelRef.Alias a)) {
      throw new InvalidInputException("reference", "'" + ref + "' is not an alias reference (name@alias); only aliases move.");
    }
    return a;
  }

  private static ModelRef.Alias sameModel(ModelRef.Alias a, ModelRef.Alias b) {
    if (!a.name().equals(b.name())) {
      throw new InvalidInputException("reference", a + " and " + b + " name different models; aliases move within one model.");
    }
    return b;
  }

  /** Closes the router (its shadow and call threads) and every handle. */
  @Override
  public void close() {
    router.close();
    handles.values().forEach(ModelHandle::close);
  }

  @Override
  public String toString() {
    return "ModelRouter" + servedVersions();
  }

  /**
   * Builds a {@link ModelRouter}. Not thread-safe.
   */
  public static final class Builder {
    private final ModelRegistry registry;
    private final String salt;
    private final List<String> refs = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final List<String> shadows = new ArrayList<>();
    private String fallback;
    private Duration refresh = Duration.ofSeconds(1);
    private boolean refreshSet;
    private Consumer<Router.Builder<Map<String, ?>, Prediction>> configurer;

    private Builder(ModelRegistry registry, String salt) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.salt = Objects.requireNonNull(salt, "salt");
    }

    /**
     * Adds a variant served by a reference.
     *
     * @param ref {@code name}, {@code name/version} or {@code name@alias}
     * @param weight its weight
     * @return this builder
     * @throws InvalidInputException if the reference is malformed
     */
    public Builder variant(String ref, double weight) {
      ModelRef.parse(ref);
      refs.add(ref);
      weights.add(weight);
      return this;
    }

    /**
     * Adds a shadow served by a reference.
     *
     * @param ref the reference
     * @return this builder
     * @throws InvalidInputException if the reference is malformed
     */
    public Builder shadow(String ref) {
      ModelRef.parse(ref);
      shadows.add(ref);
      return this;
    }

    /**
     * Names the fallback variant.
     *
     * @param ref the reference of a variant added to this builder
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder fallback(String ref) {
      if (fallback != null) {
        throw new IllegalStateException("the fallback was already set to " + fallback);
      }
      fallback = Objects.requireNonNull(ref, "ref");
      return this;
    }

    /**
     * Sets how often the handles re-resolve their references (default 1 s).
     *
     * @param interval the interval, at least 10 ms
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder refresh(Duration interval) {
      if (refreshSet) {
        throw new IllegalStateException("the refresh interval was already set");
      }
      refresh = Objects.requireNonNull(interval, "interval");
      refreshSet = true;
      return this;
    }

    /**
     * Configures the underlying {@link Router.Builder} (circuit breaker, call timeout, bandit, exposure
     * listener, shadow executor, comparator, assignment store) after the variants are added.
     *
     * @param c what to set
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder configure(Consumer<Router.Builder<Map<String, ?>, Prediction>> c) {
      if (configurer != null) {
        throw new IllegalStateException("configure was already called");
      }
      configurer = Objects.requireNonNull(c, "c");
      return this;
    }

    /**
     * Loads every reference (verified) and builds the router.
     *
     * @return the router
     * @throws dev.mlops.core.NotFoundException if a reference does not resolve
     * @throws dev.mlops.core.IntegrityException if a version's bytes do not verify
     * @throws InvalidInputException if there is no variant or a name repeats
     */
    public ModelRouter build() {
      Map<String, ModelHandle> handles = new LinkedHashMap<>();
      try {
        Router.Builder<Map<String, ?>, Prediction> b = Router.builder(salt);
        for (int i = 0; i < refs.size(); i++) {
          String ref = refs.get(i);
          ModelHandle h = handles.computeIfAbsent(ref, r -> registry.watch(r, refresh));
          b.variant(ref, weights.get(i), h::predict);
        }
        for (String ref : shadows) {
          ModelHandle h = handles.computeIfAbsent(ref, r -> registry.watch(r, refresh));
          b.shadow(ref, h::predict);
        }
        if (fallback != null) {
          b.fallback(fallback);
        }
        if (configurer != null) {
          configurer.accept(b);
        }
        try {
          b.compareWith(OutputComparator.predictions(1e-9));
        } catch (IllegalStateException alreadySet) {
          // the caller chose a comparator in configure(): keep it
        }
        return new ModelRouter(registry, b.build(), handles);
      } catch (RuntimeException e) {
        handles.values().forEach(ModelHandle::close);
        throw e;
      }
    }
  }
}
