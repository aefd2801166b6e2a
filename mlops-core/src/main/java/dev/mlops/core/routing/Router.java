package dev.mlops.core.routing;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests between variants (model versions): sticky weighted assignment, overrides, an
 * assignment store, bandits, shadows, fallback and circuit breakers.
 *
 * <pre>{@code
 * Router<Map<String, ?>, Prediction> router = Router.<Map<String, ?>, Prediction>builder("fraud-2026-11")
 *     .variant("champion", 90, champion::predict)
 *     .variant("challenger", 10, challenger::predict)
 *     .shadow("candidate", candidate::predict)
 *     .fallback("champion")
 *     .circuitBreaker(CircuitBreakerPolicy.defaults())
 *     .exposureListener((unit, decision) -> exposures.add(unit, Decisions.variant(decision)))
 *     .build();
 * Routed<Prediction> r = router.route(userId, features);   // r.output(), r.decision()
 * router.setWeights(75, 25);                              // ramp: moves only 15% of the units
 * }</pre>
 *
 * <p><b>Sticky weighted assignment.</b> A unit (user, session, request) goes to the variant that owns
 * bucket {@code floor(h * 10000 / 2^32)} of {@code h = MurmurHash3_x86_32(UTF-8(salt + unitId), seed
 * 0)} (unsigned) in the current {@link BucketAllocation}. The same salt, unit and allocation give the
 * same variant in every process and release; weight changes move only the units they must. The salt
 * (an experiment key) keeps different experiments' assignments independent.
 *
 * <p><b>Cost.</b> {@link #decide(CharSequence)} on the sticky weighted path (no override for the
 * unit, no store, no bandit) allocates nothing: it hashes the id's UTF-8 bytes without materialising
 * them, reads the allocation table, takes a sequence number from the calling thread's block of
 * decision ids (one atomic step per 1,024 decisions of a thread), counts the exposure in the thread's
 * own counters (no atomic step) and calls the exposure listener with the decision's primitive
 * encoding. Decision ids are unique per router; across threads they are not in time order. {@link #decide(CharSequence, DecisionHolder)}
 * fills a caller-owned holder, also without allocating; {@link #decision(CharSequence)} returns a
 * {@link Decision} object. Overrides cost a map lookup once any exists; a store costs what the store
 * costs; a bandit draws from its posteriors.
 *
 * <p><b>Decision order.</b> An override wins; otherwise a bandit chooses (if configured), else the
 * assignment store's remembered variant (if configured and present), else the weighted bucket. If
 * the chosen variant's circuit breaker is open, the fallback variant is chosen instead with reason
 * {@link Reason#FALLBACK}.
 *
 * <p><b>Calls.</b> {@link #route(CharSequence, Object)} decides and calls the chosen variant. If that
 * call throws a {@code RuntimeException} or exceeds the call timeout (when one is set, the call runs
 * on the router's call pool and the caller waits at most that long), the failure is counted, fed to
 * the variant's circuit breaker, and the fallback variant answers instead; without a fallback, the
 * exception propagates (a timeout as an {@link MlopsException}).
 *
 * <p><b>Shadows.</b> After the primary answered, each shadow variant receives the same input on a
 * bounded executor (see {@link Builder#shadowExecutor(int, int, Duration)}). Submitting costs the
 * caller's thread well under a microsecond (a 40-byte task object and three atomic operations: no lock,
 * no thread wake-up, no exception); a full queue drops the shadow call and counts it. A shadow never
 * changes the caller's result; its output or error and its agreement with the primary are recorded
 * ({@link #shadows()}, {@link Builder#shadowListener(ShadowListener)}). A shadow running past the
 * shadow timeout is counted as a timeout and its thread interrupted. <em>On a machine with few cores
 * (two, say) the shadow's CPU time is still taken from the same cores the service runs on:</em> the
 * caller's thread pays almost nothing, but a busy shadow slows everything else on the machine by the
 * CPU it uses; size the shadow threads (default one) and sample the shadowed traffic accordingly.
 *
 * <p><b>Bandits.</b> With {@link Builder#bandit(BanditPolicy)}, every decision is drawn from the
 * policy (not sticky), and {@link #reward(long, double)} feeds the outcome back, keyed by the decision
 * id (the primitive encoding, which names the arm: feedback needs no lookup table and no memory per
 * decision). Each decision should be rewarded at most once.
 *
 * <p>Instances are thread-safe: decisions, calls, feedback, weight changes and overrides may happen
 * concurrently from any number of threads. Close the router to stop its shadow and call threads.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Router<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** A timeout of the primary call, thrown internally without a stack trace. */
  private static final class CallTimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallTimedOut() {
      super(null, null, false, false);
    }
  }

  private final String salt;
  private final MurmurHash3.Prefix prefix;
  private final String[] names;
  private final Map<String, Integer> indexOf;
  private final Function<? super I, ? extends O>[] calls;
  private volatile BucketAllocation allocation;
  private volatile Map<String, Integer> overrides = Map.of();
  private final AssignmentStore store;
  private final ExposureListener listener;
  private final Bandit bandit;
  private final int fallback;
  private final Breaker[] breakers;
  /** The next unreserved decision id; threads reserve {@link #ID_BLOCK} ids at a time. */
  private final AtomicLong sequence = new AtomicLong();
  /** Each deciding thread's ids and exposure counts. */
  private final ThreadLocal<ThreadDecisions> local = ThreadLocal.withInitial(this::newThreadDecisions);
  /** Every thread's counts, for the totals (a thread's counts outlive it). */
  private final Queue<ThreadDecisions> allThreads = new ConcurrentLinkedQueue<>();
  private final LongAdder[] failures;
  private final LongAdder[] timeouts;
  private final LongAdder[] fallbacks;
  private final LongAdder listenerFailures = new LongAdder();
  private final ShadowRunner<I, O> shadows;
  private final String[] shadowNames;
  private final long callTimeoutNanos;
  private final ExecutorService callPool;
  private final Object writeLock = new Object();

  private Router(Builder<I, O> b) {
    this.salt = b.salt;
    this.prefix = MurmurHash3.Prefix.of(salt, 0);
    this.names = b.names.toArray(new String[0]);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      idx.put(names[i], i);
    }
    this.indexOf = Map.copyOf(idx);
    @SuppressWarnings("unchecked")
    Function<? super I, ? extends O>[] c = b.calls.toArray(new Function[0]);
    this.calls = c;
    double[] w = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
    if (b.allocation != null) {
      if (b.allocation.variants() != names.length) {
        throw new InvalidInputException("allocation", "The allocation is for " + b.allocation.variants()
            + " variants; the router has " + names.length + ".");
      }
      this.allocation = b.allocation;
    } else {
      this.allocation = b.bandit != null && sum(w) == 0 ? BucketAllocation.of(ones(names.length)) : BucketAllocation.of(w);
    }
    this.store = b.store;
    this.listener = b.listener != null ? b.listener : ExposureListener.NONE;
    this.bandit = b.bandit != null ? new Bandit(b.bandit, names) : null;
    this.fallback = b.fallback != null ? requireVariant(b.fallback) : -1;
    LongSupplier clock = b.nanoClock != null ? b.nanoClock : System::nanoTime;
    if (b.breakerPolicy != null) {
      this.breakers = new Breaker[names.length];
      for (int i = 0; i < names.length; i++) {
        breakers[i] = new Breaker(b.breakerPolicy, clock);
      }
    } else {
      this.breakers = null;
    }
    this.failures = adders(names.length);
    this.timeouts = adders(names.length);
    this.fallbacks = adders(names.length);
    this.shadowNames = b.shadowNames.toArray(new String[0]);
    if (shadowNames.length > 0) {
      @SuppressWarnings("unchecked")
      Function<? super I, ? extends O>[] sc = b.shadowCalls.toArray(new Function[0]);
      OutputComparator<? super O> cmp = b.comparator != null ? b.comparator : OutputComparator.equality();
      this.shadows = new ShadowRunner<>(salt, shadowNames, sc, cmp, b.shadowListener, b.shadowThreads,
          b.shadowCapacity, b.shadowTimeout.toNanos());
    } else {
      this.shadows = null;
    }
    if (b.callTimeout != null) {
      this.callTimeoutNanos = b.callTimeout.toNanos();
      this.callPool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mlops-router-call-" + salt);
        t.setDaemon(true);
        return t;
      });
    } else {
      this.callTimeoutNanos = 0;
      this.callPool = null;
    }
  }

  private static double sum(double[] w) {
    double s = 0;
    for (double x : w) {
      s += x;
    }
    return s;
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  /** Decision ids reserved per thread at a time. */
  static final int ID_BLOCK = 1024;

  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

  /**
   * One thread's block of decision ids and its exposure counts per variant. Only the owning thread
   * writes (opaque stores, so no atomic read-modify-write); other threads read the counts opaquely.
   */
  private static final class ThreadDecisions {
    long next;
    long end;
    final long[] counts;

    ThreadDecisions(int variants) {
      counts = new long[variants];
    }

    long nextId(AtomicLong sequence) {
      if (next == end) {
        next = sequence.getAndAdd(ID_BLOCK);
        end = next + ID_BLOCK;
      }
      return next++;
    }

    void count(int variant) {
      COUNTS.setOpaque(counts, variant, counts[variant] + 1);
    }
  }

  private ThreadDecisions newThreadDecisions() {
    ThreadDecisions t = new ThreadDecisions(names.length);
    allThreads.add(t);
    return t;
  }

  /** The exposures of one variant over every thread. */
  private long exposures(int variant) {
    long sum = 0;
    for (ThreadDecisions t : allThreads) {
      sum += (long) COUNTS.getOpaque(t.counts, variant);
    }
    return sum;
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /**
   * Starts building a router.
   *
   * @param salt the experiment key mixed into every unit's hash, so that experiments assign
   *     independently; not empty
   * @param <I> the input type
   * @param <O> the output type
   * @return the builder
   * @throws InvalidInputException if the salt is empty
   */
  public static <I, O> Builder<I, O> builder(String salt) {
    return new Builder<>(salt);
  }

  // ------------------------------------------------------------------ decisions

  /**
   * Decides a variant for a unit and returns the decision in its primitive encoding (read it with
   * {@link Decisions}); the same {@code long} is the decision id. Allocation-free on the sticky
   * weighted path.
   *
   * @param unitId the unit (user, session, request id)
   * @return the decision
   */
  public long decide(CharSequence unitId) {
    Objects.requireNonNull(unitId, "unitId");
    ThreadDecisions mine = local.get();
    long seq = mine.nextId(sequence);
    int v;
    int reason;
    Map<String, Integer> ov = overrides;
    Integer forced = ov.isEmpty() ? null : ov.get(unitId.toString());
    if (forced != null) {
      v = forced;
      reason = Reason.OVERRIDE.ordinal();
    } else if (bandit != null) {
      v = bandit.choose(seq, excludedArms());
      reason = Reason.BANDIT.ordinal();
      if (v < 0) {
        v = fallback >= 0 ? fallback : 0;
        reason = Reason.FALLBACK.ordinal();
      }
    } else if (store != null) {
      String unit = unitId.toString();
      Optional<String> kept = store.get(salt, unit);
      Integer known = kept.map(indexOf::get).orElse(null);
      if (known != null) {
        v = known;
        reason = Reason.STORED.ordinal();
      } else {
        v = allocation.variantOfHash(prefix.hash(unitId));
        reason = Reason.WEIGHTED.ordinal();
        if (kept.isPresent()) {
          store.put(salt, unit, names[v]); // the stored variant no longer exists
        } else {
          Integer won = indexOf.get(store.putIfAbsent(salt, unit, names[v]));
          if (won != null && won != v) {
            v = won;
            reason = Reason.STORED.ordinal();
          }
        }
      }
    } else {
      v = allocation.variantOfHash(prefix.hash(unitId));
      reason = Reason.WEIGHTED.ordinal();
    }
    if (breakers != null && fallback >= 0 && v != fallback && breakers[v].rejects()) {
      v = fallback;
      reason = Reason.FALLBACK.ordinal();
    }
    long d = Decisions.pack(seq, v, reason);
    mine.count(v);
    try {
      listener.onExposure(unitId, d);
    } catch (RuntimeException e) {
      listenerFailures.increment();
    }
    return d;
  }

  private boolean[] excludedArms() {
    if (breakers == null) {
      return null;
    }
    boolean[] ex = null;
    for (int i = 0; i < breakers.length; i++) {
      if (breakers[i].rejects()) {
        if (ex == null) {
          ex = new boolean[breakers.length];
        }
        ex[i] = true;
      }
    }
    return ex;
  }

  /**
   * Decides a variant for a unit into a holder the caller owns. Allocation-free on the sticky
   * weighted path.
   *
   * @param unitId the unit
   * @param into the holder to write
   */
  public void decide(CharSequence unitId, DecisionHolder into) {
    long d = decide(unitId);
    int v = Decisions.variant(d);
    into.set(names[v], v, Reason.of(Decisions.reasonOrdinal(d)), d);
  }

  /**
   * Decides a variant for a unit and returns the decision as an object (allocates).
   *
   * @param unitId the unit
   * @return the decision
   */
  public Decision decision(CharSequence unitId) {
    return toDecision(decide(unitId));
  }

  /**
   * Turns a primitive decision of this router into its object form.
   *
   * @param decision the encoding
   * @return the decision
   * @throws InvalidInputException if the encoding is not a decision of this router
   */
  public Decision toDecision(long decision) {
    requireOwn(decision);
    int v = Decisions.variant(decision);
    return new Decision(names[v], v, Reason.of(Decisions.reasonOrdinal(decision)), decision);
  }

  /**
   * Returns the name of the variant a primitive decision chose.
   *
   * @param decision the encoding
   * @return the variant's name
   * @throws ArrayIndexOutOfBoundsException if the variant index is not one of this router's
   */
  public String variantName(long decision) {
    return names[Decisions.variant(decision)];
  }

  /**
   * Rejects ids this router cannot have issued: a malformed encoding, an unknown variant or reason,
   * or a sequence number beyond the ids reserved so far (threads reserve {@link #ID_BLOCK} at a time,
   * so an id inside a reserved block that was not yet handed out passes).
   */
  private void requireOwn(long decision) {
    if (decision < 0 || Decisions.variant(decision) >= names.length
        || Decisions.reasonOrdinal(decision) >= Reason.values().length
        || Decisions.sequence(decision) >= sequence.get()) {
      throw new InvalidInputException("decisionId", "Decision id " + decision
          + " was not issued by this router; pass the id a decision of this router returned.");
    }
  }

  // ------------------------------------------------------------------ calls

  /**
   * Decides a variant for a unit and calls it; the fallback answers if the call fails or times out.
   * Then mirrors the request to the shadows.
   *
   * @param unitId the unit
   * @param input the input
   * @return the output and the decision that produced it
   * @throws IllegalStateException if the chosen variant was registered without a call
   * @throws RuntimeException whatever the variant threw, when no fallback is configured (or the
   *     fallback itself failed); a timeout without fallback as an {@link MlopsException}
   */
  public Routed<O> route(CharSequence unitId, I input) {
    return serve(decide(unitId), input);
  }

  /**
   * Calls the variant of a decision already made (with {@link #decide(CharSequence)}), with the same
   * fallback, circuit-breaker and shadow behaviour as {@link #route(CharSequence, Object)}.
   *
   * @param decision the decision's encoding
   * @param input the input
   * @return the output and the decision that produced it
   * @throws InvalidInputException if the decision is not one of this router's
   * @throws IllegalStateException if the variant was registered without a call
   */
  public Routed<O> serve(long decision, I input) {
    requireOwn(decision);
    int assigned = Decisions.variant(decision);
    long served = decision;
    O out;
    Throwable failure = null;
    try {
      out = call(assigned, input);
    } catch (RuntimeException e) {
      failure = e;
      if (fallback < 0 || fallback == assigned) {
        if (e instanceof CallTimedOut) {
          throw new MlopsException("Variant '" + names[assigned] + "' did not answer within "
              + Duration.ofNanos(callTimeoutNanos) + " and the router has no other fallback variant.");
        }
        throw e;
      }
      fallbacks[assigned].increment();
      out = call(fallback, input);
      served = Decisions.pack(Decisions.sequence(decision), fallback, Reason.FALLBACK.ordinal());
    }
    mirror(served, input, out);
    Optional<Throwable> why = failure == null ? Optional.empty()
        : Optional.of(failure instanceof CallTimedOut
            ? new TimeoutException("variant '" + names[assigned] + "' exceeded " + Duration.ofNanos(callTimeoutNanos))
            : failure);
    return new Routed<>(out, toDecision(served), names[assigned], why);
  }

  private O call(int v, I input) {
    Function<? super I, ? extends O> fn = calls[v];
    if (fn == null) {
      throw new IllegalStateException("variant '" + names[v] + "' was registered without a call; "
          + "use decide() with assignment-only variants");
    }
    try {
      O out = callPool == null ? fn.apply(input) : callWithTimeout(fn, input);
      if (breakers != null) {
        breakers[v].record(false);
      }
      return out;
    } catch (RuntimeException e) {
      failures[v].increment();
      if (e instanceof CallTimedOut) {
        timeouts[v].increment();
      }
      if (breakers != null) {
        breakers[v].record(true);
      }
      LOG.debug("Variant {} failed: {}", names[v], e.toString());
      throw e;
    }
  }

  private O callWithTimeout(Function<? super I, ? extends O> fn, I input) {
    Future<? extends O> f = callPool.submit(() -> fn.apply(input));
    try {
      return f.get(callTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new CallTimedOut();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new MlopsException("A variant failed: " + c, c);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new MlopsException("Interrupted while waiting for a variant's answer.", e);
    }
  }

  /**
   * Hands a request and the primary's output to every shadow variant, without waiting: what
   * {@link #route(CharSequence, Object)} does after the primary answered, for hosts that call the
   * variants themselves. Never blocks and never throws for a full executor (the call is dropped and
   * counted).
   *
   * @param decision the primary decision's encoding
   * @param input the input
   * @param primaryOutput what the caller got
   * @return how many shadow calls were accepted
   */
  public int mirror(long decision, I input, O primaryOutput) {
    if (shadows == null) {
      return 0;
    }
    String primary = names[Decisions.variant(decision)];
    int accepted = 0;
    for (int s = 0; s < shadowNames.length; s++) {
      if (shadows.submit(s, input, primaryOutput, primary, decision)) {
        accepted++;
      }
    }
    return accepted;
  }

  // ------------------------------------------------------------------ feedback

  /**
   * Feeds a reward back to the bandit for a decision.
   *
   * @param decisionId the decision's id (its primitive encoding)
   * @param reward the reward: in [0, 1] for {@link BanditPolicy.ThompsonBernoulli} (1 success, 0
   *     failure), any finite value otherwise
   * @throws IllegalStateException if the router has no bandit
   * @throws InvalidInputException if the id was not issued by this router or the reward is not
   *     finite (or outside [0, 1] for Beta&ndash;Bernoulli)
   */
  public void reward(long decisionId, double reward) {
    if (bandit == null) {
      throw new IllegalStateException("this router has no bandit policy; rewards have nothing to update");
    }
    requireOwn(decisionId);
    if (!Double.isFinite(reward)) {
      throw new InvalidInputException("reward", "A reward is a finite number; got " + reward + ".");
    }
    if (banditPolicy() instanceof BanditPolicy.ThompsonBernoulli && (reward < 0 || reward > 1)) {
      throw new InvalidInputException("reward",
          "Beta-Bernoulli rewards are in [0, 1] (1 success, 0 failure); got " + reward + ".");
    }
    bandit.reward(Decisions.variant(decisionId), reward);
  }

  private BanditPolicy banditPolicy() {
    return bandit == null ? null : bandit.policy();
  }

  /**
   * Returns the bandit's arms.
   *
   * @return each variant's rewards so far; empty if the router has no bandit
   */
  public List<ArmStats> arms() {
    if (bandit == null) {
      return List.of();
    }
    List<ArmStats> out = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      out.add(bandit.stats(i));
    }
    return out;
  }

  // ------------------------------------------------------------------ weights and overrides

  /**
   * Changes the weights, moving as few units as the new weights require (see
   * {@link BucketAllocation#reweigh(double[])}).
   *
   * @param weights one weight per variant, in the order they were added
   * @return the new allocation
   * @throws InvalidInputException if the weights are invalid or their number differs
   */
  public BucketAllocation setWeights(double... weights) {
    synchronized (writeLock) {
      BucketAllocation next = allocation.reweigh(weights);
      allocation = next;
      LOG.debug("Router {} weights now {}", salt, next);
      return next;
    }
  }

  /**
   * Changes the weights by variant name; variants not named get weight 0.
   *
   * @param weights variant name to weight
   * @return the new allocation
   * @throws InvalidInputException if a name is unknown or the weights are invalid
   */
  public BucketAllocation setWeights(Map<String, Double> weights) {
    double[] w = new double[names.length];
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      w[requireVariant(e.getKey())] = e.getValue();
    }
    return setWeights(w);
  }

  /**
   * Replaces the allocation with one restored from {@link BucketAllocation#encode()}.
   *
   * @param restored the allocation
   * @throws InvalidInputException if it is for another number of variants
   */
  public void setAllocation(BucketAllocation restored) {
    if (restored.variants() != names.length) {
      throw new InvalidInputException("allocation", "The allocation is for " + restored.variants()
          + " variants; the router has " + names.length + ".");
    }
    allocation = restored;
  }

  /**
   * Returns the current allocation.
   *
   * @return the allocation
   */
  public BucketAllocation allocation() {
    return allocation;
  }

  /**
   * Forces a unit to a variant, whatever the weights, store or bandit say.
   *
   * @param unitId the unit
   * @param variant the variant's name
   * @throws InvalidInputException if the variant is unknown
   */
  public void override(String unitId, String variant) {
    Objects.requireNonNull(unitId, "unitId");
    int v = requireVariant(variant);
    synchronized (writeLock) {
      Map<String, Integer> next = new HashMap<>(overrides);
      next.put(unitId, v);
      overrides = Map.copyOf(next);
    }
  }

  /**
   * Forces many units to a variant at once (an allow-list), in one copy of the override table.
   *
   * @param unitIds the units
   * @param variant the variant's name
   * @throws InvalidInputException if the variant is unknown
   */
  public void override(java.util.Collection<String> unitIds, String variant) {
    int v = requireVariant(variant);
    synchronized (writeLock) {
      Map<String, Integer> next = new HashMap<>(overrides);
      for (String u : unitIds) {
        next.put(Objects.requireNonNull(u, "unitId"), v);
      }
      overrides = Map.copyOf(next);
    }
  }

  /**
   * Removes a unit's override.
   *
   * @param unitId the unit
   * @return whether it had one
   */
  public boolean removeOverride(String unitId) {
    synchronized (writeLock) {
      if (!overrides.containsKey(unitId)) {
        return false;
      }
      Map<String, Integer> next = new HashMap<>(overrides);
      next.remove(unitId);
      overrides = Map.copyOf(next);
      return true;
    }
  }

  /**
   * Returns the overrides.
   *
   * @return unit id to variant name
   */
  public Map<String, String> overrides() {
    Map<String, String> out = new LinkedHashMap<>();
    overrides.forEach((u, v) -> out.put(u, names[v]));
    return Map.copyOf(out);
  }

  // ------------------------------------------------------------------ introspection

  private int requireVariant(String name) {
    Integer v = indexOf.get(Objects.requireNonNull(name, "variant"));
    if (v == null) {
      throw new InvalidInputException("variant", "Unknown variant '" + name + "'; this router has "
          + List.of(names) + ".");
    }
    return v;
  }

  /**
   * Returns the index of a variant.
   *
   * @param name the variant's name
   * @return its index, the {@link Decisions#variant(long)} of decisions that chose it
   * @throws InvalidInputException if there is no such variant
   */
  public int variantIndex(String name) {
    return requireVariant(name);
  }

  /**
   * Returns the variants' names, in index order.
   *
   * @return the names
   */
  public List<String> variantNames() {
    return List.of(names);
  }

  /**
   * Returns the shadows' names.
   *
   * @return the names
   */
  public List<String> shadowNames() {
    return List.of(shadowNames);
  }

  /**
   * Returns the salt.
   *
   * @return the experiment key
   */
  public String salt() {
    return salt;
  }

  /**
   * Returns the number of decisions made so far.
   *
   * @return the count
   */
  public long decisionCount() {
    long sum = 0;
    for (int v = 0; v < names.length; v++) {
      sum += exposures(v);
    }
    return sum;
  }

  /**
   * Returns each variant's counters.
   *
   * @return one report per variant, in index order
   */
  public List<VariantReport> variants() {
    BucketAllocation a = allocation;
    double[] shares = a.shares();
    List<VariantReport> out = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      BreakerState state = breakers == null ? BreakerState.CLOSED : breakers[i].state();
      long openings = breakers == null ? 0 : breakers[i].timesOpened();
      out.add(new VariantReport(names[i], bandit != null ? 0 : shares[i], exposures(i), failures[i].sum(),
          timeouts[i].sum(), fallbacks[i].sum(), state, openings));
    }
    return out;
  }

  /**
   * Returns each shadow's counters and output comparison.
   *
   * @return one report per shadow
   */
  public List<ShadowReport> shadows() {
    List<ShadowReport> out = new ArrayList<>();
    for (int s = 0; s < shadowNames.length; s++) {
      out.add(shadows.report(s));
    }
    return out;
  }

  /**
   * Waits until every shadow call submitted so far has finished (for tests and orderly shutdown).
   *
   * @param timeout the most to wait
   * @return whether the shadows were idle in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitShadows(Duration timeout) throws InterruptedException {
    return shadows == null || shadows.awaitIdle(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Returns how many times the exposure listener threw.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /** Stops the shadow threads (queued shadow calls are dropped and counted) and the call pool. */
  @Override
  public void close() {
    if (shadows != null) {
      shadows.close();
    }
    if (callPool != null) {
      callPool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "Router[" + salt + ", " + List.of(names) + ", " + allocation + "]";
  }

  /**
   * Builds a {@link Router}. Each setter may be called once (variants and shadows once per name).
   * Not thread-safe.
   *
   * @param <I> the input type
   * @param <O> the output type
   */
  public static final class Builder<I, O> {
    private final String salt;
    private final List<String> names = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final List<Function<? super I, ? extends O>> calls = new ArrayList<>();
    private final List<String> shadowNames = new ArrayList<>();
    private final List<Function<? super I, ? extends O>> shadowCalls = new ArrayList<>();
    private int shadowThreads = 1;
    private int shadowCapacity = 1024;
    private Duration shadowTimeout = Duration.ofSeconds(1);
    private boolean shadowExecutorSet;
    private OutputComparator<? super O> comparator;
    private ShadowListener<O> shadowListener;
    private String fallback;
    private Duration callTimeout;
    private CircuitBreakerPolicy breakerPolicy;
    private BanditPolicy bandit;
    private AssignmentStore store;
    private ExposureListener listener;
    private BucketAllocation allocation;
    private LongSupplier nanoClock;

    private Builder(String salt) {
      Objects.requireNonNull(salt, "salt");
      if (salt.isEmpty()) {
        throw new InvalidInputException("salt", "The salt (experiment key) must not be empty.");
      }
      this.salt = salt;
    }

    private void requireNewName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new InvalidInputException("variant", "A variant name must not be empty.");
      }
      if (names.contains(name) || shadowNames.contains(name)) {
        throw new InvalidInputException("variant", "Variant '" + name + "' was already added.");
      }
    }

    private static void requireUnset(Object field, String what) {
      if (field != null) {
        throw new IllegalStateException(what + " was already set to " + field);
      }
    }

    /**
     * Adds a variant that answers calls.
     *
     * @param name the variant's name, unique in the router
     * @param weight its weight, finite and not negative
     * @param call what answers a request routed to it
     * @return this builder
     * @throws InvalidInputException if the name is empty or taken, or the weight invalid
     */
    public Builder<I, O> variant(String name, double weight, Function<? super I, ? extends O> call) {
      requireNewName(name);
      if (!Double.isFinite(weight) || weight < 0) {
        throw new InvalidInputException("weight", "Weight of '" + name + "' is " + weight
            + "; weights are finite and not negative.");
      }
      if (names.size() == BucketAllocation.MAX_VARIANTS) {
        throw new InvalidInputException("variant", "A router holds at most " + BucketAllocation.MAX_VARIANTS
            + " variants.");
      }
      names.add(name);
      weights.add(weight);
      calls.add(call);
      return this;
    }

    /**
     * Adds an assignment-only variant: {@link Router#decide(CharSequence)} may choose it, but
     * {@link Router#route(CharSequence, Object)} cannot call it.
     *
     * @param name the variant's name
     * @param weight its weight
     * @return this builder
     * @throws InvalidInputException if the name is empty or taken, or the weight invalid
     */
    public Builder<I, O> variant(String name, double weight) {
      return variant(name, weight, null);
    }

    /**
     * Adds a shadow variant: called with every routed request's input after the primary answered,
     * on the shadow executor; its result never reaches the caller.
     *
     * @param name the shadow's name, unique in the router
     * @param call what answers it
     * @return this builder
     * @throws InvalidInputException if the name is empty or taken
     */
    public Builder<I, O> shadow(String name, Function<? super I, ? extends O> call) {
      requireNewName(name);
      shadowNames.add(name);
      shadowCalls.add(Objects.requireNonNull(call, "call"));
      return this;
    }

    /**
     * Sizes the shadow executor (default: 1 thread, 1024 queued calls, 1 s timeout).
     *
     * @param threads worker threads, in [1, 64]
     * @param queueCapacity how many shadow calls may wait or run before new ones are dropped, positive
     * @param timeout the longest a shadow call may take before it counts as a timeout and its thread
     *     is interrupted
     * @return this builder
     * @throws IllegalArgumentException if a size is out of range or the timeout not positive
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> shadowExecutor(int threads, int queueCapacity, Duration timeout) {
      if (shadowExecutorSet) {
        throw new IllegalStateException("the shadow executor was already sized");
      }
      if (threads < 1 || threads > 64 || queueCapacity < 1) {
        throw new IllegalArgumentException("threads are in [1, 64] and queueCapacity positive");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the shadow timeout is positive");
      }
      shadowThreads = threads;
      shadowCapacity = queueCapacity;
      shadowTimeout = timeout;
      shadowExecutorSet = true;
      return this;
    }

    /**
     * Sets how shadow outputs are compared with the primary's (default {@link OutputComparator#equality()}).
     *
     * @param cmp the comparator
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> compareWith(OutputComparator<? super O> cmp) {
      requireUnset(comparator, "the comparator");
      comparator = Objects.requireNonNull(cmp, "cmp");
      return this;
    }

    /**
     * Sets a listener told of every shadow result.
     *
     * @param l the listener
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> shadowListener(ShadowListener<O> l) {
      requireUnset(shadowListener, "the shadow listener");
      shadowListener = Objects.requireNonNull(l, "l");
      return this;
    }

    /**
     * Names the fallback variant: it answers when the chosen variant fails, times out or has an
     * open circuit breaker.
     *
     * @param variant the fallback's name (a variant added to this builder, before or after)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> fallback(String variant) {
      requireUnset(fallback, "the fallback");
      fallback = Objects.requireNonNull(variant, "variant");
      return this;
    }

    /**
     * Bounds how long a variant's call may take; calls then run on the router's call pool.
     *
     * @param timeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> callTimeout(Duration timeout) {
      requireUnset(callTimeout, "the call timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the call timeout is positive");
      }
      callTimeout = timeout;
      return this;
    }

    /**
     * Gives every variant a circuit breaker.
     *
     * @param policy when breakers open and close
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> circuitBreaker(CircuitBreakerPolicy policy) {
      requireUnset(breakerPolicy, "the circuit breaker policy");
      breakerPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Makes the router a bandit: decisions are drawn from the policy and learn from rewards. The
     * variants' weights are then unused.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> bandit(BanditPolicy policy) {
      requireUnset(bandit, "the bandit policy");
      bandit = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Remembers each unit's first variant in a store, so it survives weight changes.
     *
     * @param s the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> assignmentStore(AssignmentStore s) {
      requireUnset(store, "the assignment store");
      store = Objects.requireNonNull(s, "s");
      return this;
    }

    /**
     * Sets the exposure listener, told of every decision.
     *
     * @param l the listener
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> exposureListener(ExposureListener l) {
      requireUnset(listener, "the exposure listener");
      listener = Objects.requireNonNull(l, "l");
      return this;
    }

    /**
     * Starts from a restored allocation (from {@link BucketAllocation#encode()}) instead of laying out
     * the weights afresh.
     *
     * @param restored the allocation
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> allocation(BucketAllocation restored) {
      requireUnset(allocation, "the allocation");
      allocation = Objects.requireNonNull(restored, "restored");
      return this;
    }

    /**
     * Replaces {@link System#nanoTime()} for circuit breakers (tests).
     *
     * @param clock a monotonic nanosecond clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder<I, O> nanoClock(LongSupplier clock) {
      requireUnset(nanoClock, "the clock");
      nanoClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the router and starts its shadow threads, if it has shadows.
     *
     * @return the router
     * @throws InvalidInputException if there is no variant, the weights sum to 0 (without a bandit),
     *     or the fallback names no variant
     */
    public Router<I, O> build() {
      if (names.isEmpty()) {
        throw new InvalidInputException("variant", "A router needs at least one variant.");
      }
      return new Router<>(this);
    }
  }
}
