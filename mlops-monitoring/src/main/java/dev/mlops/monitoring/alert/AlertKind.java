package dev.mlops.monitoring.alert;

/** Whether an alert starts or ends. */
public enum AlertKind {
  /** The signal crossed the rule's raise threshold (and no cool-down held the alert back). */
  RAISED,
  /** The signal of a raised alert crossed back past the rule's clear threshold. */
  RESOLVED
}
