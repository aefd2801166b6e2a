package dev.mlops.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand (UTC). Thread-safe. */
public final class ManualClock extends Clock {
  private volatile Instant now;

  /** Starts at 2026-11-22T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-11-22T00:00:00Z"));
  }

  /**
   * Starts at a given instant.
   *
   * @param start the first reading
   */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
