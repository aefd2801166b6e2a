package dev.mlops.monitoring.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs alerts through SLF4J. Stateless and thread-safe. */
final class LoggingAlertListener implements AlertListener {
  static final LoggingAlertListener INSTANCE = new LoggingAlertListener();
  private static final Logger LOG = LoggerFactory.getLogger("dev.mlops.monitoring.alert");

  private LoggingAlertListener() {}

  @Override
  public void onAlert(Alert a) {
    String who = a.variant().equals(a.model()) ? a.model() : a.model() + " variant " + a.variant();
    if (a.kind() == AlertKind.RAISED) {
      LOG.warn("alert {} RAISED for {} (window {}): {}", a.rule(), who, a.windowIndex(), a.message());
    } else {
      LOG.info("alert {} resolved for {} (window {}): {}", a.rule(), who, a.windowIndex(), a.message());
    }
  }
}
