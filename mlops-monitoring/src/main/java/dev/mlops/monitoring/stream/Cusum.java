package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The tabular CUSUM chart (Page 1954) for a shift of the mean, scale-free, as River's {@code
 * drift.CUSUM} computes it.
 *
 * <p>The first {@code minInstances} observations estimate the reference mean μ₀ and standard
 * deviation σ (sample, n − 1), which are then frozen: a running mean would follow the very shift
 * being detected. From the {@code minInstances}-th observation on, {@code S⁺ = max(0, S⁺ + x − μ₀
 * − kσ)} and {@code S⁻ = max(0, S⁻ − (x − μ₀) − kσ)}; a sum above {@code hσ} is a drift (in the
 * configured direction) and the detector starts afresh, warm-up included. A warm-up of identical
 * values gives σ = 0, after which any departure from that value is a drift. The parameters and
 * their sources are on {@link CusumConfig}.
 *
 * <pre>{@code
 * Cusum cusum = new Cusum(CusumConfig.DEFAULTS);
 * DetectorState s = cusum.update(latencyMillis);
 * }</pre>
 *
 * <p>O(1) per update, no allocation. Not thread-safe: confine an instance to one thread or wrap it
 * with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class Cusum extends AbstractDetector {
  static final String TYPE = "cusum";

  private final CusumConfig config;
  private final int minInstances;
  private final boolean up;
  private final boolean down;

  private long n;
  private double mean;
  private double m2;
  private double reference;
  private double sigma;
  private double sumIncrease;
  private double sumDecrease;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link CusumConfig#DEFAULTS} for the classical ones)
   * @throws NullPointerException if config is null
   */
  public Cusum(CusumConfig config) {
    super(TYPE, false);
    this.config = Objects.requireNonNull(config, "config");
    this.minInstances = config.minInstances();
    this.up = config.direction() != ChangeDirection.DECREASE;
    this.down = config.direction() != ChangeDirection.INCREASE;
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public CusumConfig config() {
    return config;
  }

  @Override
  DetectorState observe(double x) {
    n++;
    if (n <= minInstances) {
      double before = mean;
      mean += (x - mean) / n;
      m2 += (x - before) * (x - mean);
      if (n < minInstances) {
        return DetectorState.NONE;
      }
      reference = mean;
      sigma = Math.sqrt(Math.max(m2 / (n - 1), 0.0));
    }
    double k = config.slack() * sigma;
    double limit = config.threshold() * sigma;
    double deviation = x - reference;
    sumIncrease = Math.max(0.0, sumIncrease + deviation - k);
    sumDecrease = Math.max(0.0, sumDecrease - deviation - k);
    return (up && sumIncrease > limit) || (down && sumDecrease > limit) ? DetectorState.DRIFT : DetectorState.NONE;
  }

  @Override
  void clear() {
    n = 0;
    mean = 0.0;
    m2 = 0.0;
    reference = 0.0;
    sigma = 0.0;
    sumIncrease = 0.0;
    sumDecrease = 0.0;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("minInstances", minInstances);
    c.put("slack", config.slack());
    c.put("threshold", config.threshold());
    c.put("direction", config.direction().name());
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("n", n);
    SnapshotJson.putDouble(s, "mean", mean);
    SnapshotJson.putDouble(s, "m2", m2);
    SnapshotJson.putDouble(s, "reference", reference);
    SnapshotJson.putDouble(s, "sigma", sigma);
    SnapshotJson.putDouble(s, "sumIncrease", sumIncrease);
    SnapshotJson.putDouble(s, "sumDecrease", sumDecrease);
  }

  static Cusum restore(JsonNode c, JsonNode s) {
    CusumConfig config;
    try {
      config = new CusumConfig(SnapshotJson.getInt(c, "minInstances"), SnapshotJson.getDouble(c, "slack"),
          SnapshotJson.getDouble(c, "threshold"), PageHinkley.direction(c));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    Cusum d = restoreCommon(new Cusum(config), s);
    d.n = SnapshotJson.getLong(s, "n");
    if (d.n < 0 || d.n > d.count()) {
      throw SnapshotJson.badState("n", "0 <= n <= count must hold");
    }
    d.mean = SnapshotJson.getFiniteDouble(s, "mean");
    d.m2 = SnapshotJson.getFiniteDouble(s, "m2");
    d.reference = SnapshotJson.getFiniteDouble(s, "reference");
    d.sigma = SnapshotJson.getFiniteDouble(s, "sigma");
    d.sumIncrease = SnapshotJson.getFiniteDouble(s, "sumIncrease");
    d.sumDecrease = SnapshotJson.getFiniteDouble(s, "sumDecrease");
    return d;
  }
}
