/**
 * Reports: {@link dev.mlops.monitoring.report.HtmlReport} renders a drift report as one
 * self-contained HTML file (inline SVG charts, no JavaScript, a restrictive Content-Security-Policy,
 * every text escaped).
 */
package dev.mlops.monitoring.report;
