package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * ADWIN, adaptive windowing (Bifet &amp; Gavaldà 2007, the ADWIN2 variant with an exponential
 * histogram), as River's {@code drift.ADWIN} computes it ({@code river/drift/adwin_c.pyx}).
 *
 * <p>The window is kept as rows of buckets: row {@code i} holds up to {@code maxBuckets} buckets
 * of {@code 2^i} observations each (their sum and variance); when a row overflows, its two oldest
 * buckets merge into one bucket of the next row, so memory is O(M log W). Every {@code clock}
 * observations, once the window is longer than {@code gracePeriod}, every cut between buckets into
 * an older part W0 and a newer part W1 (each at least {@code minWindowLength} long) is tested:
 * with {@code δ' = ln(2 ln|W| / δ)}, {@code 1/m = 1/(n0 − mwl + 1) + 1/(n1 − mwl + 1)} and σ² the
 * window's variance, the means differ when
 * {@code |μ0 − μ1| > sqrt(2 σ² δ' / m) + (2/3) δ' / m}. A cut that holds drops the oldest bucket
 * and the test repeats; the update that dropped anything reports {@link DetectorState#DRIFT}, and
 * the detector starts afresh (an empty window) with the next observation, as River's does. (MOA's
 * {@code ADWINChangeDetector} instead keeps the shrunken window and reports only increases.)
 *
 * <pre>{@code
 * Adwin adwin = new Adwin(AdwinConfig.DEFAULTS);
 * DetectorState s = adwin.update(0.93);
 * }</pre>
 *
 * <p>Amortised O(1) per update between checks and O(M log W) per check; no allocation except when
 * the window first reaches a size it never had (a new row of buckets). Not thread-safe: confine an instance to one thread or
 * wrap it with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class Adwin extends AbstractDetector {
  static final String TYPE = "adwin";

  private final AdwinConfig config;
  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final int minWindowLength;
  private final int gracePeriod;

  private long tick;
  private double width;
  private double total;
  private double variance;
  /** rows[i] holds totals of buckets of size 2^i, oldest first; sizes[i] how many are in use. */
  private double[][] totals;
  private double[][] variances;
  private int[] sizes;
  private int rows;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link AdwinConfig#DEFAULTS} for River's)
   * @throws NullPointerException if config is null
   */
  public Adwin(AdwinConfig config) {
    super(TYPE, false);
    this.config = Objects.requireNonNull(config, "config");
    this.delta = config.delta();
    this.clock = config.clock();
    this.maxBuckets = config.maxBuckets();
    this.minWindowLength = config.minWindowLength();
    this.gracePeriod = config.gracePeriod();
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public AdwinConfig config() {
    return config;
  }

  @Override
  DetectorState observe(double value) {
    insert(value);
    return detect() ? DetectorState.DRIFT : DetectorState.NONE;
  }

  private void insert(double value) {
    int s0 = sizes[0];
    totals[0][s0] = value;
    variances[0][s0] = 0.0;
    sizes[0] = s0 + 1;
    width += 1;
    if (width > 1.0) {
      double d = value - total / (width - 1.0);
      variance += (width - 1.0) * d * d / width;
    }
    total += value;
    compress();
  }

  private void compress() {
    int idx = 0;
    while (sizes[idx] == maxBuckets + 1) {
      if (idx + 1 == rows) {
        addRow();
      }
      double[] t = totals[idx];
      double[] v = variances[idx];
      double n1 = Math.scalb(1.0, idx);
      double mu1 = t[0] / n1;
      double mu2 = t[1] / n1;
      double total12 = t[0] + t[1];
      double temp = n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2);
      double v12 = v[0] + v[1] + temp;
      int next = sizes[idx + 1];
      totals[idx + 1][next] = total12;
      variances[idx + 1][next] = v12;
      sizes[idx + 1] = next + 1;
      int remaining = sizes[idx] - 2;
      System.arraycopy(t, 2, t, 0, remaining);
      System.arraycopy(v, 2, v, 0, remaining);
      sizes[idx] = remaining;
      if (sizes[idx + 1] <= maxBuckets) {
        break;
      }
      idx++;
    }
  }

  private void addRow() {
    if (rows == totals.length) {
      int cap = rows * 2;
      totals = Arrays.copyOf(totals, cap);
      variances = Arrays.copyOf(variances, cap);
      sizes = Arrays.copyOf(sizes, cap);
    }
    if (totals[rows] == null) {
      totals[rows] = new double[maxBuckets + 1];
      variances[rows] = new double[maxBuckets + 1];
    }
    sizes[rows] = 0;
    rows++;
  }

  /** Drops the oldest bucket; returns its length. */
  private double deleteOldest() {
    int r = rows - 1;
    double n = Math.scalb(1.0, r);
    double u = totals[r][0];
    double mu = u / n;
    double v = variances[r][0];
    width -= n;
    total -= u;
    double muWindow = total / width;
    variance -= v + n * width * (mu - muWindow) * (mu - muWindow) / (n + width);
    int remaining = sizes[r] - 1;
    System.arraycopy(totals[r], 1, totals[r], 0, remaining);
    System.arraycopy(variances[r], 1, variances[r], 0, remaining);
    sizes[r] = remaining;
    if (remaining == 0 && rows > 1) {
      rows--;
    }
    return n;
  }

  private boolean detect() {
    tick++;
    if (tick % clock != 0 || !(width > gracePeriod)) {
      return false;
    }
    boolean changed = false;
    boolean again = true;
    while (again) {
      again = false;
      double n0 = 0.0;
      double n1 = width;
      double u0 = 0.0;
      double u1 = total;
      // constant within one pass: the window changes only at a cut, which ends the pass
      double deltaPrime = Math.log(2 * Math.log(width) / delta);
      double windowVariance = variance / width;
      outer:
      for (int idx = rows - 1; idx >= 0; idx--) {
        double size = Math.scalb(1.0, idx);
        double[] t = totals[idx];
        int s = sizes[idx];
        for (int k = 0; k < s; k++) {
          n0 += size;
          n1 -= size;
          u0 += t[k];
          u1 -= t[k];
          if (idx == 0 && k == s - 1) {
            break outer;
          }
          if (n1 >= minWindowLength && n0 >= minWindowLength
              && cut(n0, n1, u0 / n0 - u1 / n1, deltaPrime, windowVariance)) {
            again = true;
            changed = true;
            if (width > 0) {
              deleteOldest();
              break outer;
            }
          }
        }
      }
    }
    return changed;
  }

  private boolean cut(double n0, double n1, double deltaMean, double deltaPrime, double windowVariance) {
    double mRecip = 1.0 / (n0 - minWindowLength + 1) + 1.0 / (n1 - minWindowLength + 1);
    double epsilon = Math.sqrt(2 * mRecip * windowVariance * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
    return Math.abs(deltaMean) > epsilon;
  }

  @Override
  void clear() {
    tick = 0;
    width = 0.0;
    total = 0.0;
    variance = 0.0;
    if (totals == null) {
      totals = new double[8][];
      variances = new double[8][];
      sizes = new int[8];
    }
    rows = 0; // the rows' arrays are kept and reused: a restart after a drift allocates nothing
    addRow();
  }

  /**
   * Returns the number of observations in the current window.
   *
   * @return the window length
   */
  public long width() {
    return (long) width;
  }

  /**
   * Returns the mean of the current window.
   *
   * @return the mean, 0 for an empty window
   */
  public double estimation() {
    return width == 0 ? 0.0 : total / width;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("delta", delta);
    c.put("clock", clock);
    c.put("maxBuckets", maxBuckets);
    c.put("minWindowLength", minWindowLength);
    c.put("gracePeriod", gracePeriod);
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("tick", tick);
    SnapshotJson.putDouble(s, "width", width);
    SnapshotJson.putDouble(s, "total", total);
    SnapshotJson.putDouble(s, "variance", variance);
    ArrayNode rowsNode = s.putArray("rows");
    for (int r = 0; r < rows; r++) {
      ObjectNode row = rowsNode.addObject();
      SnapshotJson.putDoubles(row, "totals", totals[r], 0, sizes[r]);
      SnapshotJson.putDoubles(row, "variances", variances[r], 0, sizes[r]);
    }
  }

  static Adwin restore(JsonNode c, JsonNode s) {
    AdwinConfig config;
    try {
      config = new AdwinConfig(SnapshotJson.getDouble(c, "delta"), SnapshotJson.getInt(c, "clock"),
          SnapshotJson.getInt(c, "maxBuckets"), SnapshotJson.getInt(c, "minWindowLength"),
          SnapshotJson.getInt(c, "gracePeriod"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    Adwin d = restoreCommon(new Adwin(config), s);
    d.tick = SnapshotJson.getLong(s, "tick");
    d.width = SnapshotJson.getFiniteDouble(s, "width");
    d.total = SnapshotJson.getFiniteDouble(s, "total");
    d.variance = SnapshotJson.getFiniteDouble(s, "variance");
    JsonNode rowsNode = SnapshotJson.required(s, "rows");
    if (!rowsNode.isArray() || rowsNode.isEmpty() || rowsNode.size() > 62) {
      throw SnapshotJson.badState("rows", "'rows' must be an array of 1 to 62 bucket rows");
    }
    d.rows = 0;
    double w = 0;
    for (int r = 0; r < rowsNode.size(); r++) {
      d.addRow();
      double[] t = SnapshotJson.getDoubles(rowsNode.get(r), "totals");
      double[] v = SnapshotJson.getDoubles(rowsNode.get(r), "variances");
      if (t.length != v.length || t.length > config.maxBuckets()) {
        throw SnapshotJson.badState("rows", "row " + r + " must hold as many totals as variances, at most "
            + config.maxBuckets());
      }
      System.arraycopy(t, 0, d.totals[r], 0, t.length);
      System.arraycopy(v, 0, d.variances[r], 0, v.length);
      d.sizes[r] = t.length;
      w += t.length * Math.scalb(1.0, r);
    }
    if (w != d.width || d.tick < 0) {
      throw new InvalidInputException("width", "the snapshot's state is inconsistent: the buckets hold "
          + (long) w + " observations, the width says " + (long) d.width);
    }
    return d;
  }
}
