package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.MlopsException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.routing.Routed;
import dev.mlops.monitoring.alert.Alert;
import dev.mlops.monitoring.alert.AlertEvaluator;
import dev.mlops.monitoring.alert.AlertListener;
import dev.mlops.monitoring.alert.AlertRule;
import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.DriftEngine;
import dev.mlops.monitoring.drift.DriftReport;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.ColumnSpec;
import dev.mlops.monitoring.frame.ColumnType;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ColumnProfile;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a deployed model (one version, or the variants of a router) while it serves: records
 * each prediction's inputs (sampled), output, latency and errors off the caller's path, writes them
 * to a durable log, cuts the stream into windows, compares each closed window with the model's
 * reference profile (input drift) and reference outputs (prediction drift), evaluates alert rules
 * and tells listeners.
 *
 * <pre>{@code
 * try (PredictionMonitor monitor = PredictionMonitor.builder("fraud/7")
 *     .window(WindowSpec.tumblingCount(10_000))
 *     .inputSampleRate(0.1)
 *     .reference(trainingProfile)                         // ReferenceProfile.of(trainingFrame)
 *     .outputReference(PredictionMonitor.outputProfile(trainingPredictions))
 *     .sink(JsonLinesFileSink.builder(Path.of("logs/fraud")).build())
 *     .rule(AlertRules.driftShare(0.5, 0.25).coolDownWindows(5).build())
 *     .rule(AlertRules.errorRate(0.05, 0.02).build())
 *     .alertListener(AlertListener.logging())
 *     .build()) {
 *   Predictor<Map<String, ?>, Prediction> served = monitor.wrap(model);   // times and records each call
 *   Prediction p = served.predict(features);
 *   // or, around your own call:
 *   long id = monitor.record(features, p, latencyNanos);   // id joins delayed labels later
 * }
 * }</pre>
 *
 * <h2>The caller's path</h2>
 * {@code record} never blocks, never takes a lock and allocates one event object (64 bytes with compressed references):
 * it draws an id, reads the clock, decides the input sample from the id (a hash, so the same ids
 * are sampled after a restart) and offers the event to a bounded lock-free multi-producer queue
 * (JCTools {@code MpscArrayQueue}). When the queue is full, or the monitor is closed, the event is
 * dropped and counted: {@link #dropped()}, each window's {@link WindowSummary#droppedTotal()}, the
 * Micrometer meter. Always {@code offered() == accepted() + dropped()}; after {@link
 * #awaitProcessed(Duration)} returns true, {@code processed() == accepted()}. Nothing is logged on
 * this path. The features map is kept, not copied: do not change a map after recording it.
 *
 * <h2>The worker</h2>
 * One background thread drains the queue: writes each event to the {@link PredictionSink}, shows
 * it to the {@link MonitorExtension}s and adds it to its variant's window. When a window closes it
 * builds a {@link WindowSummary}: counts, latencies, output distribution, input drift against the
 * reference (with the {@link DriftEngine}, on the window's sampled rows, once it has at least
 * {@link Builder#minDriftRows(int)} of them) and prediction drift against the reference outputs;
 * extensions add metrics, the {@link AlertRule}s evaluate it, and listeners hear of the window and
 * the alerts. While the worker computes drift the queue absorbs new events (and drops, counted,
 * beyond its capacity). Failures of sinks, extensions and listeners are logged (at most once a
 * minute each) and counted, never thrown at the caller.
 *
 * <h2>Restarts</h2>
 * {@link #snapshot()} captures the windows in progress, alert states, counters, id sequence and
 * extension state; {@link Builder#restore(MonitorSnapshot)} continues from it in a new monitor.
 * The reference profile is identified in the snapshot by a fingerprint (and an id the caller
 * chooses), or embedded as JSON when {@link Builder#snapshotEmbedsReference(boolean)} is set.
 *
 * <h2>Changing the reference</h2>
 * {@link #replaceReference(ReferenceProfile, ReferenceProfile, String)} gives a running monitor new
 * reference profiles (a new champion trained on newer data): every window that closes after the call
 * returns is compared with them, alert states carry on, and later snapshots name them. {@link
 * #referenceId()} and each {@link WindowSummary#referenceId()} say which reference is, or was, in force.
 *
 * <p>Thread-safe: any number of threads may record concurrently. Close the monitor to drain the
 * queue, flush and close the sink and stop the worker.
 */
public final class PredictionMonitor implements AutoCloseable {
  /** What {@code record} returns for an event that was dropped. */
  public static final long DROPPED = -1;
  /**
   * The fewest sampled rows (and outputs) a window needs for its drift checks, unless {@link
   * Builder#minDriftRows} sets another number.
   */
  public static final int DEFAULT_MIN_DRIFT_ROWS = 30;
  /** The column name of the outputs in an output reference profile. */
  public static final String PREDICTION_COLUMN = "prediction";

  private static final Logger LOG = LoggerFactory.getLogger(PredictionMonitor.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String model;
  private final String[] variantNames;
  private final Map<String, Integer> variantIndex;
  private final WindowSpec window;
  private final long sampleThreshold;
  private final boolean sampleAll;
  private final MpscArrayQueue<PredictionEvent> queue;
  private final int capacity;
  private final LongSupplier clock;
  /** The references in force: written by the worker (between windows), read by any thread. */
  private volatile References refs;
  private final boolean embedReference;
  private final DriftEngine engine;
  private final int minDriftRows;
  private final PredictionSink sink;
  private final AlertEvaluator alerts;
  private final List<AlertListener> alertListeners;
  private final List<WindowListener> windowListeners;
  private final List<MonitorExtension> extensions;
  private final int history;
  private final VariantWindows[] variants;
  private final ArrayDeque<WindowSummary> recent = new ArrayDeque<>();

  private final AtomicLong nextId;
  private final long idBase;
  private final long droppedBase;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final AtomicLong extensionFailures = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong driftFailures = new AtomicLong();
  private final AtomicLong alertCount = new AtomicLong();
  private final Map<String, Long> lastLogged = new HashMap<>();
  private final ConcurrentLinkedQueue<Runnable> control = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;
  private final Thread worker;

  private PredictionMonitor(Builder b) {
    this.model = b.model;
    this.variantNames = b.variants.isEmpty() ? new String[] {b.model} : b.variants.toArray(new String[0]);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < variantNames.length; i++) {
      idx.put(variantNames[i], i);
    }
    this.variantIndex = Map.copyOf(idx);
    this.window = b.window == null ? WindowSpec.tumblingCount(1000) : b.window;
    double rate = b.sampleRate == null ? 1.0 : b.sampleRate;
    this.sampleAll = rate >= 1.0;
    this.sampleThreshold = (long) (rate * (1L << 53));
    this.capacity = b.queueCapacity == null ? 65_536 : b.queueCapacity;
    this.queue = new MpscArrayQueue<>(capacity);
    this.clock = b.clock == null ? System::currentTimeMillis : b.clock;
    this.engine = b.engine == null ? DriftEngine.builder().parallelism(1).build() : b.engine;
    this.minDriftRows = b.minDriftRows == null ? DEFAULT_MIN_DRIFT_ROWS : b.minDriftRows;
    this.sink = b.sink;
    this.alerts = new AlertEvaluator(b.rules);
    this.alertListeners = List.copyOf(b.alertListeners);
    this.windowListeners = List.copyOf(b.windowListeners);
    this.extensions = List.copyOf(b.extensions);
    this.history = b.history == null ? 64 : b.history;
    this.embedReference = b.embedReference;
    MonitorSnapshot restored = b.restore;
    ReferenceProfile ref = b.reference;
    ReferenceProfile outRef = b.outputReference;
    String refId = b.referenceId;
    if (restored != null) {
      ref = restored.checkReference("reference", ref);
      outRef = restored.checkReference("outputReference", outRef);
      if (refId == null) {
        refId = restored.referenceId().orElse(null);
      }
    }
    References r = new References(ref, outRef, refId);
    this.refs = r;
    this.variants = new VariantWindows[variantNames.length];
    for (int i = 0; i < variants.length; i++) {
      variants[i] = new VariantWindows(variantNames[i], i, window, r.schema, r.keepOutputs);
    }
    if (restored != null) {
      restored.checkShape(model, List.of(variantNames), window);
      JsonNode root = restored.json();
      for (JsonNode v : root.path("variantStates")) {
        Integer i = variantIndex.get(v.path("variant").asText());
        if (i != null) {
          variants[i].restore(v);
        }
      }
      alerts.restore(root.path("alerts"));
      JsonNode ext = root.path("extensions");
      for (MonitorExtension e : extensions) {
        if (ext.has(e.name())) {
          e.restore(ext.get(e.name()));
        }
      }
      long processed = 0;
      for (VariantWindows v : variants) {
        processed += v.processed.get();
      }
      long next = root.path("nextId").asLong();
      this.droppedBase = root.path("dropped").asLong();
      this.nextId = new AtomicLong(next);
      this.idBase = next - processed - droppedBase;
    } else {
      this.nextId = new AtomicLong();
      this.idBase = 0;
      this.droppedBase = 0;
    }
    this.worker = new Thread(this::runWorker, "mlops-monitor-" + model);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Starts a builder.
   *
   * @param model the monitored model's name (e.g. {@code "fraud/7"}); also the variant name of a
   *     single-model monitor
   * @return the builder
   * @throws NullPointerException if model is null
   * @throws IllegalArgumentException if model is blank
   */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /**
   * Builds an output reference profile from predictions on reference data (the training or
   * validation set): one column {@value #PREDICTION_COLUMN}, categorical (labels) for
   * classifications, numeric (the first dimension) for regressions.
   *
   * @param predictions the reference predictions, all of one kind
   * @return the profile
   * @throws NullPointerException if predictions or one of them is null
   * @throws IllegalArgumentException if empty or mixing classifications and regressions
   */
  public static ReferenceProfile outputProfile(List<? extends Prediction> predictions) {
    Objects.requireNonNull(predictions, "predictions");
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("an output reference needs at least one prediction");
    }
    boolean classification = predictions.get(0) instanceof Prediction.Classification;
    String[] labels = new String[predictions.size()];
    double[] values = new double[predictions.size()];
    for (int i = 0; i < labels.length; i++) {
      Prediction p = Objects.requireNonNull(predictions.get(i), "prediction");
      if (p instanceof Prediction.Classification c && classification) {
        labels[i] = c.label();
      } else if (p instanceof Prediction.Regression r && !classification) {
        values[i] = Pane.firstValue(r);
      } else {
        throw new IllegalArgumentException("the reference predictions mix classifications and regressions");
      }
    }
    Column c = classification ? new CategoricalColumn(PREDICTION_COLUMN, labels)
        : new NumericColumn(PREDICTION_COLUMN, values);
    return ReferenceProfile.builder().parallelism(1).build(Frame.of(c));
  }

  // ---------------------------------------------------------------- the caller's path

  /**
   * Records a prediction of a single-model monitor.
   *
   * @param features the inputs (kept if sampled; not copied), or null to record no inputs
   * @param output the prediction
   * @param latencyNanos how long the prediction took
   * @return the prediction id, or {@link #DROPPED}
   * @throws NullPointerException if output is null
   * @throws IllegalArgumentException if latencyNanos is negative
   * @throws IllegalStateException if the monitor watches several variants (name the variant)
   */
  public long record(Map<String, ?> features, Prediction output, long latencyNanos) {
    return offer(singleVariant(), null, features, Objects.requireNonNull(output, "output"), null, latencyNanos);
  }

  /**
   * Records a prediction of a named variant, with the caller's own id for it.
   *
   * @param variant the variant that served it
   * @param externalId the caller's id (e.g. a request id) for joining labels later, or null
   * @param features the inputs (kept if sampled; not copied), or null
   * @param output the prediction
   * @param latencyNanos how long the prediction took
   * @return the prediction id, or {@link #DROPPED}
   * @throws NullPointerException if variant or output is null
   * @throws IllegalArgumentException if the variant is unknown or latencyNanos negative
   */
  public long record(String variant, String externalId, Map<String, ?> features, Prediction output,
      long latencyNanos) {
    return offer(indexOf(variant), externalId, features, Objects.requireNonNull(output, "output"), null,
        latencyNanos);
  }

  /**
   * Records a routed prediction under the variant that served it.
   *
   * @param routed what the router returned
   * @param features the inputs, or null
   * @param latencyNanos how long routing and prediction took
   * @return the prediction id, or {@link #DROPPED}
   * @throws NullPointerException if routed or its output is null
   * @throws IllegalArgumentException if the served variant is not one of this monitor's variants
   */
  public long record(Routed<? extends Prediction> routed, Map<String, ?> features, long latencyNanos) {
    Objects.requireNonNull(routed, "routed");
    return offer(indexOf(routed.decision().variant()), null, features,
        Objects.requireNonNull(routed.output(), "output"), null, latencyNanos);
  }

  /**
   * Records a failed prediction of a single-model monitor.
   *
   * @param features the inputs, or null
   * @param errorType what failed (e.g. the exception's simple class name)
   * @param latencyNanos how long the attempt took
   * @return the prediction id, or {@link #DROPPED}
   * @throws NullPointerException if errorType is null
   * @throws IllegalArgumentException if latencyNanos is negative
   * @throws IllegalStateException if the monitor watches several variants
   */
  public long recordError(Map<String, ?> features, String errorType, long latencyNanos) {
    return offer(singleVariant(), null, features, null, Objects.requireNonNull(errorType, "errorType"), latencyNanos);
  }

  /**
   * Records a failed prediction of a named variant.
   *
   * @param variant the variant that failed
   * @param externalId the caller's id, or null
   * @param features the inputs, or null
   * @param errorType what failed
   * @param latencyNanos how long the attempt took
   * @return the prediction id, or {@link #DROPPED}
   * @throws NullPointerException if variant or errorType is null
   * @throws IllegalArgumentException if the variant is unknown or latencyNanos negative
   */
  public long recordError(String variant, String externalId, Map<String, ?> features, String errorType,
      long latencyNanos) {
    return offer(indexOf(variant), externalId, features, null, Objects.requireNonNull(errorType, "errorType"),
        latencyNanos);
  }

  private int singleVariant() {
    if (variantNames.length != 1) {
      throw new IllegalStateException("this monitor watches " + variantNames.length
          + " variants; name the variant when recording");
    }
    return 0;
  }

  private int indexOf(String variant) {
    Integer i = variantIndex.get(Objects.requireNonNull(variant, "variant"));
    if (i == null) {
      throw new IllegalArgumentException("'" + variant + "' is not a variant of this monitor; declare it with "
          + "Builder.variants(...)");
    }
    return i;
  }

  private long offer(int vi, String externalId, Map<String, ?> features, Prediction output, String error,
      long latencyNanos) {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must not be negative, got " + latencyNanos);
    }
    long id = nextId.getAndIncrement();
    if (closed) {
      dropped.increment();
      return DROPPED;
    }
    Map<String, ?> sampled = features != null && (sampleAll || sampled(id)) ? features : null;
    PredictionEvent e = new PredictionEvent(id, externalId, clock.getAsLong(), model, variantNames[vi], vi, sampled,
        output, error, latencyNanos);
    if (!queue.offer(e)) {
      dropped.increment();
      return DROPPED;
    }
    return id;
  }

  private boolean sampled(long id) {
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) < sampleThreshold;
  }

  /**
   * Wraps a single-model monitor's predictor: each call is timed and recorded; a call that throws
   * is recorded as an error (the exception's simple class name) and rethrown. Closing the wrapper
   * closes the predictor, not the monitor.
   *
   * @param predictor the model
   * @return the monitored predictor (thread-safe if the model is)
   * @throws NullPointerException if predictor is null
   * @throws IllegalStateException if the monitor watches several variants
   */
  public Predictor<Map<String, ?>, Prediction> wrap(Predictor<Map<String, ?>, Prediction> predictor) {
    return wrap(variantNames[singleVariant()], predictor);
  }

  /**
   * Wraps one variant's predictor (see {@link #wrap(Predictor)}).
   *
   * @param variant the variant the predictor serves
   * @param predictor the model
   * @return the monitored predictor
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the variant is unknown
   */
  public Predictor<Map<String, ?>, Prediction> wrap(String variant, Predictor<Map<String, ?>, Prediction> predictor) {
    Objects.requireNonNull(predictor, "predictor");
    int vi = indexOf(variant);
    return new Predictor<>() {
      @Override
      public Prediction predict(Map<String, ?> input) {
        long t0 = System.nanoTime();
        Prediction p;
        try {
          p = predictor.predict(input);
        } catch (RuntimeException e) {
          offer(vi, null, input, null, e.getClass().getSimpleName(), Math.max(0, System.nanoTime() - t0));
          throw e;
        }
        offer(vi, null, input, p, null, Math.max(0, System.nanoTime() - t0));
        return p;
      }

      @Override
      public ModelSignature signature() {
        return predictor.signature();
      }

      @Override
      public void close() {
        predictor.close();
      }
    };
  }

  // ---------------------------------------------------------------- the worker

  private void runWorker() {
    int idle = 0;
    VariantWindows.Closer closer = this::closeWindow;
    while (true) {
      Runnable task;
      while ((task = control.poll()) != null) {
        task.run();
      }
      // The clock is read before the drain: every event stamped at or before `now` by a caller
      // whose clock reading came first is then either drained here or still in the caller's hands
      // with the same stamp, so an idle tick never closes a pane under events still queued.
      long now = window.byTime() ? clock.getAsLong() : 0L;
      int n = queue.drain(e -> process(e, closer), 4096);
      if (n > 0) {
        flushSink();
        idle = 0;
        continue;
      }
      if (closed && queue.isEmpty() && control.isEmpty()) {
        break;
      }
      if (window.byTime()) {
        for (VariantWindows v : variants) {
          v.tick(now, closer);
        }
      }
      idle++;
      if (idle < 50) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(Math.min(1_000_000L, 20_000L * (idle - 49)));
      }
    }
    Runnable task;
    while ((task = control.poll()) != null) {
      task.run();
    }
    if (sink != null) {
      try {
        sink.close();
      } catch (Exception e) {
        sinkFailures.incrementAndGet();
        LOG.warn("monitor {}: closing the prediction sink failed", model, e);
      }
    }
  }

  private void process(PredictionEvent e, VariantWindows.Closer closer) {
    if (sink != null) {
      try {
        sink.write(e);
      } catch (Exception ex) {
        sinkFailures.incrementAndGet();
        warnRarely("sink", "writing to the prediction sink failed", ex);
      }
    }
    for (MonitorExtension x : extensions) {
      try {
        x.onEvent(e);
      } catch (RuntimeException ex) {
        extensionFailures.incrementAndGet();
        warnRarely("extension:" + x.name(), "extension " + x.name() + " failed on an event", ex);
      }
    }
    try {
      variants[e.variantIndex()].add(e, closer);
    } catch (RuntimeException ex) {
      warnRarely("window", "closing a window failed", ex);
    }
  }

  private void flushSink() {
    if (sink == null) {
      return;
    }
    try {
      sink.flush();
    } catch (Exception ex) {
      sinkFailures.incrementAndGet();
      warnRarely("sink", "flushing the prediction sink failed", ex);
    }
  }

  private void warnRarely(String kind, String message, Exception e) {
    long now = System.nanoTime();
    Long last = lastLogged.get(kind);
    if (last == null || now - last >= LOG_INTERVAL_NANOS) {
      lastLogged.put(kind, now);
      LOG.warn("monitor {}: {} (further failures of this kind are counted, logged at most once a minute)", model,
          message, e);
    }
  }

  private void closeWindow(VariantWindows v, Pane p, long startMillis, long endMillis) {
    long droppedNow = dropped();
    References r = refs;
    Optional<DriftReport> drift = Optional.empty();
    if (r.inputs != null && !p.inputsIncomplete && p.sampled >= minDriftRows) {
      drift = compare(r.inputs, inputFrame(r.schema, p), "input drift");
    }
    Optional<ColumnDrift> outDrift = Optional.empty();
    Frame outFrame = outputFrame(r.outputs, p);
    if (outFrame != null) {
      outDrift = compare(r.outputs, outFrame, "prediction drift").map(d -> d.column(PREDICTION_COLUMN));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    p.labels.forEach((k, c) -> counts.put(k, c[0]));
    WindowSummary s = new WindowSummary(model, v.name, v.windowIndex++, Instant.ofEpochMilli(startMillis),
        Instant.ofEpochMilli(endMillis), p.count, p.errors, p.sampled, p.invalid, p.late, droppedNow,
        droppedNow - v.droppedAtLastWindow, p.latency.summary(), counts,
        p.regressionCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(p.regressionSum / p.regressionCount),
        drift, outDrift, Optional.ofNullable(r.id), Map.of());
    v.droppedAtLastWindow = droppedNow;
    for (MonitorExtension x : extensions) {
      try {
        s = s.withMetrics(x.onWindowClosed(s));
      } catch (RuntimeException ex) {
        extensionFailures.incrementAndGet();
        warnRarely("extension:" + x.name(), "extension " + x.name() + " failed on a window", ex);
      }
    }
    List<Alert> raised;
    try {
      raised = alerts.evaluate(s);
    } catch (RuntimeException ex) {
      raised = List.of();
      warnRarely("rules", "an alert rule failed", ex);
    }
    v.lastWindow.set(s);
    synchronized (recent) {
      recent.addLast(s);
      while (recent.size() > history) {
        recent.removeFirst();
      }
    }
    for (WindowListener l : windowListeners) {
      try {
        l.onWindow(s);
      } catch (RuntimeException ex) {
        listenerFailures.incrementAndGet();
        warnRarely("window-listener", "a window listener failed", ex);
      }
    }
    for (Alert a : raised) {
      alertCount.incrementAndGet();
      for (AlertListener l : alertListeners) {
        try {
          l.onAlert(a);
        } catch (RuntimeException ex) {
          listenerFailures.incrementAndGet();
          warnRarely("alert-listener", "an alert listener failed", ex);
        }
      }
    }
  }

  private Optional<DriftReport> compare(ReferenceProfile ref, Frame current, String what) {
    try {
      return Optional.of(engine.compare(ref, current));
    } catch (RuntimeException ex) {
      driftFailures.incrementAndGet();
      warnRarely("drift:" + what, "the " + what + " check of a window failed", ex);
      return Optional.empty();
    }
  }

  private static Frame inputFrame(List<ColumnSpec> referenceSchema, Pane p) {
    List<Column> cols = new ArrayList<>(referenceSchema.size());
    for (int i = 0; i < referenceSchema.size(); i++) {
      String name = referenceSchema.get(i).name();
      if (p.columns[i] instanceof Pane.DoubleList d) {
        cols.add(new NumericColumn(name, d.toArray()));
      } else {
        @SuppressWarnings("unchecked")
        List<String> s = (List<String>) p.columns[i];
        cols.add(new CategoricalColumn(name, s.toArray(new String[0])));
      }
    }
    return Frame.of(cols);
  }

  private Frame outputFrame(ReferenceProfile outputReference, Pane p) {
    if (outputReference == null) {
      return null;
    }
    ColumnProfile c = outputReference.column(PREDICTION_COLUMN).orElse(null);
    if (c == null) {
      return null;
    }
    if (c.spec().type() == ColumnType.NUMERIC) {
      if (p.outputs == null || p.outputsIncomplete || p.outputs.n < minDriftRows) {
        return null;
      }
      return Frame.of(new NumericColumn(PREDICTION_COLUMN, p.outputs.toArray()));
    }
    long total = 0;
    for (long[] n : p.labels.values()) {
      total += n[0];
    }
    if (total < minDriftRows || total > Integer.MAX_VALUE) {
      return null;
    }
    String[] labels = new String[(int) total];
    int j = 0;
    for (Map.Entry<String, long[]> e : p.labels.entrySet()) {
      for (long k = 0; k < e.getValue()[0]; k++) {
        labels[j++] = e.getKey();
      }
    }
    return Frame.of(new CategoricalColumn(PREDICTION_COLUMN, labels));
  }

  // ---------------------------------------------------------------- control

  private <T> T onWorker(java.util.function.Supplier<T> task, Duration timeout) {
    if (!worker.isAlive()) {
      synchronized (this) {
        return task.get();
      }
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    control.add(() -> {
      try {
        f.complete(task.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        try {
          return f.get(20, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (!worker.isAlive()) {   // the worker stopped (closed) before it saw the task: run it here
            synchronized (this) {
              Runnable t;
              while ((t = control.poll()) != null) {
                t.run();
              }
            }
          } else if (System.nanoTime() >= deadline) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while waiting for the monitor's worker", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new MlopsException("the monitor's worker failed", e.getCause());
    } catch (TimeoutException e) {
      throw new MlopsException("the monitor's worker did not answer within " + timeout, e);
    }
  }

  /**
   * Waits until the worker processed every event accepted before this call (or the monitor is
   * closed and its worker stopped).
   *
   * @param timeout how long to wait at most
   * @return true if everything accepted before the call was processed
   * @throws NullPointerException if timeout is null
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitProcessed(Duration timeout) throws InterruptedException {
    long target = accepted();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processed() < Math.min(target, accepted())) {
      if (!worker.isAlive()) {
        return processed() >= Math.min(target, accepted());
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.parkNanos(200_000);
    }
    return true;
  }

  /**
   * Closes every variant's window in progress now, partial as it is (at the end of a batch, or
   * before a planned shutdown), after the events already queued. Windows without events are not
   * reported.
   *
   * @throws MlopsException if the worker does not answer within a minute
   */
  public void closeWindows() {
    onWorker(() -> {
      drainQueue();
      for (VariantWindows v : variants) {
        v.closePartial(this::closeWindow);
      }
      return null;
    }, Duration.ofMinutes(1));
  }

  /**
   * Replaces the reference profiles of a running monitor, for example when the alias the monitor
   * watches moves to a version trained on newer data: later windows are compared with the new
   * profiles, and snapshots name them (a restore then needs the new profiles). Alert states are kept,
   * so an alert raised against the old reference clears by its rule's hysteresis once windows stop
   * drifting against the new one.
   *
   * <p><b>Which windows use which reference.</b> The worker applies the change between two events:
   * it first processes every event accepted before this call (windows they close are compared with
   * the old reference), then installs the new one; every window that closes after this method
   * returns is compared with the new reference. A window in progress keeps its rows: when the new
   * input profile has the same columns (names and types, in order) as the old one, as for a model
   * retrained on the same features, nothing is lost; otherwise the rows it sampled before the call
   * lack the new columns, so it is reported without input drift (as a window with too few sampled
   * rows is) and does not move its alerts. That costs at most one window per variant (tumbling; a
   * sliding window's {@code size / step} windows). Likewise for prediction drift when a numeric
   * output reference replaces none or a categorical one.
   *
   * <p>Thread-safe; may be called from any thread while others record. It never blocks or slows
   * {@code record}: it waits for the worker (at most a minute), which meanwhile keeps draining the
   * queue. Meters already bound ({@code MonitorMetrics}) keep the feature gauges of the columns they
   * were bound with.
   *
   * @param inputs the new reference profile of the inputs (see {@link Builder#reference})
   * @param outputs the new reference of the outputs, with a column {@value #PREDICTION_COLUMN} (see
   *     {@link Builder#outputReference})
   * @param referenceId names the new references in snapshots and window summaries (e.g. the model
   *     version id)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if outputs has no {@value #PREDICTION_COLUMN} column
   * @throws IllegalStateException if the monitor is closed, or if called on its worker thread (from a
   *     listener or an extension)
   * @throws MlopsException if the worker does not apply it within a minute
   */
  public void replaceReference(ReferenceProfile inputs, ReferenceProfile outputs, String referenceId) {
    Objects.requireNonNull(inputs, "inputs");
    requireOutputColumn(Objects.requireNonNull(outputs, "outputs"));
    install(new References(inputs, outputs, Objects.requireNonNull(referenceId, "referenceId")));
  }

  /**
   * Replaces the input reference profile of a running monitor and removes its output reference (windows
   * are then not checked for prediction drift); otherwise as {@link #replaceReference(ReferenceProfile,
   * ReferenceProfile, String)}.
   *
   * @param inputs the new reference profile of the inputs
   * @param referenceId names the new reference in snapshots and window summaries
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the monitor is closed, or if called on its worker thread (from a
   *     listener or an extension)
   * @throws MlopsException if the worker does not apply it within a minute
   */
  public void replaceReference(ReferenceProfile inputs, String referenceId) {
    install(new References(Objects.requireNonNull(inputs, "inputs"), null,
        Objects.requireNonNull(referenceId, "referenceId")));
  }

  private void install(References next) {
    if (Thread.currentThread() == worker) {
      throw new IllegalStateException("replaceReference was called on the monitor's worker thread (from a listener "
          + "or an extension), which it would wait for; call it from another thread");
    }
    if (closed) {
      throw new IllegalStateException("the monitor of " + model + " is closed; its reference cannot change "
          + "(build a new monitor with the new reference)");
    }
    onWorker(() -> {
      drainQueue();
      References now = refs;
      if (!Objects.equals(now.schema, next.schema) || now.keepOutputs != next.keepOutputs) {
        for (VariantWindows v : variants) {
          v.relayout(next.schema, next.keepOutputs);
        }
      }
      refs = next;
      return null;
    }, Duration.ofMinutes(1));
  }

  static ReferenceProfile requireOutputColumn(ReferenceProfile profile) {
    if (profile.column(PREDICTION_COLUMN).isEmpty()) {
      throw new IllegalArgumentException("an output reference has a column named '" + PREDICTION_COLUMN
          + "'; build it with PredictionMonitor.outputProfile(predictions)");
    }
    return profile;
  }

  /**
   * The references in force, with what the worker derives from them: the input schema (the columns a
   * pane collects) and whether regression outputs are kept (a numeric output reference). Immutable.
   */
  private static final class References {
    final ReferenceProfile inputs;
    final List<ColumnSpec> schema;
    final ReferenceProfile outputs;
    final boolean keepOutputs;
    final String id;

    References(ReferenceProfile inputs, ReferenceProfile outputs, String id) {
      this.inputs = inputs;
      this.schema = inputs == null ? null : inputs.schema();
      this.outputs = outputs;
      this.keepOutputs = outputs != null && outputs.column(PREDICTION_COLUMN)
          .map(c -> c.spec().type() == ColumnType.NUMERIC).orElse(false);
      this.id = id;
    }
  }

  /**
   * Processes the events queued now (and no more: under a steady load the queue is never empty, so a
   * control task that drained until it was would never finish). An event counted in the queue's size
   * but not yet visible is a producer between claiming its slot and writing it: a matter of nanoseconds.
   */
  private void drainQueue() {
    VariantWindows.Closer closer = this::closeWindow;
    int todo = queue.size();
    while (todo > 0) {
      int n = queue.drain(e -> process(e, closer), Math.min(todo, 4096));
      if (n > 0) {
        flushSink();
        todo -= n;
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Captures the monitor's state: windows in progress, alert states, counters, the id sequence,
   * extension state and the reference's fingerprint (or JSON). The events queued when the call is
   * made are processed first; events recorded while it runs may or may not be included.
   *
   * @return the snapshot
   * @throws MlopsException if the worker does not answer within a minute, or the reference is to be
   *     embedded and this JDK cannot serialize it
   */
  public MonitorSnapshot snapshot() {
    return onWorker(() -> {
      drainQueue();
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("schemaVersion", MonitorSnapshot.SCHEMA_VERSION);
      root.put("kind", MonitorSnapshot.KIND);
      root.put("model", model);
      var vs = root.putArray("variants");
      for (String v : variantNames) {
        vs.add(v);
      }
      root.putObject("window").put("byTime", window.byTime()).put("size", window.size()).put("step", window.step());
      root.put("takenAt", Instant.ofEpochMilli(clock.getAsLong()).toString());
      long processed = processed();
      long droppedNow = dropped();
      root.put("nextId", nextId.get());
      root.put("processed", processed);
      root.put("dropped", droppedNow);
      References r = refs;
      MonitorSnapshot.putReference(root, "reference", r.inputs, r.id, embedReference);
      MonitorSnapshot.putReference(root, "outputReference", r.outputs, r.id, embedReference);
      var states = root.putArray("variantStates");
      for (VariantWindows v : variants) {
        states.add(v.toJson());
      }
      root.set("alerts", alerts.snapshot());
      ObjectNode ext = root.putObject("extensions");
      for (MonitorExtension x : extensions) {
        x.snapshot().ifPresent(j -> ext.set(x.name(), j));
      }
      return new MonitorSnapshot(root);
    }, Duration.ofMinutes(1));
  }

  // ---------------------------------------------------------------- queries

  /**
   * Returns the monitored model's name.
   *
   * @return the name
   */
  public String model() {
    return model;
  }

  /**
   * Returns the variants, in declaration order (a single-model monitor has one, named after the
   * model).
   *
   * @return an immutable list
   */
  public List<String> variants() {
    return List.of(variantNames);
  }

  /**
   * Returns the input columns of the reference profile (the columns checked for drift).
   *
   * @return the column names, empty without a reference
   */
  public List<String> referenceColumns() {
    List<ColumnSpec> schema = refs.schema;
    return schema == null ? List.of() : schema.stream().map(ColumnSpec::name).toList();
  }

  /**
   * Returns the id of the references in force ({@link Builder#referenceId(String)}, or the last {@link
   * #replaceReference} call; after a restore without an id of its own, the snapshot's).
   *
   * @return the id, or empty when none was given
   */
  public Optional<String> referenceId() {
    return Optional.ofNullable(refs.id);
  }

  /**
   * Returns the alert rules.
   *
   * @return an immutable list
   */
  public List<AlertRule> rules() {
    return alerts.rules();
  }

  /**
   * Returns the window spec.
   *
   * @return the spec
   */
  public WindowSpec window() {
    return window;
  }

  /**
   * Counts the events offered (recorded), accepted or not, since the monitor's first start
   * (carried across restores).
   *
   * @return the count
   */
  public long offered() {
    return nextId.get() - idBase;
  }

  /**
   * Counts the events dropped: queue full, or recorded after close.
   *
   * @return the count
   */
  public long dropped() {
    return droppedBase + dropped.sum();
  }

  /**
   * Counts the events accepted into the queue: {@code offered() - dropped()}.
   *
   * @return the count
   */
  public long accepted() {
    return offered() - dropped();
  }

  /**
   * Counts the events the worker processed, over all variants.
   *
   * @return the count
   */
  public long processed() {
    long n = 0;
    for (VariantWindows v : variants) {
      n += v.processed.get();
    }
    return n;
  }

  /**
   * Counts the events one variant's worker processed.
   *
   * @param variant the variant
   * @return the count
   * @throws IllegalArgumentException if the variant is unknown
   */
  public long processed(String variant) {
    return variants[indexOf(variant)].processed.get();
  }

  /**
   * Counts one variant's failed predictions processed.
   *
   * @param variant the variant
   * @return the count
   * @throws IllegalArgumentException if the variant is unknown
   */
  public long errors(String variant) {
    return variants[indexOf(variant)].errors.get();
  }

  /**
   * Sums one variant's processed latencies.
   *
   * @param variant the variant
   * @return nanoseconds
   * @throws IllegalArgumentException if the variant is unknown
   */
  public long latencyTotalNanos(String variant) {
    return variants[indexOf(variant)].latencyTotalNanos.get();
  }

  /**
   * Returns one variant's last closed window.
   *
   * @param variant the variant
   * @return the summary, or empty before the first window closed
   * @throws IllegalArgumentException if the variant is unknown
   */
  public Optional<WindowSummary> lastWindow(String variant) {
    return Optional.ofNullable(variants[indexOf(variant)].lastWindow.get());
  }

  /**
   * Returns the most recently closed windows of all variants, oldest first (at most {@link
   * Builder#history(int)}).
   *
   * @return a new list
   */
  public List<WindowSummary> recentWindows() {
    synchronized (recent) {
      return Collections.unmodifiableList(new ArrayList<>(recent));
    }
  }

  /**
   * Tells whether an alert rule is firing for a variant.
   *
   * @param rule the rule's name
   * @param variant the variant
   * @return true while firing
   * @throws NullPointerException if an argument is null
   */
  public boolean alertFiring(String rule, String variant) {
    return alerts.firing(rule, variant);
  }

  /**
   * Counts the alerts raised and resolved so far (by this monitor instance).
   *
   * @return the count
   */
  public long alertCount() {
    return alertCount.get();
  }

  /**
   * Returns the events waiting in the queue.
   *
   * @return the queue's size (approximate while producers run)
   */
  public int queueSize() {
    return queue.size();
  }

  /**
   * Returns the queue's capacity (the configured capacity rounded up to a power of two).
   *
   * @return the capacity
   */
  public int queueCapacity() {
    return queue.capacity();
  }

  /**
   * Counts failures of the prediction sink.
   *
   * @return the count
   */
  public long sinkFailures() {
    return sinkFailures.get();
  }

  /**
   * Counts failures of extensions.
   *
   * @return the count
   */
  public long extensionFailures() {
    return extensionFailures.get();
  }

  /**
   * Counts failures of window and alert listeners.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /**
   * Counts drift checks of windows that failed (logged; the window is reported without drift).
   *
   * @return the count
   */
  public long driftFailures() {
    return driftFailures.get();
  }

  /**
   * Tells whether the monitor is closed.
   *
   * @return true once {@link #close()} was called
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the monitor: later records are dropped (and counted); the worker processes what is
   * queued, closes the sink and stops. Windows in progress are not reported (call {@link
   * #closeWindows()} first to report them, or {@link #snapshot()} to keep them). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    boolean interrupted = false;
    while (worker.isAlive()) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PredictionMonitor[" + model + ", variants " + List.of(variantNames) + ", " + window + "]";
  }

  /**
   * Builds a {@link PredictionMonitor}; each setter may be called once (rules, listeners and
   * extensions add). Not thread-safe; the monitor it builds is.
   */
  public static final class Builder {
    private final String model;
    private final List<String> variants = new ArrayList<>();
    private WindowSpec window;
    private Double sampleRate;
    private Integer queueCapacity;
    private LongSupplier clock;
    private ReferenceProfile reference;
    private ReferenceProfile outputReference;
    private String referenceId;
    private boolean embedReference;
    private boolean embedSet;
    private DriftEngine engine;
    private Integer minDriftRows;
    private PredictionSink sink;
    private final List<AlertRule> rules = new ArrayList<>();
    private final List<AlertListener> alertListeners = new ArrayList<>();
    private final List<WindowListener> windowListeners = new ArrayList<>();
    private final List<MonitorExtension> extensions = new ArrayList<>();
    private Integer history;
    private MonitorSnapshot restore;

    private Builder(String model) {
      this.model = Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("the model name must not be blank");
      }
    }

    private static void requireUnset(Object v, String name) {
      if (v != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /**
     * Declares the variants of a router's monitor (each gets its own windows, alerts and meters).
     * Without this the monitor has one variant named after the model.
     *
     * @param names the variant names, distinct
     * @return this builder
     * @throws NullPointerException if a name is null
     * @throws IllegalArgumentException if no name is given, or a name is blank or repeated
     * @throws IllegalStateException if already set
     */
    public Builder variants(String... names) {
      if (!variants.isEmpty()) {
        throw new IllegalStateException("variants were already set");
      }
      if (names.length == 0) {
        throw new IllegalArgumentException("name at least one variant");
      }
      for (String n : names) {
        Objects.requireNonNull(n, "variant");
        if (n.isBlank() || variants.contains(n)) {
          throw new IllegalArgumentException("variant names must be non-blank and distinct: '" + n + "'");
        }
        variants.add(n);
      }
      return this;
    }

    /**
     * Sets how windows are cut (default {@code WindowSpec.tumblingCount(1000)}).
     *
     * @param spec the window spec
     * @return this builder
     * @throws NullPointerException if spec is null
     * @throws IllegalStateException if already set
     */
    public Builder window(WindowSpec spec) {
      requireUnset(window, "window");
      window = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Sets the share of predictions whose inputs are kept for the drift check and the log
     * (default 1: all). The choice hashes the prediction id, so it is reproducible.
     *
     * @param rate in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder inputSampleRate(double rate) {
      requireUnset(sampleRate, "inputSampleRate");
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("inputSampleRate must lie in [0, 1], got " + rate);
      }
      sampleRate = rate;
      return this;
    }

    /**
     * Sets the queue's capacity (default 65,536; rounded up to a power of two). Events beyond it
     * are dropped and counted.
     *
     * @param events at least 2
     * @return this builder
     * @throws IllegalArgumentException if below 2
     * @throws IllegalStateException if already set
     */
    public Builder queueCapacity(int events) {
      requireUnset(queueCapacity, "queueCapacity");
      if (events < 2) {
        throw new IllegalArgumentException("queueCapacity must be at least 2, got " + events);
      }
      queueCapacity = events;
      return this;
    }

    /**
     * Sets the clock that stamps events, in milliseconds since the epoch (default {@link
     * System#currentTimeMillis()}; tests and replays supply their own). Called on the caller's
     * path: it must be cheap and thread-safe.
     *
     * @param epochMillis the clock
     * @return this builder
     * @throws NullPointerException if epochMillis is null
     * @throws IllegalStateException if already set
     */
    public Builder clock(LongSupplier epochMillis) {
      requireUnset(clock, "clock");
      clock = Objects.requireNonNull(epochMillis, "epochMillis");
      return this;
    }

    /**
     * Sets the reference profile of the model's inputs (e.g. {@code ReferenceProfile.of(training)}).
     * Each window's sampled inputs are compared with it; features outside its columns are ignored.
     *
     * @param profile the profile
     * @return this builder
     * @throws NullPointerException if profile is null
     * @throws IllegalStateException if already set
     */
    public Builder reference(ReferenceProfile profile) {
      requireUnset(reference, "reference");
      reference = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Sets the reference of the outputs: a profile with a column {@value #PREDICTION_COLUMN} (see
     * {@link PredictionMonitor#outputProfile(List)}). Each window's outputs are compared with it.
     *
     * @param profile the profile
     * @return this builder
     * @throws NullPointerException if profile is null
     * @throws IllegalArgumentException if the profile has no {@value #PREDICTION_COLUMN} column
     * @throws IllegalStateException if already set
     */
    public Builder outputReference(ReferenceProfile profile) {
      requireUnset(outputReference, "outputReference");
      outputReference = requireOutputColumn(Objects.requireNonNull(profile, "profile"));
      return this;
    }

    /**
     * Names the references in snapshots and window summaries (e.g. the model version id or the
     * profile's blob digest), so whoever restores knows which profile to supply. {@link
     * PredictionMonitor#replaceReference} names later ones.
     *
     * @param id the id
     * @return this builder
     * @throws NullPointerException if id is null
     * @throws IllegalStateException if already set
     */
    public Builder referenceId(String id) {
      requireUnset(referenceId, "referenceId");
      referenceId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Embeds the reference profiles' JSON in snapshots, so a restore needs no profile (default
     * false: the snapshot holds a fingerprint and the restoring builder supplies the profile).
     * Profile JSON needs a JDK that DataSketches 6.2.0 serializes on (8, 11, 17, 21).
     *
     * @param embed whether to embed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder snapshotEmbedsReference(boolean embed) {
      if (embedSet) {
        throw new IllegalStateException("snapshotEmbedsReference was already set");
      }
      embedSet = true;
      embedReference = embed;
      return this;
    }

    /**
     * Sets the drift engine (default: the engine's defaults on the worker thread, parallelism 1).
     *
     * @param e the engine
     * @return this builder
     * @throws NullPointerException if e is null
     * @throws IllegalStateException if already set
     */
    public Builder driftEngine(DriftEngine e) {
      requireUnset(engine, "driftEngine");
      engine = Objects.requireNonNull(e, "e");
      return this;
    }

    /**
     * Sets the fewest sampled rows (and outputs) a window needs for its drift checks (default {@value
     * #DEFAULT_MIN_DRIFT_ROWS}).
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder minDriftRows(int rows) {
      requireUnset(minDriftRows, "minDriftRows");
      if (rows < 1) {
        throw new IllegalArgumentException("minDriftRows must be at least 1, got " + rows);
      }
      minDriftRows = rows;
      return this;
    }

    /**
     * Sets the durable prediction log; the monitor closes it when it closes.
     *
     * @param s the sink
     * @return this builder
     * @throws NullPointerException if s is null
     * @throws IllegalStateException if already set
     */
    public Builder sink(PredictionSink s) {
      requireUnset(sink, "sink");
      sink = Objects.requireNonNull(s, "s");
      return this;
    }

    /**
     * Adds an alert rule.
     *
     * @param rule the rule; names are distinct per monitor
     * @return this builder
     * @throws NullPointerException if rule is null
     * @throws IllegalArgumentException if a rule of that name was added
     */
    public Builder rule(AlertRule rule) {
      Objects.requireNonNull(rule, "rule");
      for (AlertRule r : rules) {
        if (r.name().equals(rule.name())) {
          throw new IllegalArgumentException("a rule named '" + rule.name() + "' was already added");
        }
      }
      rules.add(rule);
      return this;
    }

    /**
     * Adds alert rules.
     *
     * @param more the rules; names are distinct per monitor
     * @return this builder
     * @throws NullPointerException if more or a rule is null
     * @throws IllegalArgumentException if a rule of the same name was added
     */
    public Builder rules(List<AlertRule> more) {
      Objects.requireNonNull(more, "more").forEach(this::rule);
      return this;
    }

    /**
     * Adds an alert listener.
     *
     * @param l the listener
     * @return this builder
     * @throws NullPointerException if l is null
     */
    public Builder alertListener(AlertListener l) {
      alertListeners.add(Objects.requireNonNull(l, "l"));
      return this;
    }

    /**
     * Adds a window listener.
     *
     * @param l the listener
     * @return this builder
     * @throws NullPointerException if l is null
     */
    public Builder windowListener(WindowListener l) {
      windowListeners.add(Objects.requireNonNull(l, "l"));
      return this;
    }

    /**
     * Adds an extension (e.g. delayed-label performance metrics).
     *
     * @param e the extension; names are distinct per monitor
     * @return this builder
     * @throws NullPointerException if e is null
     * @throws IllegalArgumentException if an extension of that name was added
     */
    public Builder extension(MonitorExtension e) {
      Objects.requireNonNull(e, "e");
      for (MonitorExtension x : extensions) {
        if (x.name().equals(e.name())) {
          throw new IllegalArgumentException("an extension named '" + e.name() + "' was already added");
        }
      }
      extensions.add(e);
      return this;
    }

    /**
     * Sets how many closed windows {@link PredictionMonitor#recentWindows()} keeps (default 64).
     *
     * @param windows at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder history(int windows) {
      requireUnset(history, "history");
      if (windows < 0) {
        throw new IllegalArgumentException("history must not be negative, got " + windows);
      }
      history = windows;
      return this;
    }

    /**
     * Continues from a snapshot: windows in progress, alert states, counters, id sequence and
     * extension state. The model, variants and window spec must equal the snapshot's; the
     * references must be the snapshot's (same fingerprint), or absent here when the snapshot
     * embeds them.
     *
     * @param snapshot the snapshot
     * @return this builder
     * @throws NullPointerException if snapshot is null
     * @throws IllegalStateException if already set
     */
    public Builder restore(MonitorSnapshot snapshot) {
      requireUnset(restore, "restore");
      restore = Objects.requireNonNull(snapshot, "snapshot");
      return this;
    }

    /**
     * Builds the monitor and starts its worker.
     *
     * @return the monitor
     * @throws dev.mlops.core.InvalidInputException if a snapshot to restore does not match this
     *     configuration
     * @throws IllegalArgumentException if two rules share a name
     */
    public PredictionMonitor build() {
      return new PredictionMonitor(this);
    }
  }
}
