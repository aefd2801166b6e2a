package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * HDDM-A, drift detection with Hoeffding's bound on moving averages (Frías-Blanco et al. 2014), on
 * a stream of errors (1) and successes (0), as River's {@code drift.binary.HDDMA} computes it.
 *
 * <p>The detector keeps the running mean of all observations since the start (or the last drift),
 * and a cut point: the prefix whose mean plus its Hoeffding bound {@code sqrt(ln(1/δ_d) / 2n)} was
 * lowest. An increase is detected when the overall mean exceeds the cut point's by {@code
 * sqrt(m/2 · ln(2/δ))} with {@code m = (n − n_cut) / (n_cut · n)}, at the drift confidence for a
 * drift and at the warning confidence for a warning. Two-sided, the same test watches decreases
 * from the prefix with the highest mean minus its bound.
 *
 * <pre>{@code
 * HddmA hddm = new HddmA(HddmAConfig.DEFAULTS);
 * DetectorState s = hddm.update(prediction != label);
 * }</pre>
 *
 * <p>O(1) per update, no allocation. Not thread-safe: confine an instance to one thread or wrap it
 * with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class HddmA extends AbstractBinaryDetector {
  static final String TYPE = "hddm-a";

  private final HddmAConfig config;
  private final double driftConfidence;
  private final double warningConfidence;
  private final boolean twoSided;
  private final double logInverseDrift;
  private final double logTwoOverDrift;
  private final double logTwoOverWarning;

  private long zN;
  private double zMean;
  private long minN;
  private double minMean;
  private long maxN;
  private double maxMean;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link HddmAConfig#DEFAULTS} for River's and MOA's)
   * @throws NullPointerException if config is null
   */
  public HddmA(HddmAConfig config) {
    super(TYPE);
    this.config = Objects.requireNonNull(config, "config");
    this.driftConfidence = config.driftConfidence();
    this.warningConfidence = config.warningConfidence();
    this.twoSided = config.twoSided();
    this.logInverseDrift = Math.log(1.0 / driftConfidence);
    this.logTwoOverDrift = Math.log(2.0 / driftConfidence);
    this.logTwoOverWarning = Math.log(2.0 / warningConfidence);
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public HddmAConfig config() {
    return config;
  }

  /**
   * Returns the error rate since the start or the last drift.
   *
   * @return the mean, 0 before any observation
   */
  public double errorRate() {
    return zMean;
  }

  private double hoeffdingBound(long n) {
    return Math.sqrt(1.0 / (2 * (double) n) * logInverseDrift);
  }

  @Override
  DetectorState observe(double x) {
    zN++;
    zMean += (x - zMean) / zN;
    if (minN == 0) {
      minN = zN;
      minMean = zMean;
    }
    if (maxN == 0) {
      maxN = zN;
      maxMean = zMean;
    }
    double epsZ = hoeffdingBound(zN);
    if (minMean + hoeffdingBound(minN) >= zMean + epsZ) {
      minN = zN;
      minMean = zMean;
    }
    if (maxMean - hoeffdingBound(maxN) <= zMean - epsZ) {
      maxN = zN;
      maxMean = zMean;
    }
    boolean drift = false;
    boolean warning = false;
    if (changed(zMean - minMean, minN, logTwoOverDrift)) {
      drift = true;
    } else if (changed(zMean - minMean, minN, logTwoOverWarning)) {
      warning = true;
    }
    if (twoSided) {
      if (changed(maxMean - zMean, maxN, logTwoOverDrift)) {
        drift = true;
      } else if (changed(maxMean - zMean, maxN, logTwoOverWarning)) {
        warning = true;
      }
    }
    return drift ? DetectorState.DRIFT : warning ? DetectorState.WARNING : DetectorState.NONE;
  }

  /**
   * Whether the mean moved by {@code difference} since a cut point of {@code cutN} observations, at
   * the confidence δ given as {@code ln(2/δ)}.
   */
  private boolean changed(double difference, long cutN, double logTwoOverConfidence) {
    if (cutN == zN) {
      return false;
    }
    double m = (double) (zN - cutN) / cutN * (1.0 / zN);
    double eps = Math.sqrt(m / 2 * logTwoOverConfidence);
    return difference >= eps;
  }

  @Override
  void clear() {
    zN = 0;
    zMean = 0.0;
    minN = 0;
    minMean = 0.0;
    maxN = 0;
    maxMean = 0.0;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("driftConfidence", driftConfidence);
    c.put("warningConfidence", warningConfidence);
    c.put("twoSided", twoSided);
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("n", zN);
    SnapshotJson.putDouble(s, "mean", zMean);
    s.put("minN", minN);
    SnapshotJson.putDouble(s, "minMean", minMean);
    s.put("maxN", maxN);
    SnapshotJson.putDouble(s, "maxMean", maxMean);
  }

  static HddmA restore(JsonNode c, JsonNode s) {
    HddmAConfig config;
    try {
      config = new HddmAConfig(SnapshotJson.getDouble(c, "driftConfidence"),
          SnapshotJson.getDouble(c, "warningConfidence"), SnapshotJson.getBoolean(c, "twoSided"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    HddmA d = restoreCommon(new HddmA(config), s);
    d.zN = SnapshotJson.getLong(s, "n");
    d.minN = SnapshotJson.getLong(s, "minN");
    d.maxN = SnapshotJson.getLong(s, "maxN");
    if (d.zN < 0 || d.zN > d.count() || d.minN < 0 || d.minN > d.zN || d.maxN < 0 || d.maxN > d.zN) {
      throw SnapshotJson.badState("n", "0 <= minN, maxN <= n <= count must hold");
    }
    d.zMean = SnapshotJson.getFiniteDouble(s, "mean");
    d.minMean = SnapshotJson.getFiniteDouble(s, "minMean");
    d.maxMean = SnapshotJson.getFiniteDouble(s, "maxMean");
    return d;
  }
}
