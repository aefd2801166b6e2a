package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Adds to a {@link PredictionMonitor}: sees every processed event and adds named metrics to each
 * closed window before the alert rules evaluate it (delayed-label performance metrics, for
 * example), and may carry state across restarts in the monitor's snapshot.
 *
 * <p>Every method is called on the monitor's single worker thread, never concurrently, so an
 * implementation needs no locking for state only these methods touch; state read from other
 * threads needs its own care. A method that throws is logged and counted ({@link
 * PredictionMonitor#extensionFailures()}); the event or window goes on without it.
 */
public interface MonitorExtension {
  /**
   * Names the extension; its key in snapshots. Distinct per monitor.
   *
   * @return the name
   */
  String name();

  /**
   * Sees one processed event, after it was logged and before it is added to its window.
   *
   * @param event the event
   */
  default void onEvent(PredictionEvent event) {}

  /**
   * Computes named metrics for a closed window; they are added to the window's {@link
   * WindowSummary#metrics()} before the alert rules run.
   *
   * @param window the closed window (with the metrics of the extensions before this one)
   * @return metrics to add; no NaN values
   */
  default Map<String, Double> onWindowClosed(WindowSummary window) {
    return Map.of();
  }

  /**
   * Returns the extension's state for the monitor's snapshot.
   *
   * @return the state, or empty when there is nothing to keep
   */
  default Optional<JsonNode> snapshot() {
    return Optional.empty();
  }

  /**
   * Restores the state a previous {@link #snapshot()} returned; called once, before the first
   * event, when the monitor is built from a snapshot holding state under this extension's name.
   *
   * @param state the state
   */
  default void restore(JsonNode state) {}
}
