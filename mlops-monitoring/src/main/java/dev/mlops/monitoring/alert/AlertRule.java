package dev.mlops.monitoring.alert;

import dev.mlops.monitoring.monitor.WindowSummary;
import java.time.Duration;
import java.util.Objects;

/**
 * A rule over closed windows: a named {@link AlertSignal} with a raise threshold, a clear threshold
 * (hysteresis) and a cool-down, so a flapping signal raises one alert, not hundreds.
 *
 * <pre>{@code
 * AlertRule errors = AlertRule.builder("error-rate", w -> OptionalDouble.of(w.errorRate()))
 *     .raiseAbove(0.05)          // raise at an error rate of 5% or more
 *     .clearBelow(0.02)          // resolve only once it is under 2% again
 *     .coolDownWindows(10)       // after a raise, no new raise for 10 windows
 *     .build();
 * AlertRule accuracy = AlertRule.builder("accuracy-drop", w -> w.metric("accuracy"))
 *     .raiseBelow(0.80).clearAbove(0.85).build();   // a metric an extension adds
 * }</pre>
 *
 * <h2>States</h2>
 * Per variant a rule is <em>quiet</em> or <em>firing</em>. Quiet, a window whose signal is at or
 * past the raise threshold makes it firing and raises an {@link AlertKind#RAISED} alert, unless the
 * rule is cooling down (a previous raise less than the cool-down ago, counted in windows of the
 * variant and/or in event time): then the episode is silent (counted as suppressed) and is
 * notified on the first window after the cool-down whose signal is still past the raise threshold.
 * Firing, a window whose signal is past the clear threshold makes it quiet and, if the episode was
 * notified, sends an {@link AlertKind#RESOLVED} alert. A window without the signal, or with fewer
 * predictions than {@link Builder#minPredictions(long)}, changes nothing.
 *
 * <p>Immutable and thread-safe (given a thread-safe signal).
 */
public final class AlertRule {
  /** Which side of the thresholds is bad. */
  public enum Direction {
    /** High values are bad: raise at or above the raise threshold, clear below the clear threshold. */
    ABOVE,
    /** Low values are bad: raise at or below the raise threshold, clear above the clear threshold. */
    BELOW
  }

  private final String name;
  private final AlertSignal signal;
  private final Direction direction;
  private final double raiseAt;
  private final double clearAt;
  private final int coolDownWindows;
  private final Duration coolDown;
  private final long minPredictions;
  private final String description;

  private AlertRule(Builder b) {
    this.name = b.name;
    this.signal = b.signal;
    this.direction = b.direction;
    this.raiseAt = b.raiseAt;
    this.clearAt = b.clearAt == null ? b.raiseAt : b.clearAt;
    this.coolDownWindows = b.coolDownWindows == null ? 0 : b.coolDownWindows;
    this.coolDown = b.coolDown == null ? Duration.ZERO : b.coolDown;
    this.minPredictions = b.minPredictions == null ? 1 : b.minPredictions;
    this.description = b.description == null ? name : b.description;
  }

  /**
   * Starts a rule.
   *
   * @param name the rule's name, unique per monitor (e.g. {@code "error-rate"})
   * @param signal what the rule watches
   * @return the builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name, AlertSignal signal) {
    return new Builder(name, signal);
  }

  /**
   * Returns the rule's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the signal.
   *
   * @return the signal
   */
  public AlertSignal signal() {
    return signal;
  }

  /**
   * Returns which side is bad.
   *
   * @return the direction
   */
  public Direction direction() {
    return direction;
  }

  /**
   * Returns the raise threshold.
   *
   * @return the threshold
   */
  public double raiseAt() {
    return raiseAt;
  }

  /**
   * Returns the clear threshold (equal to the raise threshold without hysteresis).
   *
   * @return the threshold
   */
  public double clearAt() {
    return clearAt;
  }

  /**
   * Returns the cool-down in windows of the variant.
   *
   * @return windows, 0 for none
   */
  public int coolDownWindows() {
    return coolDownWindows;
  }

  /**
   * Returns the cool-down in event time.
   *
   * @return the duration, zero for none
   */
  public Duration coolDown() {
    return coolDown;
  }

  /**
   * Returns the fewest predictions a window needs for the rule to look at it.
   *
   * @return the minimum, at least 1
   */
  public long minPredictions() {
    return minPredictions;
  }

  /**
   * Returns what the signal is, in words (used in alert messages).
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  boolean raises(double v) {
    return direction == Direction.ABOVE ? v >= raiseAt : v <= raiseAt;
  }

  boolean clears(double v) {
    return direction == Direction.ABOVE ? v < clearAt : v > clearAt;
  }

  boolean applies(WindowSummary w) {
    return w.predictions() >= minPredictions;
  }

  @Override
  public String toString() {
    return "AlertRule[" + name + ", " + direction + " raise " + raiseAt + " clear " + clearAt + "]";
  }

  /**
   * Builds an {@link AlertRule}: one of {@link #raiseAbove} or {@link #raiseBelow} is required;
   * each setter may be called once. Not thread-safe; the rule it builds is.
   */
  public static final class Builder {
    private final String name;
    private final AlertSignal signal;
    private Direction direction;
    private double raiseAt;
    private Double clearAt;
    private Integer coolDownWindows;
    private Duration coolDown;
    private Long minPredictions;
    private String description;

