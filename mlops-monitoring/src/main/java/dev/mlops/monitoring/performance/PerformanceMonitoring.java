package dev.mlops.monitoring.performance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.monitor.MonitorExtension;
import dev.mlops.monitoring.monitor.PredictionEvent;
import dev.mlops.monitoring.monitor.WindowSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delayed-label performance inside a {@code PredictionMonitor}: joins labels to the monitor's predictions
 * by prediction id (one {@link LabelJoiner} per variant) and adds each closed window's performance, with
 * confidence intervals, to the window's metrics, where alert rules ({@link PerformanceAlerts}) watch it.
 *
 * <pre>{@code
 * PerformanceMonitoring performance = PerformanceMonitoring.classification("benign", "malignant")
 *     .maxPending(100_000).timeToLive(Duration.ofDays(2))
 *     .labelFree(ConfidenceBasedEstimator.defaults())      // optional: CBPE estimates per window
 *     .build();
 * PredictionMonitor monitor = PredictionMonitor.builder("cancer/3")
 *     .extension(performance)
 *     .rule(PerformanceAlerts.drop(PerformanceMetric.ACCURACY, 0.85, 0.90).build())
 *     .build();
 * long id = monitor.record(features, prediction, latencyNanos);
 * ...
 * performance.recordLabel(id, "malignant");                // when the truth is known
 * }</pre>
 *
 * <p><b>Window metrics</b> (names in {@link #metricName}): {@code performance.<metric>} with
 * {@code .lower} and {@code .upper} for each metric of {@link WindowPerformance}, e.g.
 * {@code performance.accuracy}, {@code performance.roc_auc.lower}; the counters
 * {@code performance.labelled}, {@code performance.pending}, {@code performance.evicted},
 * {@code performance.expired}, {@code performance.unmatched}; with {@link Builder#labelFree} the label-free
 * estimates {@code performance.estimated.<metric>} (with {@code .lower}, {@code .upper}) of the window's
 * own predictions. A window's labelled metrics cover the labels joined since the variant's previous
 * window closed (windows by label arrival, see {@link LabelJoiner}).
 *
 * <p><b>Classes.</b> Classification outputs are mapped to class indices by the names given to
 * {@link #classification(String...)} (the second is the positive class of binary metrics); the output's
 * scores, read in that order, are its probabilities when they sum to 1 (within 1e-6), otherwise probability
 * metrics are left out. An output naming an unknown class is counted ({@link #unknownClasses()}) and
 * skipped.
 *
 * <p><b>Labels before predictions.</b> The monitor processes events on its worker, so a label can arrive
 * before its prediction reached the joiner: such a label waits (at most {@code maxPending} of them, for the
 * time-to-live) and joins when the prediction arrives; one that never does is counted in
 * {@code performance.unmatched}.
 *
 * <p><b>Cost.</b> Metrics are computed on the monitor's worker when a window closes (events queue
 * meanwhile): Wilson and DeLong intervals in O(n log n), each bootstrap interval (F1, log-loss, ECE; macro
 * precision and recall) in O(resamples &times; n) for n labelled rows; the default 1000 resamples take well
 * under a second for windows of 10,000 labels; lower them with {@link Builder#intervals} for larger windows.
 *
 * <p>Thread-safe: {@code recordLabel} may be called from any thread while the monitor's worker calls the
 * extension methods. The monitor's snapshot carries the extension's state (pending predictions, the open
 * windows' joined rows and own probabilities, labels waiting for their prediction, counters; schema version
 * 1), so labels of predictions made before a restart still join after it.
 */
public final class PerformanceMonitoring implements MonitorExtension {
  /** The extension's name and metric prefix. */
  public static final String NAME = "performance";

  private final List<String> classes;
  private final Map<String, Integer> classIndex;
  private final boolean regression;
  private final int maxPending;
  private final Duration timeToLive;
  private final Clock clock;
  private final MetricIntervals intervals;
  private final ConfidenceBasedEstimator labelFree;
  private final Map<String, VariantState> variants = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Labels that arrived before their prediction: id to label (Integer class or Double value), with time. */
  private final LinkedHashMap<String, Early> early = new LinkedHashMap<>();
  private long unmatchedEarly;
  private long unknownClasses;

  private record Early(Object label, long atMillis) {}

  /** Per-variant joiner and the window's own probabilities (for label-free estimates). */
  private final class VariantState {
    final LabelJoiner joiner = LabelJoiner.builder().maxPending(maxPending).timeToLive(timeToLive).clock(clock)
        .intervals(intervals).build();
    double[][] probabilities = new double[64][];
    int rows;
    volatile WindowPerformance last;
    volatile LabelFreeEstimate lastEstimate;
  }

  private PerformanceMonitoring(Builder b) {
    this.classes = b.classes;
    this.regression = b.classes == null;
    Map<String, Integer> index = new HashMap<>();
    if (classes != null) {
      for (int i = 0; i < classes.size(); i++) {
        index.put(classes.get(i), i);
      }
    }
    this.classIndex = Map.copyOf(index);
    this.maxPending = b.maxPending;
    this.timeToLive = b.timeToLive;
    this.clock = b.clock;
    this.intervals = b.intervals;
    this.labelFree = b.labelFree;
  }

  /**
   * Starts configuring performance monitoring of a classifier.
   *
   * @param classes the class names in index order, at least two, distinct (binary: negative, positive)
   * @return a builder
   * @throws InvalidInputException if fewer than two or repeated names are given
   * @throws NullPointerException if a name is null
   */
  public static Builder classification(String... classes) {
    List<String> list = List.of(classes);
    if (list.size() < 2 || Set.copyOf(list).size() != list.size()) {
      throw new InvalidInputException("classes", "Give at least two distinct class names in index order "
          + "(binary: negative first, positive second).");
    }
    return new Builder(list);
  }

  /**
   * Starts configuring performance monitoring of a single-output regression model.
   *
   * @return a builder
   */
  public static Builder regression() {
    return new Builder(null);
  }

  /**
   * Returns the window metric name of a metric: {@code performance.accuracy}, {@code performance.roc_auc}.
   *
   * @param metric the metric
   * @return its name in {@link WindowSummary#metrics()}
   */
  public static String metricName(PerformanceMetric metric) {
    return NAME + "." + metric.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the window metric name of a label-free estimate: {@code performance.estimated.accuracy}.
   *
   * @param metric the metric
   * @return its name in {@link WindowSummary#metrics()}
   */
  public static String estimatedMetricName(PerformanceMetric metric) {
    return NAME + ".estimated." + metric.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String name() {
    return NAME;
  }

  // ------------------------------------------------------------------ labels

  /**
   * Records the true class of a prediction.
   *
   * @param predictionId the id {@code PredictionMonitor.record} returned
   * @param actualClass the true class's name, one of the configured classes
   * @throws InvalidInputException if the class is unknown or this monitors a regression
   * @throws NullPointerException if the class is null
   */
  public void recordLabel(long predictionId, String actualClass) {
    Objects.requireNonNull(actualClass, "actualClass");
    if (regression) {
      throw new InvalidInputException("actualClass", "This monitors a regression: record the observed value.");
    }
    Integer c = classIndex.get(actualClass);
    if (c == null) {
      throw new InvalidInputException("actualClass", "Unknown class; the configured classes are " + classes + ".");
    }
    join(Long.toString(predictionId), c);
  }

  /**
   * Records the observed value of a regression prediction.
   *
   * @param predictionId the id {@code PredictionMonitor.record} returned
   * @param actualValue the observed value, finite
   * @throws InvalidInputException if the value is not finite or this monitors a classifier
   */
  public void recordLabel(long predictionId, double actualValue) {
    if (!regression) {
      throw new InvalidInputException("actualValue", "This monitors a classifier: record the true class's name.");
    }
    if (!Double.isFinite(actualValue)) {
      throw new InvalidInputException("actualValue", "An observed value is finite; drop unknown outcomes.");
    }
    join(Long.toString(predictionId), actualValue);
  }

  private void join(String id, Object label) {
    synchronized (lock) {
      for (VariantState v : variants.values()) {
        if (v.joiner.isPending(id)) {
          apply(v.joiner, id, label);
          return;
        }
      }
      expireEarly(clock.millis());
      early.remove(id);
      early.put(id, new Early(label, clock.millis()));
      if (early.size() > maxPending) {
        Iterator<String> it = early.keySet().iterator();
        it.next();
        it.remove();
        unmatchedEarly++;
      }
    }
  }

  private static void apply(LabelJoiner joiner, String id, Object label) {
    if (label instanceof Integer c) {
      joiner.recordLabel(id, c);
    } else {
      joiner.recordLabel(id, (Double) label);
    }
  }

  private void expireEarly(long now) {
    long ttl = timeToLive.toMillis();
    Iterator<Early> it = early.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().atMillis() < ttl) {
        break;
      }
      it.remove();
      unmatchedEarly++;
    }
  }

  // ------------------------------------------------------------------ monitor hooks

  @Override
  public void onEvent(PredictionEvent event) {
    Optional<Prediction> output = event.output();
    if (output.isEmpty()) {
      return;
    }
    VariantState v = variants.computeIfAbsent(event.variant(), k -> new VariantState());
    String id = Long.toString(event.id());
    Prediction p = output.get();
    synchronized (lock) {
      if (regression) {
        if (!(p instanceof Prediction.Regression r) || r.values().size() != 1) {
          unknownClasses++;
          return;
        }
        v.joiner.recordPrediction(id, r.value());
      } else {
        if (!(p instanceof Prediction.Classification c) || !classIndex.containsKey(c.label())) {
          unknownClasses++;
          return;
        }
        int predicted = classIndex.get(c.label());
        double[] probabilities = probabilities(c);
        if (probabilities != null) {
          v.joiner.recordPrediction(id, predicted, probabilities);
          if (labelFree != null) {
            if (v.rows == v.probabilities.length) {
              v.probabilities = Arrays.copyOf(v.probabilities, v.rows * 2);
            }
            v.probabilities[v.rows++] = probabilities;
          }
        } else {
          v.joiner.recordPrediction(id, predicted);
        }
      }
      Early e = early.remove(id);
      if (e != null) {
        apply(v.joiner, id, e.label());
      }
    }
  }

  /** The output's scores in class order when they are probabilities; null otherwise. */
  private double[] probabilities(Prediction.Classification c) {
    if (c.scores().isEmpty()) {
      return null;
    }
    double[] p = new double[classes.size()];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = c.score(classes.get(i));
      if (!(p[i] >= 0 && p[i] <= 1)) {
        return null;
      }
      sum += p[i];
    }
    return Math.abs(sum - 1) <= Inputs.SUM_TOLERANCE ? p : null;
  }

  @Override
  public Map<String, Double> onWindowClosed(WindowSummary window) {
    VariantState v = variants.computeIfAbsent(window.variant(), k -> new VariantState());
    WindowPerformance w = v.joiner.closeWindow();
    double[][] own;
    long unmatched;
    synchronized (lock) {
      expireEarly(clock.millis());
      own = Arrays.copyOf(v.probabilities, v.rows);
      Arrays.fill(v.probabilities, 0, v.rows, null);
      v.rows = 0;
      unmatched = unmatchedEarly;
    }
    v.last = w;
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(NAME + ".labelled", (double) w.labelled());
    out.put(NAME + ".pending", (double) w.pending());
    out.put(NAME + ".evicted", (double) w.evicted());
    out.put(NAME + ".expired", (double) w.expired());
    out.put(NAME + ".unmatched", (double) (w.unmatchedLabels() + unmatched));
    w.metrics().forEach((m, e) -> put(out, metricName(m), e));
    if (labelFree != null && own.length > 0) {
      LabelFreeEstimate est = classes.size() == 2 ? labelFree.estimate(column1(own)) : labelFree.estimate(own);
      v.lastEstimate = est;
      est.metrics().forEach((m, e) -> put(out, estimatedMetricName(m), e));
    }
    return out;
  }

  private static double[] column1(double[][] rows) {
    double[] p = new double[rows.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows[i][1];
    }
    return p;
  }

  private static void put(Map<String, Double> out, String name, MetricEstimate e) {
    out.put(name, e.value());
    out.put(name + ".lower", e.lower());
    out.put(name + ".upper", e.upper());
  }

  // ------------------------------------------------------------------ snapshots

  @Override
  public Optional<JsonNode> snapshot() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("schemaVersion", 1);
    synchronized (lock) {
      ObjectNode vs = root.putObject("variants");
      variants.forEach((name, v) -> {
        ObjectNode vn = vs.putObject(name);
        vn.set("joiner", v.joiner.toJson());
        ArrayNode own = vn.putArray("probabilities");
        for (int i = 0; i < v.rows; i++) {
          ArrayNode row = own.addArray();
          for (double p : v.probabilities[i]) {
            row.add(p);
          }
        }
      });
      ArrayNode e = root.putArray("early");
      early.forEach((id, x) -> {
        ObjectNode n = e.addObject().put("id", id).put("at", x.atMillis());
        if (x.label() instanceof Integer c) {
          n.put("class", c);
        } else {
          n.put("value", (Double) x.label());
        }
      });
      root.put("unmatchedEarly", unmatchedEarly).put("unknownClasses", unknownClasses);
    }
    return Optional.of(root);
  }

  @Override
  public void restore(JsonNode state) {
    if (state.path("schemaVersion").asInt() != 1) {
      throw new InvalidInputException("snapshot", "Unknown performance state schema version "
          + state.path("schemaVersion") + "; this library reads version 1.");
    }
    synchronized (lock) {
      state.path("variants").properties().forEach(entry -> {
        VariantState v = variants.computeIfAbsent(entry.getKey(), k -> new VariantState());
        v.joiner.restore(entry.getValue().path("joiner"));
        for (JsonNode row : entry.getValue().path("probabilities")) {
          double[] p = new double[row.size()];
          for (int i = 0; i < p.length; i++) {
            p[i] = row.get(i).asDouble();
          }
          if (v.rows == v.probabilities.length) {
            v.probabilities = Arrays.copyOf(v.probabilities, v.rows * 2);
          }
          v.probabilities[v.rows++] = p;
        }
      });
      for (JsonNode n : state.path("early")) {
        Object label = n.has("class") ? (Object) n.get("class").asInt() : (Object) n.get("value").asDouble();
        early.put(n.get("id").asText(), new Early(label, n.get("at").asLong()));
      }
      unmatchedEarly = state.path("unmatchedEarly").asLong();
      unknownClasses = state.path("unknownClasses").asLong();
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * Returns the performance of a variant's last closed window.
   *
   * @param variant the variant
   * @return its last window's performance, or empty before its first window closed
   */
  public Optional<WindowPerformance> lastWindow(String variant) {
    VariantState v = variants.get(variant);
    return v == null ? Optional.empty() : Optional.ofNullable(v.last);
  }

  /**
   * Returns the label-free estimate of a variant's last closed window (with {@link Builder#labelFree}).
   *
   * @param variant the variant
   * @return the estimate, or empty
   */
  public Optional<LabelFreeEstimate> lastEstimate(String variant) {
    VariantState v = variants.get(variant);
    return v == null ? Optional.empty() : Optional.ofNullable(v.lastEstimate);
  }

  /**
   * Returns the number of predictions waiting for a label, over all variants.
   *
   * @return the pending count
   */
  public int pending() {
    int n = 0;
    for (VariantState v : variants.values()) {
      n += v.joiner.pending();
    }
    return n;
  }

  /**
   * Returns the number of labels waiting for their prediction to reach the extension.
   *
   * @return the early labels held
   */
  public int labelsWaiting() {
    synchronized (lock) {
      return early.size();
    }
  }

  /**
   * Returns the outputs skipped because they named a class not configured (or were not of the configured
   * kind).
   *
   * @return the count
   */
  public long unknownClasses() {
    synchronized (lock) {
      return unknownClasses;
    }
  }

  /**
   * Configures {@link PerformanceMonitoring}. Not thread-safe.
   */
  public static final class Builder {
    private final List<String> classes;
    private int maxPending = LabelJoiner.DEFAULT_MAX_PENDING;
    private Duration timeToLive = LabelJoiner.DEFAULT_TIME_TO_LIVE;
    private Clock clock = Clock.systemUTC();
    private MetricIntervals intervals = MetricIntervals.defaults().withResamples(1000);
    private ConfidenceBasedEstimator labelFree;

    private Builder(List<String> classes) {
      this.classes = classes;
    }

    /**
     * Sets the most predictions waiting for a label per variant (and labels waiting for a prediction).
     *
     * @param maxPending at least 1 (default {@value LabelJoiner#DEFAULT_MAX_PENDING})
     * @return this builder
     * @throws InvalidInputException if below 1
     */
    public Builder maxPending(int maxPending) {
      if (maxPending < 1) {
        throw new InvalidInputException("maxPending", "Keep at least one pending prediction; got " + maxPending + ".");
      }
      this.maxPending = maxPending;
      return this;
    }

    /**
     * Sets how long a prediction waits for its label (and a label for its prediction).
     *
     * @param timeToLive at least a millisecond (default one day)
     * @return this builder
     * @throws InvalidInputException if shorter
     * @throws NullPointerException if null
     */
    public Builder timeToLive(Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive");
      if (timeToLive.toMillis() < 1) {
        throw new InvalidInputException("timeToLive", "A time-to-live is at least one millisecond.");
      }
      this.timeToLive = timeToLive;
      return this;
    }

    /**
     * Sets the clock of the time-to-live.
     *
     * @param clock the clock (default UTC system clock)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how intervals are computed (default 95%, 1000 bootstrap resamples, seed 1).
     *
     * @param intervals the interval configuration
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder intervals(MetricIntervals intervals) {
      this.intervals = Objects.requireNonNull(intervals, "intervals");
      return this;
    }

    /**
     * Adds label-free estimates (CBPE) of each window's own predictions; needs probabilities in the
     * outputs' scores.
     *
     * @param estimator the estimator
     * @return this builder
     * @throws InvalidInputException if this monitors a regression
     * @throws NullPointerException if null
     */
    public Builder labelFree(ConfidenceBasedEstimator estimator) {
      Objects.requireNonNull(estimator, "estimator");
      if (classes == null) {
        throw new InvalidInputException("labelFree", "Label-free estimation needs a classifier's probabilities.");
      }
      this.labelFree = estimator;
      return this;
    }

    /**
     * Builds the extension; give it to one monitor.
     *
     * @return the extension
     */
    public PerformanceMonitoring build() {
      return new PerformanceMonitoring(this);
    }
  }
}
