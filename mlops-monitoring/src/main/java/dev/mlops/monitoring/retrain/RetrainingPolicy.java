package dev.mlops.monitoring.retrain;

import dev.mlops.core.ConflictException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.NotFoundException;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertKind;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.monitor.WindowListener;
import dev.mlops.monitoring.monitor.WindowSummary;
import dev.mlops.monitoring.performance.PerformanceAlerts;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.Tracking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains a model when production says so: on sustained drift (drift in {@code n} consecutive windows)
 * or a performance drop, calls the user's {@link RetrainingJob} inside a tracked training run, registers
 * the result as a candidate version, and moves the serving alias to it only when the user's
 * {@link PromotionGate} passes.
 *
 * <pre>{@code
 * RetrainingPolicy policy = RetrainingPolicy.builder(registry, "fraud", job)
 *     .alias("champion")                        // the alias the gate may move (never without a gate)
 *     .gate(gate)                               // optional; without it candidates are only registered
 *     .sustainedDriftWindows(3)                 // drift in 3 consecutive windows triggers
 *     .coolDown(Duration.ofHours(6))            // after an attempt, ignore triggers this long
 *     .listener(outcome -> log.info("retraining: {}", outcome))
 *     .build();
 * PredictionMonitor monitor = PredictionMonitor.builder("fraud/7")
 *     .extension(performance)                   // PerformanceMonitoring: labelled metrics per window
 *     .rule(PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.85, 0.90).build())
 *     .windowListener(policy)                   // sustained drift: n consecutive drifting windows
 *     .alertListener(policy)                    // a performance-drop alert raised
 *     .build();
 * policy.trigger("manual");                     // or by hand
 * }</pre>
 *
 * <p><b>Signals.</b> As a {@link WindowListener}, a window drifts when the drift signal says so (default:
 * the window's input drift report has dataset drift, {@link DriftReport#datasetDrift()}); drift in
 * {@code sustainedDriftWindows} consecutive windows of a variant triggers. As an {@link AlertListener}, a
 * {@link AlertKind#RAISED} alert the alert trigger accepts triggers (default: the performance-drop rules,
 * {@link PerformanceAlerts#RULE_PREFIX}), so the rule's hysteresis and cool-down apply before the policy's
 * own. Without a monitor, call {@link #observeWindow(boolean)} and {@link #performanceDropped(String)}.
 *
 * <p><b>Safety.</b> At most one retraining is in flight per policy: a trigger while one runs is skipped
 * and counted ({@link #skippedInFlight()}). After an attempt ends (whatever its outcome, so a failing job
 * cannot retrain in a loop) triggers are skipped for the cool-down and counted
 * ({@link #skippedCoolDown()}). The job runs in a training run of experiment {@code retrain-<model>}
 * (tags {@value #REASON_TAG}, {@value #TRIGGER_TAG}; the replaced version as lineage parent); a job that
 * throws leaves the run FAILED and registers nothing. The candidate carries the tags
 * {@value #CANDIDATE_TAG}{@code =true} and {@value #REASON_TAG}; the gate's verdict is recorded as tag
 * {@value #GATE_TAG}. The alias moves by compare-and-set against the version it pointed at when the
 * attempt started, so a concurrent promotion or rollback is never overwritten
 * ({@link RetrainingStatus#ALIAS_CONFLICT}). Nothing is ever deleted; a failure leaves the registry as it
 * was, or with an unpromoted candidate.
 *
 * <p>Thread-safe: signals may come from any thread (a monitor's worker); jobs run on the executor (by
 * default one daemon thread the policy owns, stopped by {@link #close()}).
 */
public final class RetrainingPolicy implements AlertListener, WindowListener, AutoCloseable {
  /** Tag on candidates: {@code true}. */
  public static final String CANDIDATE_TAG = "mlops.retrain.candidate";
  /** Tag on runs and candidates: what triggered the retraining. */
  public static final String REASON_TAG = "mlops.retrain.reason";
  /** Tag on runs: the signal's source. */
  public static final String TRIGGER_TAG = "mlops.retrain.trigger";
  /** Tag on candidates: {@code passed} or {@code rejected}, with the gate's reason in {@value #GATE_REASON_TAG}. */
  public static final String GATE_TAG = "mlops.retrain.gate";
  /** Tag on candidates: the gate's reason. */
  public static final String GATE_REASON_TAG = "mlops.retrain.gate.reason";
  /** The number of past outcomes {@link #history()} keeps. */
  public static final int HISTORY = 100;

  private static final Logger LOG = LoggerFactory.getLogger(RetrainingPolicy.class);

  private final ModelRegistry registry;
  private final Tracking tracking;
  private final String model;
  private final RetrainingJob job;
  private final String alias;
  private final PromotionGate gate;
  private final int sustainedDriftWindows;
  private final Duration coolDown;
  private final Clock clock;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final String experiment;
  private final List<RetrainingListener> listeners;
  private final Predicate<WindowSummary> driftSignal;
  private final Predicate<Alert> alertTrigger;
  private final String variant;

  private final Object lock = new Object();
  private boolean inFlight;
  private boolean closed;
  private Instant coolDownUntil = Instant.MIN;
  private final Map<String, Integer> driftStreaks = new HashMap<>();
  private long skippedInFlight;
  private long skippedCoolDown;
  private long attempts;
  private final ArrayDeque<RetrainingOutcome> history = new ArrayDeque<>();

  private RetrainingPolicy(Builder b) {
    this.registry = b.registry;
    this.tracking = b.tracking != null ? b.tracking : Tracking.of(b.registry);
    this.model = b.model;
    this.job = b.job;
    this.alias = b.alias;
    this.gate = b.gate;
    this.sustainedDriftWindows = b.sustainedDriftWindows;
    this.coolDown = b.coolDown;
    this.clock = b.clock;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "mlops-retrain-" + b.model);
        t.setDaemon(true);
        return t;
      });
      this.executor = ownedExecutor;
    }
    this.experiment = b.experiment != null ? b.experiment : defaultExperiment(b.model);
    this.listeners = List.copyOf(b.listeners);
    this.driftSignal = b.driftSignal != null ? b.driftSignal
        : w -> w.featureDrift().map(DriftReport::datasetDrift).orElse(false);
    this.alertTrigger = b.alertTrigger != null ? b.alertTrigger
        : a -> a.rule().startsWith(PerformanceAlerts.RULE_PREFIX);
    this.variant = b.variant;
  }

  private static String defaultExperiment(String model) {
    String e = "retrain-" + model;
    return e.length() <= Names.MAX_MODEL_NAME ? e : e.substring(0, Names.MAX_MODEL_NAME);
  }

  /**
   * Starts building a policy.
   *
   * @param registry the registry the candidates are registered in (its run store records the runs)
   * @param model the model name to retrain
   * @param job the user's retraining code
   * @return a builder
   * @throws InvalidInputException if the model name is invalid
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(ModelRegistry registry, String model, RetrainingJob job) {
    return new Builder(registry, model, job);
  }

  // ------------------------------------------------------------------ signals

  /**
   * Observes one closed window: whether drift was signalled on it (a drift alert firing). Drift in
   * {@code sustainedDriftWindows} consecutive windows triggers a retraining; a window without drift
   * resets the count, and so does a trigger.
   *
   * @param drifting whether the window drifted
   * @return the attempt started, or empty (no trigger, or skipped: in flight, cooling down, closed)
   */
  public Optional<CompletableFuture<RetrainingOutcome>> observeWindow(boolean drifting) {
    return observe("", drifting);
  }

  private Optional<CompletableFuture<RetrainingOutcome>> observe(String streakKey, boolean drifting) {
    int streak;
    synchronized (lock) {
      streak = drifting ? driftStreaks.getOrDefault(streakKey, 0) + 1 : 0;
      if (streak < sustainedDriftWindows) {
        driftStreaks.put(streakKey, streak);
        return Optional.empty();
      }
      driftStreaks.put(streakKey, 0);
    }
    return start("sustained drift: " + streak + " consecutive windows drifted"
        + (streakKey.isEmpty() ? "" : " (variant " + streakKey + ")"), "sustained-drift");
  }

  /**
   * Observes a monitor's closed window (the {@link WindowListener} side): counts consecutive drifting
   * windows per variant (or only the configured variant's) and triggers on sustained drift.
   *
   * @param window the closed window
   */
  @Override
  public void onWindow(WindowSummary window) {
    if (variant != null && !variant.equals(window.variant())) {
      return;
    }
    observe(window.variant(), driftSignal.test(window));
  }

  /**
   * Hears a monitor's alert (the {@link AlertListener} side): a raised alert the alert trigger accepts
   * (by default a performance-drop rule) triggers a retraining.
   *
   * @param alert the alert
   */
  @Override
  public void onAlert(Alert alert) {
    if (alert.kind() != AlertKind.RAISED || (variant != null && !variant.equals(alert.variant()))
        || !alertTrigger.test(alert)) {
      return;
    }
    start("alert " + alert.rule() + " on " + alert.variant() + ": " + alert.message(), alert.rule());
  }

  /**
   * Signals a performance drop (a performance alert raised); triggers a retraining.
   *
   * @param detail what dropped (an alert's message)
   * @return the attempt started, or empty when skipped (in flight, cooling down, closed)
   * @throws NullPointerException if the detail is null
   */
  public Optional<CompletableFuture<RetrainingOutcome>> performanceDropped(String detail) {
    Objects.requireNonNull(detail, "detail");
    return start("performance drop: " + detail, "performance-drop");
  }

  /**
   * Triggers a retraining by hand (subject to the same in-flight and cool-down rules).
   *
   * @param reason why
   * @return the attempt started, or empty when skipped
   * @throws NullPointerException if the reason is null
   */
  public Optional<CompletableFuture<RetrainingOutcome>> trigger(String reason) {
    Objects.requireNonNull(reason, "reason");
    return start(reason, "manual");
  }

  Optional<CompletableFuture<RetrainingOutcome>> start(String reason, String trigger) {
    Instant now = clock.instant();
    synchronized (lock) {
      if (closed) {
        return Optional.empty();
      }
      if (inFlight) {
        skippedInFlight++;
        LOG.debug("Retraining of {} skipped ({}): one is in flight", model, trigger);
        return Optional.empty();
      }
      if (now.isBefore(coolDownUntil)) {
        skippedCoolDown++;
        LOG.debug("Retraining of {} skipped ({}): cooling down until {}", model, trigger, coolDownUntil);
        return Optional.empty();
      }
      inFlight = true;
      attempts++;
    }
    CompletableFuture<RetrainingOutcome> done = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        RetrainingOutcome o;
        try {
          o = attempt(reason, trigger, now);
        } catch (RuntimeException | Error unexpected) {
          o = outcome(RetrainingStatus.FAILED, reason, trigger, now, null, null, null, null,
              "unexpected: " + summary(unexpected));
        }
        finish(o);
        done.complete(o);
      });
    } catch (RejectedExecutionException e) {
      RetrainingOutcome o = outcome(RetrainingStatus.FAILED, reason, trigger, now, null, null, null, null,
          "the executor rejected the job: " + summary(e));
      finish(o);
      done.complete(o);
    }
    return Optional.of(done);
  }

  private RetrainingOutcome attempt(String reason, String trigger, Instant requested) {
    Optional<ModelVersion> current = current();
    RetrainingRequest request = new RetrainingRequest(model, reason, trigger, requested, current);
    String[] runId = new String[1];
    ModelVersion candidate;
    try {
      candidate = tracking.run(experiment, "retrain", run -> {
        runId[0] = run.id();
        run.setTag(REASON_TAG, clip(reason));
        run.setTag(TRIGGER_TAG, clip(trigger));
        current.ifPresent(c -> run.logParentVersion(c.id()));
        Registration.Builder registration = job.train(request, run);
        if (registration == null) {
          throw new InvalidInputException("job", "The retraining job returned no registration: return "
              + "Registration.model(request.model(), model) (or another builder for " + model + ").");
        }
        registration.tag(CANDIDATE_TAG, "true").tag(REASON_TAG, clip(reason));
        return run.register(registration);
      });
    } catch (Exception e) {
      LOG.warn("Retraining of {} failed in run {}: {}", model, runId[0], summary(e));
      return outcome(RetrainingStatus.FAILED, reason, trigger, requested, runId[0], null, current.orElse(null), null,
          "the job or its registration failed: " + summary(e));
    }
    if (!candidate.name().equals(model)) {
      return outcome(RetrainingStatus.FAILED, reason, trigger, requested, runId[0], candidate, current.orElse(null),
          null, "the job registered model '" + candidate.name() + "', not '" + model + "'; no alias moved");
    }
    if (gate == null) {
      LOG.info("Retraining of {} registered candidate version {} (no gate: {} not moved)", model,
          candidate.version(), alias);
      return outcome(RetrainingStatus.CANDIDATE, reason, trigger, requested, runId[0], candidate,
          current.orElse(null), null, null);
    }
    GateDecision decision;
    try {
      decision = Objects.requireNonNull(gate.evaluate(candidate, current), "the gate returned null");
    } catch (Exception e) {
      return outcome(RetrainingStatus.FAILED, reason, trigger, requested, runId[0], candidate, current.orElse(null),
          null, "the gate failed: " + summary(e));
    }
    try {
      registry.setTag(model, candidate.version(), GATE_TAG, decision.passed() ? "passed" : "rejected");
      registry.setTag(model, candidate.version(), GATE_REASON_TAG, clip(decision.reason()));
    } catch (RuntimeException e) {
      LOG.warn("Could not tag candidate {} of {} with the gate's decision: {}", candidate.version(), model, summary(e));
    }
    if (!decision.passed()) {
      return outcome(RetrainingStatus.REJECTED, reason, trigger, requested, runId[0], candidate,
          current.orElse(null), decision, null);
    }
    OptionalInt expected = current.map(c -> OptionalInt.of(c.version())).orElse(OptionalInt.empty());
    try {
      registry.setAlias(model, alias, candidate.version(), expected);
    } catch (ConflictException e) {
      return outcome(RetrainingStatus.ALIAS_CONFLICT, reason, trigger, requested, runId[0], candidate,
          current.orElse(null), decision, "the alias '" + alias + "' moved meanwhile: " + summary(e));
    } catch (RuntimeException e) {
      return outcome(RetrainingStatus.FAILED, reason, trigger, requested, runId[0], candidate, current.orElse(null),
          decision, "moving the alias '" + alias + "' failed: " + summary(e));
    }
    LOG.info("Retraining of {} promoted version {} to @{}", model, candidate.version(), alias);
    return outcome(RetrainingStatus.PROMOTED, reason, trigger, requested, runId[0], candidate, current.orElse(null),
        decision, null);
  }

  private Optional<ModelVersion> current() {
    try {
      Integer v = registry.aliases(model).get(alias);
      return v == null ? Optional.empty() : Optional.of(registry.get(model, v));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private RetrainingOutcome outcome(RetrainingStatus status, String reason, String trigger, Instant started,
      String runId, ModelVersion candidate, ModelVersion replaced, GateDecision decision, String failure) {
    return new RetrainingOutcome(status, reason, trigger, Optional.ofNullable(runId),
        Optional.ofNullable(candidate).map(ModelVersion::id), Optional.ofNullable(replaced).map(ModelVersion::id),
        Optional.ofNullable(decision), Optional.ofNullable(failure), started, clock.instant());
  }

  private void finish(RetrainingOutcome o) {
    synchronized (lock) {
      inFlight = false;
      coolDownUntil = o.finished().plus(coolDown);
      history.addLast(o);
      while (history.size() > HISTORY) {
        history.removeFirst();
      }
    }
    for (RetrainingListener l : listeners) {
      try {
        l.onOutcome(o);
      } catch (RuntimeException e) {
        LOG.warn("Retraining listener failed: {}", summary(e));
      }
    }
  }

  private static String summary(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String clip(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500);
  }

  // ------------------------------------------------------------------ state

  /**
   * Tells whether a retraining is running.
   *
   * @return whether one is in flight
   */
  public boolean inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /**
   * Returns the attempts started.
   *
   * @return the attempts
   */
  public long attempts() {
    synchronized (lock) {
      return attempts;
    }
  }

  /**
   * Returns the triggers skipped because a retraining was in flight.
   *
   * @return the count
   */
  public long skippedInFlight() {
    synchronized (lock) {
      return skippedInFlight;
    }
  }

  /**
   * Returns the triggers skipped during a cool-down.
   *
   * @return the count
   */
  public long skippedCoolDown() {
    synchronized (lock) {
      return skippedCoolDown;
    }
  }

  /**
   * Returns the outcomes of the last {@value #HISTORY} attempts, oldest first.
   *
   * @return an immutable copy
   */
  public List<RetrainingOutcome> history() {
    synchronized (lock) {
      return List.copyOf(new ArrayList<>(history));
    }
  }

  /**
   * Returns the model this policy retrains.
   *
   * @return the model name
   */
  public String model() {
    return model;
  }

  /**
   * Stops accepting triggers and shuts down the policy's own executor (a running job finishes; a
   * user-supplied executor is left alone).
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  /**
   * Configures a {@link RetrainingPolicy}. Each setter may be called once. Not thread-safe.
   */
  public static final class Builder {
    private final ModelRegistry registry;
    private final String model;
    private final RetrainingJob job;
    private Tracking tracking;
    private String alias = "champion";
    private boolean aliasSet;
    private PromotionGate gate;
    private int sustainedDriftWindows = 3;
    private boolean driftSet;
    private Duration coolDown = Duration.ofHours(1);
    private boolean coolDownSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private Executor executor;
    private String experiment;
    private final List<RetrainingListener> listeners = new ArrayList<>();
    private Predicate<WindowSummary> driftSignal;
    private Predicate<Alert> alertTrigger;
    private String variant;

    private Builder(ModelRegistry registry, String model, RetrainingJob job) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.model = Names.requireModelName(Objects.requireNonNull(model, "model"));
      this.job = Objects.requireNonNull(job, "job");
    }

    /**
     * Sets the alias a passing gate moves to the candidate (default {@code champion}); the version it
     * points at is the {@link RetrainingRequest#current()} version.
     *
     * @param alias the alias
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if the alias is invalid
     */
    public Builder alias(String alias) {
      requireOnce(aliasSet, "alias");
      this.alias = Names.requireAlias(Objects.requireNonNull(alias, "alias"));
      aliasSet = true;
      return this;
    }

    /**
     * Sets the gate a candidate must pass before the alias moves to it. Without a gate no alias ever
     * moves.
     *
     * @param gate the gate
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the gate is null
     */
    public Builder gate(PromotionGate gate) {
      requireOnce(this.gate != null, "gate");
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Sets how many consecutive drifting windows trigger a retraining (default 3).
     *
     * @param windows at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if {@code windows < 1}
     */
    public Builder sustainedDriftWindows(int windows) {
      requireOnce(driftSet, "sustainedDriftWindows");
      if (windows < 1) {
        throw new InvalidInputException("sustainedDriftWindows", "At least one window; got " + windows + ".");
      }
      this.sustainedDriftWindows = windows;
      driftSet = true;
      return this;
    }

    /**
     * Sets how long after an attempt ends further triggers are skipped (default one hour).
     *
     * @param coolDown zero or positive
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if negative
     * @throws NullPointerException if null
     */
    public Builder coolDown(Duration coolDown) {
      requireOnce(coolDownSet, "coolDown");
      Objects.requireNonNull(coolDown, "coolDown");
      if (coolDown.isNegative()) {
        throw new InvalidInputException("coolDown", "A cool-down is zero or positive; got " + coolDown + ".");
      }
      this.coolDown = coolDown;
      coolDownSet = true;
      return this;
    }

    /**
     * Sets the clock of cool-downs and outcome times.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      requireOnce(clockSet, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      clockSet = true;
      return this;
    }

    /**
     * Sets where jobs run (default: one daemon thread owned by the policy).
     *
     * @param executor the executor; the policy never shuts it down
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder executor(Executor executor) {
      requireOnce(this.executor != null, "executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the tracking that records the runs (default {@code Tracking.of(registry)}).
     *
     * @param tracking the tracking, over the same registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder tracking(Tracking tracking) {
      requireOnce(this.tracking != null, "tracking");
      this.tracking = Objects.requireNonNull(tracking, "tracking");
      return this;
    }

    /**
     * Sets the runs' experiment (default {@code retrain-<model>}).
     *
     * @param experiment the experiment name (lowercase, like model names)
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws InvalidInputException if the name is invalid
     */
    public Builder experiment(String experiment) {
      requireOnce(this.experiment != null, "experiment");
      this.experiment = Names.requireModelName(Objects.requireNonNull(experiment, "experiment"));
      return this;
    }

    /**
     * Sets when a monitor's window counts as drifting (default: its input drift report has dataset drift).
     *
     * @param signal the test of a window
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder driftSignal(Predicate<WindowSummary> signal) {
      requireOnce(this.driftSignal != null, "driftSignal");
      this.driftSignal = Objects.requireNonNull(signal, "signal");
      return this;
    }

    /**
     * Sets which raised alerts trigger a retraining (default: rules named
     * {@code performance-drop:...}, see {@link PerformanceAlerts}).
     *
     * @param trigger the test of an alert
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder triggerOnAlert(Predicate<Alert> trigger) {
      requireOnce(this.alertTrigger != null, "triggerOnAlert");
      this.alertTrigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /**
     * Listens to one variant of a monitor only (default: every variant, drift counted per variant).
     *
     * @param variant the variant name
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder variant(String variant) {
      requireOnce(this.variant != null, "variant");
      this.variant = Objects.requireNonNull(variant, "variant");
      return this;
    }

    /**
     * Adds a listener for outcomes.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder listener(RetrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetrainingPolicy build() {
      return new RetrainingPolicy(this);
    }

    private static void requireOnce(boolean set, String what) {
      if (set) {
        throw new IllegalStateException(what + " was already set");
      }
    }
  }
}
