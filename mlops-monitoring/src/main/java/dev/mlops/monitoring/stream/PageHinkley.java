package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The Page–Hinkley test for a change in the mean of a real-valued stream (Page 1954), as River's
 * {@code drift.PageHinkley} computes it.
 *
 * <p>With {@code x̄ₙ} the running mean, the deviation {@code dₙ = xₙ − x̄ₙ} feeds two fading sums,
 * {@code Uₙ = α·Uₙ₋₁ + dₙ − δ} (increase) and {@code Lₙ = α·Lₙ₋₁ + dₙ + δ} (decrease). After
 * {@code minInstances} observations a drift is reported when {@code Uₙ − min U > λ} (increase) or
 * {@code max L − Lₙ > λ} (decrease), as {@link PageHinkleyConfig#direction()} selects. Page–Hinkley
 * has no warning level.
 *
 * <pre>{@code
 * PageHinkley ph = new PageHinkley(PageHinkleyConfig.DEFAULTS);
 * DetectorState s = ph.update(12.5);
 * }</pre>
 *
 * <p>Differences from River, none of which changes a result: River starts the running maximum of
 * {@code L} at −1 where this class starts it at −∞; the first observation has {@code d₁ = 0}, so
 * {@code L₁ = δ ≥ 0} replaces either start value. Differences from MOA's {@code PageHinkleyDM}: MOA
 * is one-sided (use {@link ChangeDirection#INCREASE}) and allows a detection from the 29th
 * observation where River and this class wait for the 30th.
 *
 * <p>O(1) time and memory per update, no allocation. Not thread-safe: confine an instance to one
 * thread or wrap it with {@link ChangeDetectors#synchronizedDetector(ChangeDetector)}.
 */
public final class PageHinkley extends AbstractDetector {
  static final String TYPE = "page-hinkley";

  private final PageHinkleyConfig config;
  private final int minInstances;
  private final double delta;
  private final double threshold;
  private final double alpha;
  private final boolean up;
  private final boolean down;

  private long n;
  private double mean;
  private double sumIncrease;
  private double sumDecrease;
  private double minIncrease;
  private double maxDecrease;

  /**
   * Creates a detector.
   *
   * @param config the parameters ({@link PageHinkleyConfig#DEFAULTS} for River's)
   * @throws NullPointerException if config is null
   */
  public PageHinkley(PageHinkleyConfig config) {
    super(TYPE, false);
    this.config = Objects.requireNonNull(config, "config");
    this.minInstances = config.minInstances();
    this.delta = config.delta();
    this.threshold = config.threshold();
    this.alpha = config.alpha();
    this.up = config.direction() != ChangeDirection.DECREASE;
    this.down = config.direction() != ChangeDirection.INCREASE;
    clear();
  }

  /**
   * Returns the parameters.
   *
   * @return the configuration
   */
  public PageHinkleyConfig config() {
    return config;
  }

  @Override
  DetectorState observe(double value) {
    n++;
    mean += (value - mean) / n;
    double dev = value - mean;
    sumIncrease = alpha * sumIncrease + dev - delta;
    sumDecrease = alpha * sumDecrease + dev + delta;
    if (sumIncrease < minIncrease) {
      minIncrease = sumIncrease;
    }
    if (sumDecrease > maxDecrease) {
      maxDecrease = sumDecrease;
    }
    if (n >= minInstances && ((up && sumIncrease - minIncrease > threshold)
        || (down && maxDecrease - sumDecrease > threshold))) {
      return DetectorState.DRIFT;
    }
    return DetectorState.NONE;
  }

  @Override
  void clear() {
    n = 0;
    mean = 0.0;
    sumIncrease = 0.0;
    sumDecrease = 0.0;
    minIncrease = Double.POSITIVE_INFINITY;
    maxDecrease = Double.NEGATIVE_INFINITY;
  }

  /**
   * Returns the running mean of the observations since the start or the last drift.
   *
   * @return the mean, 0 before any observation
   */
  public double mean() {
    return mean;
  }

  @Override
  void writeConfig(ObjectNode c) {
    c.put("minInstances", minInstances);
    c.put("delta", delta);
    c.put("threshold", threshold);
    c.put("alpha", alpha);
    c.put("direction", config.direction().name());
  }

  @Override
  void writeState(ObjectNode s) {
    s.put("n", n);
    SnapshotJson.putDouble(s, "mean", mean);
    SnapshotJson.putDouble(s, "sumIncrease", sumIncrease);
    SnapshotJson.putDouble(s, "sumDecrease", sumDecrease);
    SnapshotJson.putDouble(s, "minIncrease", minIncrease);
    SnapshotJson.putDouble(s, "maxDecrease", maxDecrease);
  }

  static PageHinkley restore(JsonNode c, JsonNode s) {
    PageHinkleyConfig config;
    try {
      config = new PageHinkleyConfig(SnapshotJson.getInt(c, "minInstances"),
          SnapshotJson.getDouble(c, "delta"), SnapshotJson.getDouble(c, "threshold"),
          SnapshotJson.getDouble(c, "alpha"), direction(c));
    } catch (IllegalArgumentException e) {
      throw SnapshotJson.badConfig(e);
    }
    PageHinkley d = restoreCommon(new PageHinkley(config), s);
    d.n = SnapshotJson.getLong(s, "n");
    if (d.n < 0 || d.count() < d.n) {
      throw SnapshotJson.badState("n", "0 <= n <= count must hold");
    }
    d.mean = SnapshotJson.getFiniteDouble(s, "mean");
    d.sumIncrease = SnapshotJson.getFiniteDouble(s, "sumIncrease");
    d.sumDecrease = SnapshotJson.getFiniteDouble(s, "sumDecrease");
    d.minIncrease = SnapshotJson.getDouble(s, "minIncrease");
    d.maxDecrease = SnapshotJson.getDouble(s, "maxDecrease");
    return d;
  }

  static ChangeDirection direction(JsonNode c) {
    String v = SnapshotJson.getText(c, "direction");
    try {
      return ChangeDirection.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new dev.mlops.core.InvalidInputException("direction", "'direction' must be INCREASE, DECREASE or BOTH");
    }
  }
}
