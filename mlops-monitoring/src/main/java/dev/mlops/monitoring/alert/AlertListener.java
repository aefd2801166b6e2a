package dev.mlops.monitoring.alert;

/**
 * Receives alerts. The monitor calls listeners on its worker thread, one alert at a time; a
 * listener that throws is logged and counted, and the others still receive the alert. Return
 * quickly (hand slow work, such as paging, to an executor of your own).
 */
@FunctionalInterface
public interface AlertListener {
  /**
   * Receives an alert.
   *
   * @param alert the alert
   */
  void onAlert(Alert alert);

  /**
   * Returns a listener that logs through SLF4J (logger {@code dev.mlops.monitoring.alert}): raised
   * alerts at WARN, resolved ones at INFO.
   *
   * @return the logging listener (stateless, thread-safe)
   */
  static AlertListener logging() {
    return LoggingAlertListener.INSTANCE;
  }
}
