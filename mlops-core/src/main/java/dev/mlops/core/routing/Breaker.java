package dev.mlops.core.routing;

import java.util.function.LongSupplier;

/**
 * One variant's circuit breaker. The state is a volatile read on the decision path; outcomes are
 * recorded under the breaker's lock (they follow a model call, which costs far more).
 */
final class Breaker {
  static final int CLOSED = 0;
  static final int OPEN = 1;
  static final int HALF_OPEN = 2;

  private final CircuitBreakerPolicy policy;
  private final LongSupplier nanoClock;
  private final boolean[] ring;
  private int next;
  private int filled;
  private int failures;
  private volatile int state = CLOSED;
  private volatile long openUntil;
  private long opened;

  Breaker(CircuitBreakerPolicy policy, LongSupplier nanoClock) {
    this.policy = policy;
    this.nanoClock = nanoClock;
    this.ring = new boolean[policy.window()];
  }

  /** Whether traffic must go elsewhere now: open and the open time not over. Cheap when closed. */
  boolean rejects() {
    if (state == CLOSED) {
      return false;
    }
    return state == OPEN && nanoClock.getAsLong() - openUntil < 0;
  }

  synchronized void record(boolean failed) {
    if (state != CLOSED) {
      if (failed) {
        open();
      } else if (nanoClock.getAsLong() - openUntil >= 0) {
        reset();
        state = CLOSED;
      }
      return;
    }
    if (filled == ring.length) {
      if (ring[next]) {
        failures--;
      }
    } else {
      filled++;
    }
    ring[next] = failed;
    if (failed) {
      failures++;
    }
    next = (next + 1) % ring.length;
    if (filled >= policy.minimumCalls() && failures >= policy.failureRate() * filled) {
      open();
    }
  }

  private void open() {
    openUntil = nanoClock.getAsLong() + policy.openFor().toNanos();
    opened++;
    state = OPEN;
    reset();
  }

  private void reset() {
    next = 0;
    filled = 0;
    failures = 0;
  }

  BreakerState state() {
    int s = state;
    if (s == OPEN && nanoClock.getAsLong() - openUntil >= 0) {
      return BreakerState.HALF_OPEN;
    }
    return s == CLOSED ? BreakerState.CLOSED : s == OPEN ? BreakerState.OPEN : BreakerState.HALF_OPEN;
  }

  synchronized long timesOpened() {
    return opened;
  }
}
