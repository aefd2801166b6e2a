package dev.mlops.examples.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the quickstart's progress as plain lines ({@code [3/7] explaining ...}, then the step's time and
 * the time so far), readable in a terminal and in a CI log alike. Not thread-safe.
 */
final class Progress {
  /** One step of the quickstart. */
  interface Step {
    /** Runs the step. */
    void run() throws IOException, InterruptedException;
  }

  private final PrintStream out;
  private final int total;
  private final long started = System.nanoTime();
  private int done;

  Progress(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  /** Runs a step between a line announcing it and a line with its time. */
  void step(String what, Step step) throws IOException, InterruptedException {
    int n = ++done;
    long t0 = System.nanoTime();
    out.printf(Locale.ROOT, "[%d/%d] %s ...%n", n, total, what);
    step.run();
    out.printf(Locale.ROOT, "[%d/%d] done in %.1f s (%.1f s so far)%n", n, total, seconds(t0), seconds(started));
  }

  /** Seconds since the quickstart started. */
  double elapsed() {
    return seconds(started);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
