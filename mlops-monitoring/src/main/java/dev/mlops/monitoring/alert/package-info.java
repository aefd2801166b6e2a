/**
 * Alert rules over closed monitoring windows, with hysteresis and cool-down, and the listeners
 * that receive the alerts.
 */
package dev.mlops.monitoring.alert;
