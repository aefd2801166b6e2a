package dev.mlops.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An {@link AlertSignal} with state of its own (a streaming change detector fed one value per
 * window, say), which the {@link AlertEvaluator} carries in its snapshot so that a restored monitor
 * continues exactly. Called only on the monitor's worker thread.
 */
public interface StatefulSignal extends AlertSignal {
  /**
   * Returns the signal's state.
   *
   * @return the state as JSON
   */
  JsonNode snapshot();

  /**
   * Replaces the signal's state with one {@link #snapshot()} returned.
   *
   * @param state the state
   * @throws IllegalArgumentException if the state is not one this signal wrote
   */
  void restore(JsonNode state);
}
