package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * EDDM, the Early Drift Detection Method (Baena-García et al. 2006), on a stream of errors (1) and
 * successes (0), as River's {@code drift.binary.EDDM} computes it.
 *
 * <p>EDDM follows the distance (in observations) between consecutive errors: its running mean
 * {@code p'} and standard deviation {@code s'} (sample variance, n − 1). At each error, once more
 * than {@code warmStart} observations have been read, {@code p' + 2s'} is compared with its
 * maximum so far: a new maximum is remembered; otherwise, once more than {@code warmStart} errors
 * have been seen, a ratio below β is a drift and below α a warning. Successes do not change the
 * state: a warning lasts until the next error.
 *
 * <pre>{@code
 * Eddm eddm = new Eddm(EddmConfig.DEFAULTS);
 * DetectorState s = eddm.update(prediction != label);
 * }</pre>
 *
 * <p>Differences from MOA's {@code EDDM} (same defaults): MOA's standard deviation divides by the
 * number of errors (population), River's and this class's by that number less one; MOA clears the
 * warning at each error before testing, River keeps it when a new maximum is set; and MOA's
 * observation counter starts at 1, so its warm-up ends one observation earlier. O(1) per update, no allocation. Not
 * thread-safe: confine an instance to one thread or wrap it with {@link
 * ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class Eddm extends AbstractBinaryDetector {
  static final String TYPE = "eddm";

  private final EddmConfig config;
  private final int warmStart;
  private final double alpha;
  private final double beta;

  private long n;
  private long lastError;
  private long errors;
  private double distanceMean;
  private double distanceM2;
  private double p2sMax;
  private boolean warning;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link EddmConfig#DEFAULTS} for River's and MOA's)
   * @throws NullPointerException if config is null
   */
  public Eddm(EddmConfig config) {
    super(TYPE);
    this.config = Objects.requireNonNull(config, "config");
    this.warmStart = config.warmStart();
    this.alpha = config.alpha();
    this.beta = config.beta();
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public EddmConfig config() {
    return config;
  }

  @Override
  DetectorState observe(double x) {
    n++;
    if (x == 1.0) {
      errors++;
      double distance = n - lastError;
      double before = distanceMean;
      distanceMean += (distance - distanceMean) / errors;
      distanceM2 += (distance - before) * (distance - distanceMean);
      lastError = n;
      if (n > warmStart) {
        double variance = errors > 1 ? distanceM2 / (errors - 1) : 0.0;
        double p2s = distanceMean + 2 * Math.sqrt(variance);
        if (p2s > p2sMax) {
          p2sMax = p2s;
        } else if (errors > warmStart) {
          double level = p2s / p2sMax;
          if (level < beta) {
            return DetectorState.DRIFT;
          }
          warning = level < alpha;
        }
      }
    }
    return warning ? DetectorState.WARNING : DetectorState.NONE;
  }

  @Override
  void clear() {
    n = 0;
    lastError = 0;
    errors = 0;
    distanceMean = 0.0;
    distanceM2 = 0.0;
    p2sMax = -1.0;
    warning = false;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("warmStart", warmStart);
    c.put("alpha", alpha);
    c.put("beta", beta);
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("n", n);
    s.put("lastError", lastError);
    s.put("errors", errors);
    SnapshotJson.putDouble(s, "distanceMean", distanceMean);
    SnapshotJson.putDouble(s, "distanceM2", distanceM2);
    SnapshotJson.putDouble(s, "p2sMax", p2sMax);
    s.put("warning", warning);
  }

  static Eddm restore(JsonNode c, JsonNode s) {
    EddmConfig config;
    try {
      config = new EddmConfig(SnapshotJson.getInt(c, "warmStart"), SnapshotJson.getDouble(c, "alpha"),
          SnapshotJson.getDouble(c, "beta"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    Eddm d = restoreCommon(new Eddm(config), s);
    d.n = SnapshotJson.getLong(s, "n");
    d.lastError = SnapshotJson.getLong(s, "lastError");
    d.errors = SnapshotJson.getLong(s, "errors");
    if (d.n < 0 || d.n > d.count() || d.lastError < 0 || d.lastError > d.n || d.errors < 0 || d.errors > d.n) {
      throw SnapshotJson.badState("n", "0 <= lastError <= n <= count and 0 <= errors <= n must hold");
    }
    d.distanceMean = SnapshotJson.getFiniteDouble(s, "distanceMean");
    d.distanceM2 = SnapshotJson.getFiniteDouble(s, "distanceM2");
    d.p2sMax = SnapshotJson.getFiniteDouble(s, "p2sMax");
    d.warning = SnapshotJson.getBoolean(s, "warning");
    return d;
  }
}
