package dev.mlops.testing.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects the {@link AssertionResult}s of the model assertions made on the current thread. The
 * {@link dev.mlops.testing.ModelTest} extension starts a recording around every test method; code
 * outside JUnit may do the same:
 *
 * <pre>{@code
 * try (AssertionRecorder.Recording rec = AssertionRecorder.start()) {
 *   assertThatModel(model).on(holdout, "label").accuracy().isAtLeast(0.9);
 *   rec.results();   // one result, passed
 * }
 * }</pre>
 *
 * <p>Thread-safe: each thread has its own recording. Assertions made while no recording is active on
 * their thread are not recorded (they still pass or throw).
 */
public final class AssertionRecorder {
  private static final ThreadLocal<Recording> CURRENT = new ThreadLocal<>();

  private AssertionRecorder() {}

  /**
   * Starts recording on this thread; a recording already active is suspended until this one closes.
   *
   * @return the recording; close it on the same thread
   */
  public static Recording start() {
    Recording r = new Recording(CURRENT.get());
    CURRENT.set(r);
    return r;
  }

  /** Hands a result to the active recording of this thread, if any. */
  static void record(AssertionResult result) {
    Recording r = CURRENT.get();
    if (r != null) {
      r.results.add(Objects.requireNonNull(result, "result"));
    }
  }

  /**
   * The results recorded on one thread between {@link AssertionRecorder#start()} and {@link #close()}.
   * Not thread-safe: use it on the thread that started it.
   */
  public static final class Recording implements AutoCloseable {
    private final Recording previous;
    private final List<AssertionResult> results = new ArrayList<>();

    private Recording(Recording previous) {
      this.previous = previous;
    }

    /**
     * Returns the results recorded so far, in order.
     *
     * @return an immutable copy
     */
    public List<AssertionResult> results() {
      return List.copyOf(results);
    }

    /** Stops recording and resumes the recording that was active before, if any. */
    @Override
    public void close() {
      if (CURRENT.get() == this) {
        if (previous == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }
    }
  }
}
