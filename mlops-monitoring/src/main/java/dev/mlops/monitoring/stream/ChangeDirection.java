package dev.mlops.monitoring.stream;

/**
 * Which changes of the mean a cumulative-sum detector ({@link PageHinkley}, {@link Cusum}) reports.
 * Immutable and thread-safe.
 */
public enum ChangeDirection {
  /** Only increases (River's {@code mode="up"}; MOA's Page–Hinkley and CUSUM are one-sided up). */
  INCREASE,
  /** Only decreases (River's {@code mode="down"}). */
  DECREASE,
  /** Increases and decreases (River's {@code mode="both"}, its default). */
  BOTH
}
