package dev.mlops.core.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded shadow executor: a lock-free queue with a size cap, worker threads that poll it, and a
 * watchdog that interrupts a shadow call running past its timeout. Submitting never blocks, never
 * wakes a thread (workers back off from 50 µs to 2 ms when idle) and never throws: a full queue
 * drops the call and counts it.
 */
final class ShadowRunner<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowRunner.class);
  private static final int MAX_CATEGORIES = 100;
  private static final String OTHER = "(other)";
  private static final long MIN_IDLE_NANOS = 50_000;
  private static final long MAX_IDLE_NANOS = 2_000_000;

  private static final class Task<I, O> {
    final int shadow;
    final I input;
    final O primaryOutput;
    final String primaryVariant;
    final long decisionId;
    volatile boolean timedOut;

    Task(int shadow, I input, O primaryOutput, String primaryVariant, long decisionId) {
      this.shadow = shadow;
      this.input = input;
      this.primaryOutput = primaryOutput;
      this.primaryVariant = primaryVariant;
      this.decisionId = decisionId;
    }
  }

  private static final class Stats {
    final LongAdder submitted = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder agreements = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> primary = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> shadow = new ConcurrentHashMap<>();
  }

  private final class Worker implements Runnable {
    volatile Task<I, O> current;
    volatile long started;
    Thread thread;

    @Override
    public void run() {
      long idle = MIN_IDLE_NANOS;
      while (!closed) {
        Task<I, O> t = queue.poll();
        if (t == null) {
          LockSupport.parkNanos(this, idle);
          idle = Math.min(idle * 2, MAX_IDLE_NANOS);
          continue;
        }
        idle = MIN_IDLE_NANOS;
        execute(t);
        size.decrementAndGet();
      }
    }

    private void execute(Task<I, O> t) {
      Thread.interrupted();
      started = System.nanoTime();
      current = t;
      O out = null;
      Throwable error = null;
      try {
        out = calls[t.shadow].apply(t.input);
      } catch (RuntimeException | Error e) {
        error = e;
      }
      long took = System.nanoTime() - started;
      current = null;
      Thread.interrupted();
      record(t, out, error, took);
    }
  }

  private final String[] names;
  private final Function<? super I, ? extends O>[] calls;
  private final OutputComparator<? super O> comparator;
  private final ShadowListener<O> listener;
  private final long timeoutNanos;
  private final int capacity;
  private final ConcurrentLinkedQueue<Task<I, O>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Stats[] stats;
  private final List<Worker> workers = new ArrayList<>();
  private final Thread watchdog;
  private volatile boolean closed;

  ShadowRunner(String routerName, String[] names, Function<? super I, ? extends O>[] calls,
      OutputComparator<? super O> comparator, ShadowListener<O> listener, int threads, int capacity, long timeoutNanos) {
    this.names = names;
    this.calls = calls;
    this.comparator = comparator;
    this.listener = listener;
    this.timeoutNanos = timeoutNanos;
    this.capacity = capacity;
    this.stats = new Stats[names.length];
    for (int i = 0; i < names.length; i++) {
      stats[i] = new Stats();
    }
    for (int i = 0; i < threads; i++) {
      Worker w = new Worker();
      Thread t = new Thread(w, "mlops-shadow-" + routerName + "-" + i);
      t.setDaemon(true);
      w.thread = t;
      workers.add(w);
      t.start();
    }
    long check = Math.max(1_000_000L, Math.min(timeoutNanos / 4, 100_000_000L));
    watchdog = new Thread(() -> watch(check), "mlops-shadow-watchdog-" + routerName);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Hands one shadow call to the executor; never blocks. Returns whether it was accepted. */
  boolean submit(int shadow, I input, O primaryOutput, String primaryVariant, long decisionId) {
    Stats s = stats[shadow];
    if (closed || size.incrementAndGet() > capacity) {
      if (!closed) {
        size.decrementAndGet();
      }
      s.dropped.increment();
      return false;
    }
    s.submitted.increment();
    queue.offer(new Task<>(shadow, input, primaryOutput, primaryVariant, decisionId));
    return true;
  }

  private void watch(long checkNanos) {
    while (!closed) {
      LockSupport.parkNanos(this, checkNanos);
      long now = System.nanoTime();
      for (Worker w : workers) {
        Task<I, O> t = w.current;
        if (t != null && !t.timedOut && now - w.started > timeoutNanos) {
          t.timedOut = true;
          if (w.current == t) {
            w.thread.interrupt();
          }
        }
      }
    }
  }

  private void record(Task<I, O> t, O out, Throwable error, long took) {
    Stats s = stats[t.shadow];
    s.finished.increment();
    s.nanos.add(took);
    boolean timedOut = t.timedOut || took > timeoutNanos;
    if (timedOut) {
      s.timeouts.increment();
      out = null;
      error = null;
    } else if (error != null) {
      s.errors.increment();
    } else {
      s.completed.increment();
      try {
        if (comparator.agree(t.primaryOutput, out)) {
          s.agreements.increment();
        }
        count(s.primary, comparator.category(t.primaryOutput));
        count(s.shadow, comparator.category(out));
      } catch (RuntimeException e) {
        LOG.debug("Comparing shadow {} failed: {}", names[t.shadow], e.toString());
      }
    }
    if (listener != null) {
      try {
        listener.onShadowResult(new ShadowResult<>(t.decisionId, names[t.shadow], t.primaryVariant, t.primaryOutput,
            Optional.ofNullable(out), Optional.ofNullable(error), timedOut, took));
      } catch (RuntimeException e) {
        LOG.debug("Shadow listener failed: {}", e.toString());
      }
    }
  }

  private static void count(ConcurrentHashMap<String, LongAdder> m, String category) {
    LongAdder a = m.get(category);
    if (a == null) {
      String key = m.size() >= MAX_CATEGORIES ? OTHER : category;
      a = m.computeIfAbsent(key, k -> new LongAdder());
    }
    a.increment();
  }

  ShadowReport report(int shadow) {
    Stats s = stats[shadow];
    long finished = s.finished.sum();
    return new ShadowReport(names[shadow], s.submitted.sum(), s.dropped.sum(), s.completed.sum(), s.errors.sum(),
        s.timeouts.sum(), s.agreements.sum(), finished == 0 ? Double.NaN : s.nanos.sum() / (double) finished,
        snapshot(s.primary), snapshot(s.shadow));
  }

  private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> m) {
    Map<String, Long> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** How many calls are queued or running right now. */
  int pending() {
    return size.get();
  }

  /** Waits until the queue is empty and no worker runs a call, or the time is up. */
  boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() - deadline < 0) {
      boolean busy = size.get() > 0;
      for (Worker w : workers) {
        busy |= w.current != null;
      }
      if (!busy) {
        return true;
      }
      Thread.sleep(1);
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
    LockSupport.unpark(watchdog);
    int left = 0;
    for (Task<I, O> t; (t = queue.poll()) != null; ) {
      stats[t.shadow].dropped.increment();
      left++;
    }
    if (left > 0) {
      LOG.debug("{} queued shadow calls dropped on close", left);
    }
  }
}
