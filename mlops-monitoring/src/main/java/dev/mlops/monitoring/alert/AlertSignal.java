package dev.mlops.monitoring.alert;

import dev.mlops.monitoring.monitor.WindowSummary;
import java.util.OptionalDouble;

/**
 * The number an {@link AlertRule} watches, measured on each closed window: a drift share, an error
 * rate, a latency percentile, a metric an extension added. Implementations are called on the
 * monitor's worker thread and should be stateless functions of the window.
 */
@FunctionalInterface
public interface AlertSignal {
  /**
   * Measures the signal on a window.
   *
   * @param window the closed window
   * @return the value, or empty when the window does not carry it (the rule's state then stays as
   *     it is); never NaN
   */
  OptionalDouble measure(WindowSummary window);
}
