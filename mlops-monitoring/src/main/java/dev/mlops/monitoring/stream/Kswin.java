package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.drift.KsMethod;
import dev.mlops.monitoring.drift.NumericStatistics;
import dev.mlops.monitoring.drift.StatResult;
import java.util.Arrays;
import java.util.Objects;

/**
 * KSWIN, Kolmogorov–Smirnov windowing (Raab, Heusinger, Schleif 2020), as River's {@code
 * drift.KSWIN} computes it.
 *
 * <p>KSWIN keeps the last {@code windowSize} values. Once the window is full, at every update it
 * draws {@code statSize} distinct values at random from the older {@code windowSize − statSize}
 * and runs the two-sample Kolmogorov–Smirnov test against the {@code statSize} most recent ones;
 * a drift is a p-value at most {@code alpha} with a statistic above 0.1. The test is this library's
 * {@link NumericStatistics#kolmogorovSmirnov} with {@link KsMethod#AUTO}, which computes the
 * p-value as scipy's {@code ks_2samp} (exact for windows of this size), the function River calls.
 * The draws use CPython's Mersenne Twister and {@code random.sample}, so a seed gives the same
 * draws as River's {@code KSWIN(seed=...)}; like River, the generator is re-seeded when the
 * detector starts afresh after a drift.
 *
 * <pre>{@code
 * Kswin kswin = new Kswin(KswinConfig.DEFAULTS);
 * DetectorState s = kswin.update(score);
 * }</pre>
 *
 * <p>O(windowSize + statSize log statSize) per update once the window is full; it allocates the
 * test's small result object. Not thread-safe: confine an instance to one thread or wrap it with
 * {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class Kswin extends AbstractDetector {
  static final String TYPE = "kswin";
  private static final double MIN_STATISTIC = 0.1;

  private final KswinConfig config;
  private final int windowSize;
  private final int statSize;
  private final double[] window;
  private final int[] pool;
  private final int[] drawn;
  private final double[] older;
  private final double[] recent;

  private int head;
  private int filled;
  private PythonRandom rng;
  private double pValue;
  private double statistic;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link KswinConfig#DEFAULTS} for River's with seed 42)
   * @throws NullPointerException if config is null
   */
  public Kswin(KswinConfig config) {
    super(TYPE, false);
    this.config = Objects.requireNonNull(config, "config");
    this.windowSize = config.windowSize();
    this.statSize = config.statSize();
    this.window = new double[windowSize];
    this.pool = new int[windowSize - statSize];
    this.drawn = new int[statSize];
    this.older = new double[statSize];
    this.recent = new double[statSize];
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public KswinConfig config() {
    return config;
  }

  /**
   * Returns the p-value of the latest test (0 before the window first fills, as River's).
   *
   * @return the p-value
   */
  public double pValue() {
    return pValue;
  }

  /**
   * Returns the Kolmogorov–Smirnov statistic of the latest test (0 before the window first fills).
   *
   * @return the statistic
   */
  public double statistic() {
    return statistic;
  }

  @Override
  DetectorState observe(double x) {
    if (filled < windowSize) {
      window[(head + filled) % windowSize] = x;
      filled++;
    } else {
      window[head] = x;
      head = (head + 1) % windowSize;
    }
    if (filled < windowSize) {
      return DetectorState.NONE;
    }
    rng.sample(windowSize - statSize, statSize, pool, drawn);
    for (int i = 0; i < statSize; i++) {
      older[i] = window[(head + drawn[i]) % windowSize];
      recent[i] = window[(head + windowSize - statSize + i) % windowSize];
    }
    Arrays.sort(older);
    Arrays.sort(recent);
    StatResult r = NumericStatistics.kolmogorovSmirnov(older, recent, KsMethod.AUTO);
    statistic = r.statistic();
    pValue = r.pValue().orElseThrow();
    return pValue <= config.alpha() && statistic > MIN_STATISTIC ? DetectorState.DRIFT : DetectorState.NONE;
  }

  @Override
  void clear() {
    head = 0;
    filled = 0;
    rng = new PythonRandom(config.seed());
    pValue = 0.0;
    statistic = 0.0;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("alpha", config.alpha());
    c.put("windowSize", windowSize);
    c.put("statSize", statSize);
    c.put("seed", config.seed());
  }

  @Override
  void writeState(ObjectNode s) {
    double[] ordered = new double[filled];
    for (int i = 0; i < filled; i++) {
      ordered[i] = window[(head + i) % windowSize];
    }
    SnapshotJson.putDoubles(s, "window", ordered, 0, filled);
    SnapshotJson.putDouble(s, "pValue", pValue);
    SnapshotJson.putDouble(s, "statistic", statistic);
    ArrayNode mt = s.putArray("rngState");
    for (int w : rng.state()) {
      mt.add(w);
    }
    s.put("rngIndex", rng.index());
  }

  static Kswin restore(JsonNode c, JsonNode s) {
    KswinConfig config;
    try {
      config = new KswinConfig(SnapshotJson.getDouble(c, "alpha"), SnapshotJson.getInt(c, "windowSize"),
          SnapshotJson.getInt(c, "statSize"), SnapshotJson.getLong(c, "seed"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    Kswin d = restoreCommon(new Kswin(config), s);
    double[] w = SnapshotJson.getDoubles(s, "window");
    if (w.length > config.windowSize() || w.length > d.count()) {
      throw SnapshotJson.badState("window", "the window holds more values than windowSize or count");
    }
    System.arraycopy(w, 0, d.window, 0, w.length);
    d.filled = w.length;
    d.head = 0;
    d.pValue = SnapshotJson.getFiniteDouble(s, "pValue");
    d.statistic = SnapshotJson.getFiniteDouble(s, "statistic");
    JsonNode mt = SnapshotJson.required(s, "rngState");
    int[] state = new int[mt.size()];
    for (int i = 0; i < state.length; i++) {
      if (!mt.get(i).isIntegralNumber() || !mt.get(i).canConvertToInt()) {
        throw SnapshotJson.badState("rngState", "'rngState' must hold 32-bit integers");
      }
      state[i] = mt.get(i).asInt();
    }
    try {
      d.rng = PythonRandom.fromState(state, SnapshotJson.getInt(s, "rngIndex"));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badState("rngState", e.getMessage());
    }
    return d;
  }
}
