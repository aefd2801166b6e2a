package dev.mlops.monitoring.monitor;

/**
 * Receives each closed window, after the alert rules evaluated it. Called on the monitor's worker
 * thread, one window at a time; a listener that throws is logged and counted ({@link
 * PredictionMonitor#listenerFailures()}). Implementations should return quickly: the worker
 * processes no events meanwhile.
 */
@FunctionalInterface
public interface WindowListener {
  /**
   * Receives a closed window.
   *
   * @param window the window's summary
   */
  void onWindow(WindowSummary window);
}
