/**
 * HTML reports, each one self-contained file (inline SVG charts, no JavaScript, a restrictive
 * Content-Security-Policy, every text escaped), written atomically:
 * {@link dev.mlops.monitoring.report.HtmlReport} renders a drift report,
 * {@link dev.mlops.monitoring.report.ExperimentHtmlReport} an A/B experiment's summary (and a canary's
 * events).
 */
package dev.mlops.monitoring.report;
