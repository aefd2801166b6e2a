package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * DDM, the Drift Detection Method (Gama, Medas, Castillo, Rodrigues 2004), on a stream of errors
 * (1) and successes (0), as River's {@code drift.binary.DDM} computes it.
 *
 * <p>With {@code pᵢ} the error rate so far and {@code sᵢ = sqrt(pᵢ(1 − pᵢ)/i)}, the detector
 * remembers {@code p_min} and {@code s_min} where {@code pᵢ + sᵢ} was lowest. After {@code
 * warmStart} observations it reports a warning when {@code pᵢ + sᵢ > p_min + w·s_min} and a drift
 * when {@code pᵢ + sᵢ > p_min + d·s_min}. It watches only increases of the error rate.
 *
 * <pre>{@code
 * Ddm ddm = new Ddm(DdmConfig.DEFAULTS);
 * DetectorState s = ddm.update(prediction != label);
 * }</pre>
 *
 * <p>Differences from MOA's {@code DDM}, which has the same rules and defaults: MOA starts
 * tracking the minimum from the 29th observation and reports drift from the 30th, River and this
 * class from the 31st; MOA's warning flag is cleared at every update, as here. O(1) per update, no
 * allocation. Not thread-safe: confine an
 * instance to one thread or wrap it with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class Ddm extends AbstractBinaryDetector {
  static final String TYPE = "ddm";

  private final DdmConfig config;
  private final int warmStart;
  private final double warningThreshold;
  private final double driftThreshold;

  private long n;
  private double p;
  private double pMin;
  private double sMin;
  private double psMin;
  private boolean warning;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link DdmConfig#DEFAULTS} for River's and MOA's)
   * @throws NullPointerException if config is null
   */
  public Ddm(DdmConfig config) {
    super(TYPE);
    this.config = Objects.requireNonNull(config, "config");
    this.warmStart = config.warmStart();
    this.warningThreshold = config.warningThreshold();
    this.driftThreshold = config.driftThreshold();
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public DdmConfig config() {
    return config;
  }

  /**
   * Returns the error rate since the start or the last drift.
   *
   * @return the error rate, 0 before any observation
   */
  public double errorRate() {
    return p;
  }

  @Override
  DetectorState observe(double x) {
    n++;
    p += (x - p) / n;
    double s = Math.sqrt(p * (1 - p) / n);
    if (n > warmStart) {
      double ps = p + s;
      if (ps <= psMin) {
        pMin = p;
        sMin = s;
        psMin = pMin + sMin;
      }
      if (ps > pMin + driftThreshold * sMin) {
        warning = false;
        return DetectorState.DRIFT;
      }
      warning = ps > pMin + warningThreshold * sMin;
    }
    return warning ? DetectorState.WARNING : DetectorState.NONE;
  }

  @Override
  void clear() {
    n = 0;
    p = 0.0;
    pMin = Double.POSITIVE_INFINITY;
    sMin = Double.POSITIVE_INFINITY;
    psMin = Double.POSITIVE_INFINITY;
    warning = false;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("warmStart", warmStart);
    c.put("warningThreshold", warningThreshold);
    c.put("driftThreshold", driftThreshold);
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("n", n);
    SnapshotJson.putDouble(s, "p", p);
    SnapshotJson.putDouble(s, "pMin", pMin);
    SnapshotJson.putDouble(s, "sMin", sMin);
    SnapshotJson.putDouble(s, "psMin", psMin);
    s.put("warning", warning);
  }

  static Ddm restore(JsonNode c, JsonNode s) {
    DdmConfig config;
    try {
      config = new DdmConfig(SnapshotJson.getInt(c, "warmStart"), SnapshotJson.getDouble(c, "warningThreshold"),
          SnapshotJson.getDouble(c, "driftThreshold"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    Ddm d = restoreCommon(new Ddm(config), s);
    d.n = SnapshotJson.getLong(s, "n");
    if (d.n < 0 || d.n > d.count()) {
      throw SnapshotJson.badState("n", "0 <= n <= count must hold");
    }
    d.p = SnapshotJson.getFiniteDouble(s, "p");
    d.pMin = SnapshotJson.getDouble(s, "pMin");
    d.sMin = SnapshotJson.getDouble(s, "sMin");
    d.psMin = SnapshotJson.getDouble(s, "psMin");
    d.warning = SnapshotJson.getBoolean(s, "warning");
    return d;
  }
}