    private Builder(String name, AlertSignal signal) {
      this.name = Objects.requireNonNull(name, "name");
      this.signal = Objects.requireNonNull(signal, "signal");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a rule name must not be blank");
      }
    }

    private static double finite(double v, String what) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(what + " must be a finite number, got " + v);
      }
      return v;
    }

    /**
     * Raises when the signal is at or above a threshold.
     *
     * @param threshold the raise threshold
     * @return this builder
     * @throws IllegalArgumentException if the threshold is not finite
     * @throws IllegalStateException if a raise threshold was already set
     */
    public Builder raiseAbove(double threshold) {
      if (direction != null) {
        throw new IllegalStateException("the raise threshold was already set");
      }
      raiseAt = finite(threshold, "the raise threshold");
      direction = Direction.ABOVE;
      return this;
    }

    /**
     * Raises when the signal is at or below a threshold.
     *
     * @param threshold the raise threshold
     * @return this builder
     * @throws IllegalArgumentException if the threshold is not finite
     * @throws IllegalStateException if a raise threshold was already set
     */
    public Builder raiseBelow(double threshold) {
      if (direction != null) {
        throw new IllegalStateException("the raise threshold was already set");
      }
      raiseAt = finite(threshold, "the raise threshold");
      direction = Direction.BELOW;
      return this;
    }

    /**
     * Clears a rule raised {@linkplain #raiseAbove above} when the signal falls below a threshold
     * (default: the raise threshold).
     *
     * @param threshold the clear threshold, at most the raise threshold
     * @return this builder
     * @throws IllegalArgumentException if the threshold is not finite or above the raise threshold
     * @throws IllegalStateException if no {@link #raiseAbove} threshold was set, or a clear threshold was
     */
    public Builder clearBelow(double threshold) {
      requireClear(Direction.ABOVE);
      if (finite(threshold, "the clear threshold") > raiseAt) {
        throw new IllegalArgumentException("the clear threshold (" + threshold + ") must not exceed the raise threshold ("
            + raiseAt + ")");
      }
      clearAt = threshold;
      return this;
    }

    /**
     * Clears a rule raised {@linkplain #raiseBelow below} when the signal rises above a threshold
     * (default: the raise threshold).
     *
     * @param threshold the clear threshold, at least the raise threshold
     * @return this builder
     * @throws IllegalArgumentException if the threshold is not finite or below the raise threshold
     * @throws IllegalStateException if no {@link #raiseBelow} threshold was set, or a clear threshold was
     */
    public Builder clearAbove(double threshold) {
      requireClear(Direction.BELOW);
      if (finite(threshold, "the clear threshold") < raiseAt) {
        throw new IllegalArgumentException("the clear threshold (" + threshold + ") must not be below the raise "
            + "threshold (" + raiseAt + ")");
      }
      clearAt = threshold;
      return this;
    }

    private void requireClear(Direction d) {
      if (direction != d) {
        throw new IllegalStateException("set the raise threshold first, with raise" + (d == Direction.ABOVE ? "Above"
            : "Below") + " for this clear threshold");
      }
      if (clearAt != null) {
        throw new IllegalStateException("the clear threshold was already set to " + clearAt);
      }
    }

    /**
     * Sets a cool-down in windows: after a raise, the rule raises again no sooner than this many
     * windows of the variant later (default 0).
     *
     * @param windows at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder coolDownWindows(int windows) {
      if (coolDownWindows != null) {
        throw new IllegalStateException("coolDownWindows was already set to " + coolDownWindows);
      }
      if (windows < 0) {
        throw new IllegalArgumentException("coolDownWindows must not be negative, got " + windows);
      }
      coolDownWindows = windows;
      return this;
    }

    /**
     * Sets a cool-down in event time: after a raise, the rule raises again no sooner than this
     * much later (measured between window ends; default zero).
     *
     * @param d the cool-down, not negative
     * @return this builder
     * @throws NullPointerException if d is null
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder coolDown(Duration d) {
      if (coolDown != null) {
        throw new IllegalStateException("coolDown was already set to " + coolDown);
      }
      if (Objects.requireNonNull(d, "d").isNegative()) {
        throw new IllegalArgumentException("coolDown must not be negative, got " + d);
      }
      coolDown = d;
      return this;
    }

    /**
     * Ignores windows with fewer predictions (default 1: only empty windows are ignored).
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder minPredictions(long n) {
      if (minPredictions != null) {
        throw new IllegalStateException("minPredictions was already set to " + minPredictions);
      }
      if (n < 1) {
        throw new IllegalArgumentException("minPredictions must be at least 1, got " + n);
      }
      minPredictions = n;
      return this;
    }

    /**
     * Describes the signal in words, for alert messages (default: the rule's name).
     *
     * @param text the description
     * @return this builder
     * @throws NullPointerException if text is null
     * @throws IllegalStateException if already set
     */
    public Builder description(String text) {
      if (description != null) {
        throw new IllegalStateException("description was already set");
      }
      description = Objects.requireNonNull(text, "text");
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalStateException if no raise threshold was set
     */
    public AlertRule build() {
      if (direction == null) {
        throw new IllegalStateException("rule '" + name + "' needs a raise threshold: call raiseAbove or raiseBelow");
      }
      return new AlertRule(this);
    }
  }
}
