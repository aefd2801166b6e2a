package dev.mlops.monitoring.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a monitor cuts its stream into windows: by count (every {@code size} predictions of a
 * variant) or by time (every {@code size} of event time), tumbling ({@code step == size}) or
 * sliding ({@code step < size}, a window closing every {@code step}; {@code size} must be a
 * multiple of {@code step}).
 *
 * <pre>{@code
 * WindowSpec.tumblingCount(10_000);                                   // windows of 10,000 predictions
 * WindowSpec.slidingCount(10_000, 2_000);                             // the last 10,000, every 2,000
 * WindowSpec.tumblingTime(Duration.ofMinutes(5));                     // 5-minute windows
 * WindowSpec.slidingTime(Duration.ofHours(1), Duration.ofMinutes(5));  // the last hour, every 5 minutes
 * }</pre>
 *
 * <p>Time windows are aligned to the epoch and assigned by the event's timestamp (the monitor's
 * clock when the prediction was recorded); an event older than the window in progress (a thread
 * that recorded late) counts in the window in progress. A time window closes when an event of a
 * later window arrives, or when the worker is idle and its clock passed the window's end. Windows
 * without any event are not reported.
 *
 * <p>Immutable and thread-safe.
 *
 * @param byTime whether windows are by time (else by count)
 * @param size the window's size: predictions, or milliseconds
 * @param step how far consecutive windows are apart, in the same unit; {@code size} is a multiple
 */
public record WindowSpec(boolean byTime, long size, long step) {
  /**
   * Validates the spec.
   *
   * @param byTime whether windows are by time (else by count)
   * @param size the window's size: predictions, or milliseconds
   * @param step how far consecutive windows are apart, in the same unit
   * @throws IllegalArgumentException if size or step is not positive, step exceeds size, or size
   *     is not a multiple of step
   */
  public WindowSpec {
    if (size <= 0 || step <= 0) {
      throw new IllegalArgumentException("window size and step must be positive, got " + size + " and " + step);
    }
    if (step > size || size % step != 0) {
      throw new IllegalArgumentException("the window size (" + size + ") must be a multiple of the step (" + step
          + ") and at least the step");
    }
    if (size / step > 1024) {
      throw new IllegalArgumentException("a window spans at most 1024 steps; got " + size / step);
    }
  }

  /**
   * Tumbling windows of a number of predictions.
   *
   * @param size predictions per window, at least 1
   * @return the spec
   * @throws IllegalArgumentException if size is not positive
   */
  public static WindowSpec tumblingCount(long size) {
    return new WindowSpec(false, size, size);
  }

  /**
   * Sliding windows of the last {@code size} predictions, one closing every {@code step}.
   *
   * @param size predictions per window
   * @param step predictions between closings; size is a multiple of step
   * @return the spec
   * @throws IllegalArgumentException if the numbers are not valid
   */
  public static WindowSpec slidingCount(long size, long step) {
    return new WindowSpec(false, size, step);
  }

  /**
   * Tumbling windows of a length of event time.
   *
   * @param length the window length, at least 1 ms
   * @return the spec
   * @throws NullPointerException if length is null
   * @throws IllegalArgumentException if the length is below 1 ms
   */
  public static WindowSpec tumblingTime(Duration length) {
    long ms = Objects.requireNonNull(length, "length").toMillis();
    return new WindowSpec(true, ms, ms);
  }

  /**
   * Sliding windows of a length of event time, one closing every {@code step}.
   *
   * @param length the window length
   * @param step the time between closings; the length is a multiple of it
   * @return the spec
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the durations are not valid
   */
  public static WindowSpec slidingTime(Duration length, Duration step) {
    return new WindowSpec(true, Objects.requireNonNull(length, "length").toMillis(),
        Objects.requireNonNull(step, "step").toMillis());
  }

  /**
   * Tells whether windows overlap.
   *
   * @return true for sliding windows
   */
  public boolean sliding() {
    return step < size;
  }

  int panes() {
    return (int) (size / step);
  }
}
