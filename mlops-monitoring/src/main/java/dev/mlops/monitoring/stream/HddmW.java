package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * HDDM-W, drift detection with McDiarmid's bound on exponentially weighted moving averages
 * (Frías-Blanco et al. 2014), on a stream of errors (1) and successes (0), after MOA's {@code
 * HDDM_W_Test} and River's {@code drift.binary.HDDMW}.
 *
 * <p>Each EWMA {@code ẑ ← λx + (1 − λ)ẑ} carries its "independent bounded condition" {@code c ←
 * λ² + (1 − λ)²c}, the sum of its squared weights, so that McDiarmid's inequality bounds it by
 * {@code sqrt(c · ln(1/δ) / 2)}. The detector keeps the EWMA of the whole stream and a cut point:
 * the moment where {@code ẑ} plus its bound was lowest; a second EWMA runs over the observations
 * after the cut. An increase is detected when the second exceeds the EWMA at the cut by more than
 * {@code sqrt((c₁ + c₂) ln(1/δ) / 2)}, at the drift confidence for a drift and at the warning
 * confidence for a warning. Two-sided, the mirror test watches decreases.
 *
 * <p>All state lives in the instance: MOA keeps its five EWMA records in {@code static} fields, so
 * all its HDDM_W_Test instances in one JVM share (and corrupt) one state; this class does not.
 * Other differences, each a defect of the reference that this class does not copy:
 *
 * <ul>
 *   <li>River's EWMA ({@code stats.EWMean}) takes a value whole whenever its current mean is
 *       exactly 0, not only at the first value: after a run of successes the first error moves
 *       it to 1 instead of λ; River's first update also sets {@code c = λ² + (1 − λ)²} where the
 *       sum of squared weights of a one-value EWMA is 1 (MOA's value, used here).
 *   <li>MOA starts the decrease cut point at {@code Double.MIN_VALUE} (a tiny positive number)
 *       where River starts it at −∞ (used here), and MOA's two-sided test resets the detector on a
 *       decrease without reporting it; here a decrease is a drift like an increase.
 * </ul>
 *
 * <p>On River's docstring example (a stream that starts with an error) these differences do not
 * show: this class reports River's published indices.
 *
 * <pre>{@code
 * HddmW hddm = new HddmW(HddmWConfig.DEFAULTS);
 * DetectorState s = hddm.update(prediction != label);
 * }</pre>
 *
 * <p>O(1) per update, no allocation. Not thread-safe: confine an instance to one thread or wrap it
 * with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class HddmW extends AbstractBinaryDetector {
  static final String TYPE = "hddm-w";

  private final HddmWConfig config;
  private final double lambda;
  private final double lambdaSquared;
  private final double decaySquared;
  private final double logInverseDrift;
  private final double logInverseWarning;
  private final boolean twoSided;

  // the whole stream, the EWMA at the cut point and after it, for increases and decreases;
  // an EWMA with weight sum 0 is empty
  private double total;
  private double totalC;
  private double incrCut;
  private double incr1;
  private double incr1C;
  private double incr2;
  private double incr2C;
  private double decrCut;
  private double decr1;
  private double decr1C;
  private double decr2;
  private double decr2C;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link HddmWConfig#DEFAULTS} for River's and MOA's)
   * @throws NullPointerException if config is null
   */
  public HddmW(HddmWConfig config) {
    super(TYPE);
    this.config = Objects.requireNonNull(config, "config");
    this.lambda = config.lambda();
    this.lambdaSquared = lambda * lambda;
    this.decaySquared = (1 - lambda) * (1 - lambda);
    this.logInverseDrift = Math.log(1 / config.driftConfidence());
    this.logInverseWarning = Math.log(1 / config.warningConfidence());
    this.twoSided = config.twoSided();
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public HddmWConfig config() {
    return config;
  }

  /**
   * Returns the exponentially weighted error rate since the start or the last drift.
   *
   * @return the EWMA, 0 before any observation
   */
  public double errorRate() {
    return total;
  }

  private double ewma(double mean, double c, double x) {
    return c == 0 ? x : lambda * x + (1 - lambda) * mean;
  }

  private double condition(double c) {
    return c == 0 ? 1.0 : lambdaSquared + decaySquared * c;
  }

  @Override
  DetectorState observe(double x) {
    total = ewma(total, totalC, x);
    totalC = condition(totalC);
    double eps = Math.sqrt(totalC * logInverseDrift / 2);

    if (total + eps < incrCut) {
      incrCut = total + eps;
      incr1 = total;
      incr1C = totalC;
      incr2 = 0.0;
      incr2C = 0.0;
    } else {
      incr2 = ewma(incr2, incr2C, x);
      incr2C = condition(incr2C);
    }
    DetectorState result;
    if (changed(incr1C, incr2C, incr2 - incr1, logInverseDrift)) {
      result = DetectorState.DRIFT;
    } else if (changed(incr1C, incr2C, incr2 - incr1, logInverseWarning)) {
      result = DetectorState.WARNING;
    } else {
      result = DetectorState.NONE;
    }

    if (total - eps > decrCut) {
      decrCut = total - eps;
      decr1 = total;
      decr1C = totalC;
      decr2 = 0.0;
      decr2C = 0.0;
    } else {
      decr2 = ewma(decr2, decr2C, x);
      decr2C = condition(decr2C);
    }
    if (twoSided) {
      if (changed(decr1C, decr2C, decr1 - decr2, logInverseDrift)) {
        result = DetectorState.DRIFT;
      } else if (result == DetectorState.NONE && changed(decr1C, decr2C, decr1 - decr2, logInverseWarning)) {
        result = DetectorState.WARNING;
      }
    }
    return result;
  }

  private static boolean changed(double c1, double c2, double difference, double logInverseConfidence) {
    if (c1 == 0 || c2 == 0) {
      return false;
    }
    return difference > Math.sqrt((c1 + c2) * logInverseConfidence / 2);
  }

  @Override
  void clear() {
    total = 0.0;
    totalC = 0.0;
    incrCut = Double.POSITIVE_INFINITY;
    incr1 = 0.0;
    incr1C = 0.0;
    incr2 = 0.0;
    incr2C = 0.0;
    decrCut = Double.NEGATIVE_INFINITY;
    decr1 = 0.0;
    decr1C = 0.0;
    decr2 = 0.0;
    decr2C = 0.0;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("driftConfidence", config.driftConfidence());
    c.put("warningConfidence", config.warningConfidence());
    c.put("lambda", lambda);
    c.put("twoSided", twoSided);
  }

  private static final String[] FIELDS = {"total", "totalC", "incrCut", "incr1", "incr1C", "incr2",
      "incr2C", "decrCut", "decr1", "decr1C", "decr2", "decr2C"};

  private double[] fields() {
    return new double[] {total, totalC, incrCut, incr1, incr1C, incr2, incr2C, decrCut, decr1, decr1C,
        decr2, decr2C};
  }

  @Override
  void writeState(ObjectNode s) {
    double[] v = fields();
    for (int i = 0; i < FIELDS.length; i++) {
      SnapshotJson.putDouble(s, FIELDS[i], v[i]);
    }
  }

  static HddmW restore(JsonNode c, JsonNode s) {
    HddmWConfig config;
    try {
      config = new HddmWConfig(SnapshotJson.getDouble(c, "driftConfidence"),
          SnapshotJson.getDouble(c, "warningConfidence"), SnapshotJson.getDouble(c, "lambda"),
          SnapshotJson.getBoolean(c, "twoSided"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    HddmW d = restoreCommon(new HddmW(config), s);
    double[] v = new double[FIELDS.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = FIELDS[i].endsWith("Cut") ? SnapshotJson.getDouble(s, FIELDS[i])
          : SnapshotJson.getFiniteDouble(s, FIELDS[i]);
    }
    d.total = v[0];
    d.totalC = v[1];
    d.incrCut = v[2];
    d.incr1 = v[3];
    d.incr1C = v[4];
    d.incr2 = v[5];
    d.incr2C = v[6];
    d.decrCut = v[7];
    d.decr1 = v[8];
    d.decr1C = v[9];
    d.decr2 = v[10];
    d.decr2C = v[11];
    return d;
  }
}
