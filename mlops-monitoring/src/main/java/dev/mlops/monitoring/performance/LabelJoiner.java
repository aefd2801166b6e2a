package dev.mlops.monitoring.performance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Joins delayed labels (ground truth that arrives later) to predictions by prediction id, with bounded
 * memory and a time-to-live, and computes each window's performance with confidence intervals.
 *
 * <pre>{@code
 * LabelJoiner joiner = LabelJoiner.builder()
 *     .maxPending(100_000)                 // oldest unlabelled predictions evicted beyond this, counted
 *     .timeToLive(Duration.ofDays(2))      // unlabelled after this: expired, counted as unlabelled
 *     .build();
 * joiner.recordPrediction("req-1", 1, new double[] {0.2, 0.8});
 * ...
 * joiner.recordLabel("req-1", 1);            // later, when the outcome is known
 * WindowPerformance w = joiner.closeWindow();  // metrics of the labels joined since the last close
 * w.metric(PerformanceMetric.ROC_AUC).ifPresent(auc -> ...);
 * }</pre>
 *
 * <p>Memory: at most {@code maxPending} predictions wait for a label; recording one more evicts the
 * oldest ({@link #evicted()}). A prediction older than the time-to-live (by the injected clock) is dropped
 * as unlabelled ({@link #expired()}); expiry runs on every call, in arrival order. A label with no pending
 * prediction is counted ({@link #unmatchedLabels()}) and otherwise ignored. The joined rows of the current
 * window are kept until {@link #closeWindow()}: a window holds as many rows as labels arrive in it.
 *
 * <p>Windows are by label arrival: a window's performance covers the predictions whose labels were joined
 * since the previous close, whenever those predictions were made.
 *
 * <p>Metrics of a classification window: binary (class 1 positive) when every label and prediction is 0
 * or 1 and no prediction carries more than two probabilities, otherwise macro averaged; accuracy,
 * precision and recall with Wilson intervals (binary; bootstrap when macro), F1, log-loss, ECE with the
 * percentile bootstrap, ROC AUC with DeLong (binary) or the bootstrap (one-vs-rest). Probability metrics
 * need every joined row of the window to carry probabilities. Regression: MAE, RMSE, R&sup2; with the
 * bootstrap. A metric undefined on the window (AUC with one class) is absent.
 *
 * <p>One joiner holds one kind of prediction: the first recorded prediction decides (class or value).
 * Thread-safe: every method locks the joiner; metrics are computed outside the lock.
 */
public final class LabelJoiner {
  /** The default limit on pending predictions. */
  public static final int DEFAULT_MAX_PENDING = 100_000;
  /** The default time-to-live of a pending prediction. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(1);

  private enum Kind { CLASSIFICATION, REGRESSION }

  /** A pending prediction: class (+ probabilities or null) or value. */
  private record Pending(long atMillis, int predictedClass, double[] probabilities, double value) {}

  private final int maxPending;
  private final long ttlMillis;
  private final Clock clock;
  private final MetricIntervals intervals;
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private Kind kind;
  private long evicted;
  private long expired;
  private long unmatched;
  private long joinedTotal;
  // current window's joined rows
  private int rows;
  private int[] labels = new int[16];
  private int[] predictedClasses = new int[16];
  private double[][] probabilities = new double[16][];
  private boolean allHaveProbabilities = true;
  private double[] actualValues = new double[16];
  private double[] predictedValues = new double[16];

  private LabelJoiner(Builder b) {
    this.maxPending = b.maxPending;
    this.ttlMillis = b.timeToLive.toMillis();
    this.clock = b.clock;
    this.intervals = b.intervals;
  }

  /**
   * Returns a builder with the defaults: {@value #DEFAULT_MAX_PENDING} pending predictions, a one-day
   * time-to-live, the UTC system clock, {@link MetricIntervals#defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records a classification prediction without probabilities (probability metrics will be absent).
   *
   * @param predictionId the id the label will carry
   * @param predictedClass the predicted class, not negative
   * @throws InvalidInputException if the class is negative, the id blank, or this joiner holds regression
   *     predictions
   * @throws NullPointerException if the id is null
   */
  public void recordPrediction(String predictionId, int predictedClass) {
    checkClass("predictedClass", predictedClass);
    put(predictionId, Kind.CLASSIFICATION, new Pending(0, predictedClass, null, 0));
  }

  /**
   * Records a classification prediction with the model's class probabilities.
   *
   * @param predictionId the id the label will carry
   * @param predictedClass the predicted class, in {@code [0, probabilities.length)}
   * @param probabilities the probability of each class (at least two, in [0, 1], summing to 1); copied
   * @throws InvalidInputException if the class or the probabilities are invalid, the id blank, or this
   *     joiner holds regression predictions
   * @throws NullPointerException if an argument is null
   */
  public void recordPrediction(String predictionId, int predictedClass, double[] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    checkClass("predictedClass", predictedClass);
    double[] copy = probabilities.clone();
    Inputs.probabilityMatrix("probabilities", new double[][] {copy});
    if (predictedClass >= copy.length) {
      throw new InvalidInputException("predictedClass", "The predicted class " + predictedClass
          + " has no probability: the model gives " + copy.length + " classes.");
    }
    put(predictionId, Kind.CLASSIFICATION, new Pending(0, predictedClass, copy, 0));
  }

  /**
   * Records a regression prediction.
   *
   * @param predictionId the id the label will carry
   * @param predictedValue the predicted value, finite
   * @throws InvalidInputException if the value is not finite, the id blank, or this joiner holds
   *     classification predictions
   * @throws NullPointerException if the id is null
   */
  public void recordPrediction(String predictionId, double predictedValue) {
    if (!Double.isFinite(predictedValue)) {
      throw new InvalidInputException("predictedValue", "A predicted value is finite; record errors separately.");
    }
    put(predictionId, Kind.REGRESSION, new Pending(0, 0, null, predictedValue));
  }

  /**
   * Joins a class label to its pending prediction.
   *
   * @param predictionId the prediction's id
   * @param actualClass the true class, not negative (and below the number of probabilities when the
   *     prediction carried them)
   * @return {@link JoinOutcome#JOINED}, or {@link JoinOutcome#UNMATCHED} when no such prediction is pending
   * @throws InvalidInputException if the class is out of range or the pending prediction is a regression
   * @throws NullPointerException if the id is null
   */
  public JoinOutcome recordLabel(String predictionId, int actualClass) {
    Objects.requireNonNull(predictionId, "predictionId");
    checkClass("actualClass", actualClass);
    synchronized (this) {
      Pending p = lookup(predictionId, Kind.CLASSIFICATION, "actualClass");
      if (p == null) {
        return JoinOutcome.UNMATCHED;
      }
      if (p.probabilities() != null && actualClass >= p.probabilities().length) {
        throw new InvalidInputException("actualClass", "The label " + actualClass + " has no probability column: the "
            + "model gives " + p.probabilities().length + " classes.");
      }
      pending.remove(predictionId);
      grow();
      labels[rows] = actualClass;
      predictedClasses[rows] = p.predictedClass();
      probabilities[rows] = p.probabilities();
      allHaveProbabilities &= p.probabilities() != null;
      rows++;
      joinedTotal++;
      return JoinOutcome.JOINED;
    }
  }

  /**
   * Joins an observed value to its pending regression prediction.
   *
   * @param predictionId the prediction's id
   * @param actualValue the observed value, finite
   * @return {@link JoinOutcome#JOINED}, or {@link JoinOutcome#UNMATCHED} when no such prediction is pending
   * @throws InvalidInputException if the value is not finite or the pending prediction is a classification
   * @throws NullPointerException if the id is null
   */
  public JoinOutcome recordLabel(String predictionId, double actualValue) {
    Objects.requireNonNull(predictionId, "predictionId");
    if (!Double.isFinite(actualValue)) {
      throw new InvalidInputException("actualValue", "An observed value is finite; drop unknown outcomes.");
    }
    synchronized (this) {
      Pending p = lookup(predictionId, Kind.REGRESSION, "actualValue");
      if (p == null) {
        return JoinOutcome.UNMATCHED;
      }
      pending.remove(predictionId);
      grow();
      actualValues[rows] = actualValue;
      predictedValues[rows] = p.value();
      rows++;
      joinedTotal++;
      return JoinOutcome.JOINED;
    }
  }

  /** Under the lock: expires, then returns the pending prediction (still pending) or null, counted. */
  private Pending lookup(String predictionId, Kind expected, String field) {
    expire(clock.millis());
    Pending p = pending.get(predictionId);
    if (p == null) {
      unmatched++;
      return null;
    }
    if (kind != expected) {
      throw new InvalidInputException(field, "This joiner holds " + kind.name().toLowerCase(java.util.Locale.ROOT)
          + " predictions: record the label as " + (kind == Kind.REGRESSION ? "a value (recordLabel(id, double))."
          : "a class (recordLabel(id, int))."));
    }
    return p;
  }

  /**
   * Expires predictions older than the time-to-live now (every other call also does).
   *
   * @return the number expired by this call
   */
  public synchronized int expireNow() {
    return expire(clock.millis());
  }

  /**
   * Closes the current window: computes the metrics of the rows joined since the previous close and
   * starts an empty window. Pending predictions stay pending.
   *
   * @return the window's performance (no metric when no label was joined)
   */
  public WindowPerformance closeWindow() {
    int n;
    Kind k;
    int[] y;
    int[] pred;
    double[][] prob;
    double[] actual;
    double[] predicted;
    long ev;
    long ex;
    long un;
    int pend;
    synchronized (this) {
      expire(clock.millis());
      n = rows;
      k = kind;
      y = Arrays.copyOf(labels, n);
      pred = Arrays.copyOf(predictedClasses, n);
      prob = allHaveProbabilities ? Arrays.copyOf(probabilities, n) : null;
      actual = Arrays.copyOf(actualValues, n);
      predicted = Arrays.copyOf(predictedValues, n);
      ev = evicted;
      ex = expired;
      un = unmatched;
      pend = pending.size();
      rows = 0;
      allHaveProbabilities = true;
      Arrays.fill(probabilities, null);
    }
    Map<PerformanceMetric, MetricEstimate> metrics = new EnumMap<>(PerformanceMetric.class);
    if (n > 0 && k == Kind.CLASSIFICATION) {
      classification(metrics, y, pred, prob);
    } else if (n > 0) {
      put(metrics, PerformanceMetric.MAE, () -> intervals.mae(actual, predicted));
      put(metrics, PerformanceMetric.RMSE, () -> intervals.rmse(actual, predicted));
      put(metrics, PerformanceMetric.R2, () -> intervals.r2(actual, predicted));
    }
    return new WindowPerformance(n, metrics, ev, ex, un, pend);
  }

  private void classification(Map<PerformanceMetric, MetricEstimate> metrics, int[] y, int[] pred,
      double[][] prob) {
    boolean binary = isBinary(y) && isBinary(pred) && (prob == null || prob.length == 0 || sameWidth(prob, 2));
    Averaging avg = binary ? Averaging.BINARY : Averaging.MACRO;
    put(metrics, PerformanceMetric.ACCURACY, () -> intervals.accuracy(y, pred));
    put(metrics, PerformanceMetric.PRECISION, () -> intervals.precision(y, pred, avg));
    put(metrics, PerformanceMetric.RECALL, () -> intervals.recall(y, pred, avg));
    put(metrics, PerformanceMetric.F1, () -> intervals.f1(y, pred, avg));
    if (prob == null) {
      return;
    }
    if (binary) {
      double[] p1 = new double[prob.length];
      for (int i = 0; i < p1.length; i++) {
        p1[i] = prob[i][1];
      }
      put(metrics, PerformanceMetric.ROC_AUC, () -> intervals.rocAuc(y, p1));
      put(metrics, PerformanceMetric.LOG_LOSS, () -> intervals.logLoss(y, p1));
      put(metrics, PerformanceMetric.EXPECTED_CALIBRATION_ERROR, () -> intervals.expectedCalibrationError(y, p1));
    } else if (sameWidth(prob, prob[0].length)) {
      put(metrics, PerformanceMetric.ROC_AUC, () -> intervals.rocAuc(y, prob));
      put(metrics, PerformanceMetric.LOG_LOSS, () -> intervals.logLoss(y, prob));
      put(metrics, PerformanceMetric.EXPECTED_CALIBRATION_ERROR, () -> intervals.expectedCalibrationError(y, prob));
    }
  }

  /** Puts a metric; a metric undefined on this window (an InvalidInputException) is left out. */
  private static void put(Map<PerformanceMetric, MetricEstimate> metrics, PerformanceMetric metric,
      Supplier<MetricEstimate> estimate) {
    try {
      metrics.put(metric, estimate.get());
    } catch (InvalidInputException undefined) {
      // e.g. ROC AUC with one class in the window
    }
  }

  private static boolean isBinary(int[] values) {
    for (int v : values) {
      if (v > 1) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameWidth(double[][] prob, int width) {
    for (double[] row : prob) {
      if (row.length != width) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether a prediction with this id waits for its label (not yet labelled, evicted or expired).
   *
   * @param predictionId the prediction's id
   * @return whether it is pending
   * @throws NullPointerException if the id is null
   */
  public synchronized boolean isPending(String predictionId) {
    Objects.requireNonNull(predictionId, "predictionId");
    expire(clock.millis());
    return pending.containsKey(predictionId);
  }

  /**
   * Returns the number of predictions waiting for a label.
   *
   * @return the pending count, at most {@code maxPending}
   */
  public synchronized int pending() {
    return pending.size();
  }

  /**
   * Returns the number of predictions evicted unlabelled by the pending limit since the joiner started.
   *
   * @return the evicted count
   */
  public synchronized long evicted() {
    return evicted;
  }

  /**
   * Returns the number of predictions expired unlabelled by the time-to-live since the joiner started.
   *
   * @return the expired count
   */
  public synchronized long expired() {
    return expired;
  }

  /**
   * Returns the number of labels that found no pending prediction since the joiner started.
   *
   * @return the unmatched count
   */
  public synchronized long unmatchedLabels() {
    return unmatched;
  }

  /**
   * Returns the number of labels joined since the joiner started.
   *
   * @return the joined count
   */
  public synchronized long joined() {
    return joinedTotal;
  }

  /**
   * Returns the number of labels joined in the current (open) window.
   *
   * @return the window's rows so far
   */
  public synchronized int labelledInWindow() {
    return rows;
  }

  /** The joiner's state (pending predictions, the open window's rows, counters) as JSON, for snapshots. */
  synchronized ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode n = f.objectNode();
    n.put("kind", kind == null ? null : kind.name());
    n.put("evicted", evicted).put("expired", expired).put("unmatched", unmatched).put("joined", joinedTotal);
    ArrayNode ps = n.putArray("pending");
    pending.forEach((id, p) -> {
      ObjectNode e = ps.addObject().put("id", id).put("at", p.atMillis());
      if (kind == Kind.REGRESSION) {
        e.put("value", p.value());
      } else {
        e.put("class", p.predictedClass());
        if (p.probabilities() != null) {
          doubles(e.putArray("p"), p.probabilities());
        }
      }
    });
    ArrayNode rowsNode = n.putArray("window");
    for (int i = 0; i < rows; i++) {
      ObjectNode r = rowsNode.addObject();
      if (kind == Kind.REGRESSION) {
        r.put("actual", actualValues[i]).put("predicted", predictedValues[i]);
      } else {
        r.put("label", labels[i]).put("class", predictedClasses[i]);
        if (probabilities[i] != null) {
          doubles(r.putArray("p"), probabilities[i]);
        }
      }
    }
    return n;
  }

  /** Restores a {@link #toJson()} state into this new, empty joiner. */
  synchronized void restore(JsonNode n) {
    String k = n.path("kind").isTextual() ? n.path("kind").asText() : null;
    kind = k == null ? null : Kind.valueOf(k);
    evicted = n.path("evicted").asLong();
    expired = n.path("expired").asLong();
    unmatched = n.path("unmatched").asLong();
    joinedTotal = n.path("joined").asLong();
    for (JsonNode e : n.path("pending")) {
      double[] p = e.has("p") ? doubles(e.get("p")) : null;
      pending.put(e.get("id").asText(), new Pending(e.get("at").asLong(), e.path("class").asInt(), p,
          e.path("value").asDouble()));
    }
    for (JsonNode r : n.path("window")) {
      grow();
      if (kind == Kind.REGRESSION) {
        actualValues[rows] = r.get("actual").asDouble();
        predictedValues[rows] = r.get("predicted").asDouble();
      } else {
        labels[rows] = r.get("label").asInt();
        predictedClasses[rows] = r.get("class").asInt();
        probabilities[rows] = r.has("p") ? doubles(r.get("p")) : null;
        allHaveProbabilities &= probabilities[rows] != null;
      }
      rows++;
    }
  }

  private static void doubles(ArrayNode a, double[] values) {
    for (double v : values) {
      a.add(v);
    }
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private void put(String predictionId, Kind k, Pending p) {
    Objects.requireNonNull(predictionId, "predictionId");
    if (predictionId.isBlank()) {
      throw new InvalidInputException("predictionId", "A prediction id is not blank: use the id your service "
          + "returns with the prediction and the label will carry.");
    }
    synchronized (this) {
      if (kind == null) {
        kind = k;
      } else if (kind != k) {
        throw new InvalidInputException("prediction", "This joiner holds " + kind.name().toLowerCase(java.util.Locale.ROOT)
            + " predictions; use one joiner per kind of model output.");
      }
      long now = clock.millis();
      expire(now);
      // a repeated id replaces the older prediction and moves to the end of the arrival order
      pending.remove(predictionId);
      pending.put(predictionId, new Pending(now, p.predictedClass(), p.probabilities(), p.value()));
      if (pending.size() > maxPending) {
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        it.next();
        it.remove();
        evicted++;
      }
    }
  }

  private int expire(long now) {
    int count = 0;
    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Pending p = it.next().getValue();
      if (now - p.atMillis() < ttlMillis) {
        break;
      }
      it.remove();
      count++;
    }
    expired += count;
    return count;
  }

  private void grow() {
    if (rows == labels.length) {
      int size = rows * 2;
      labels = Arrays.copyOf(labels, size);
      predictedClasses = Arrays.copyOf(predictedClasses, size);
      probabilities = Arrays.copyOf(probabilities, size);
      actualValues = Arrays.copyOf(actualValues, size);
      predictedValues = Arrays.copyOf(predictedValues, size);
    }
  }

  private static void checkClass(String field, int c) {
    if (c < 0) {
      throw new InvalidInputException(field, "Classes are indices 0, 1, 2, ...; got " + c + ".");
    }
  }

  /**
   * Configures a {@link LabelJoiner}. Each setter may be called once. Not thread-safe.
   */
  public static final class Builder {
    private int maxPending = DEFAULT_MAX_PENDING;
    private boolean maxPendingSet;
    private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
    private boolean ttlSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private MetricIntervals intervals = MetricIntervals.defaults();
    private boolean intervalsSet;

    private Builder() {}

    /**
     * Sets the most predictions waiting for a label; beyond it the oldest is evicted and counted.
     *
     * @param maxPending the limit, at least 1
     * @return this builder
     * @throws InvalidInputException if {@code maxPending < 1}
     * @throws IllegalStateException if already set
     */
    public Builder maxPending(int maxPending) {
      requireOnce(maxPendingSet, "maxPending");
      if (maxPending < 1) {
        throw new InvalidInputException("maxPending", "Keep at least one pending prediction; got " + maxPending + ".");
      }
      this.maxPending = maxPending;
      maxPendingSet = true;
      return this;
    }

    /**
     * Sets how long a prediction waits for its label before it is expired as unlabelled.
     *
     * @param timeToLive a positive duration
     * @return this builder
     * @throws InvalidInputException if the duration is not positive
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the duration is null
     */
    public Builder timeToLive(Duration timeToLive) {
      requireOnce(ttlSet, "timeToLive");
      Objects.requireNonNull(timeToLive, "timeToLive");
      if (timeToLive.isZero() || timeToLive.isNegative() || timeToLive.toMillis() < 1) {
        throw new InvalidInputException("timeToLive", "A time-to-live is at least one millisecond; got "
            + timeToLive + ".");
      }
      this.timeToLive = timeToLive;
      ttlSet = true;
      return this;
    }

    /**
     * Sets the clock that stamps predictions and decides expiry (inject a fixed or manual clock in tests).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if the clock is null
     */
    public Builder clock(Clock clock) {
      requireOnce(clockSet, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      clockSet = true;
      return this;
    }

    /**
     * Sets how window metrics' intervals are computed (level, bootstrap resamples, seed).
     *
     * @param intervals the interval configuration
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code intervals} is null
     */
    public Builder intervals(MetricIntervals intervals) {
      requireOnce(intervalsSet, "intervals");
      this.intervals = Objects.requireNonNull(intervals, "intervals");
      intervalsSet = true;
      return this;
    }

    /**
     * Builds the joiner.
     *
     * @return a new, empty joiner
     */
    public LabelJoiner build() {
      return new LabelJoiner(this);
    }

    private static void requireOnce(boolean set, String what) {
      if (set) {
        throw new IllegalStateException(what + " was already set");
      }
    }
  }
}
