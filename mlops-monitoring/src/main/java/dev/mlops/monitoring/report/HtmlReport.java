package dev.mlops.monitoring.report;

import dev.mlops.monitoring.drift.ColumnDrift;
import dev.mlops.monitoring.drift.Distribution;
import dev.mlops.monitoring.drift.DriftReport;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Renders a {@link DriftReport} as a self-contained HTML page: the dataset verdict, a summary
 * table (per column: type, status, method, statistic, p-value, threshold, verdict, sample sizes,
 * missing shares, reason), then for each column the reference and current distributions overlaid
 * as inline SVG bars (numeric: the same 20 equal-width bins; categorical: the most frequent
 * categories side by side).
 *
 * <pre>{@code
 * Path page = HtmlReport.write(report, Path.of("drift.html"));
 * }</pre>
 *
 * <p>Safety: every piece of text (column names, category labels, reasons) is HTML-escaped
 * ({@code & < > " '}), so data never becomes markup; the page has no JavaScript, no external
 * resource, and carries {@code <meta http-equiv="Content-Security-Policy" content="default-src
 * 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';
 * form-action 'none'">}. Stateless and thread-safe.
 */
public final class HtmlReport {
  /** The Content-Security-Policy the page declares. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
          + "form-action 'none'";

  private static final int W = 640;
  private static final int H = 220;
  private static final int PAD = 36;

  private HtmlReport() {}

  /**
   * Renders the page.
   *
   * @param report the report
   * @return the HTML text
   * @throws NullPointerException if report is null
   */
  public static String render(DriftReport report) {
    Objects.requireNonNull(report, "report");
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(esc(CONTENT_SECURITY_POLICY))
        .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Data drift report</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;background:#fff}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 6px;")
        .append("text-align:left;vertical-align:top}th{background:#f0f0f0}.drift{background:#fbd5d5}")
        .append(".ok{background:#d7f5dd}.verdict{font-size:20px;font-weight:600;padding:10px;display:inline-block}")
        .append("section{margin-top:2em}.ref{fill:#1f77b4;fill-opacity:.55}.cur{fill:#ff7f0e;fill-opacity:.55}")
        .append("svg text{font-size:10px;fill:#333}.note{color:#555;font-size:13px}\n</style>\n</head>\n<body>\n");
    b.append("<h1>Data drift report</h1>\n");
    b.append("<p class=\"verdict ").append(report.datasetDrift() ? "drift" : "ok").append("\">Dataset drift: ")
        .append(report.datasetDrift() ? "DETECTED" : "not detected").append(" — ").append(report.driftedColumns())
        .append(" of ").append(report.consideredColumns()).append(" columns drifted (share ")
        .append(fmt(report.driftShare())).append(", threshold ").append(fmt(report.driftShareThreshold()))
        .append(")</p>\n");
    b.append("<p class=\"note\">Reference: ").append(report.referenceRows()).append(" rows")
        .append(report.referenceFromProfile() ? " (from a profile)" : "").append("; current: ")
        .append(report.currentRows()).append(" rows; multiple-testing correction: ")
        .append(esc(report.correction().name())).append("; created ").append(esc(report.createdAt().toString()))
        .append(".</p>\n");
    if (!report.missingShareAlerts().isEmpty()) {
      b.append("<p class=\"note drift\">Missing share grew too much in: ")
          .append(esc(String.join(", ", report.missingShareAlerts()))).append("</p>\n");
    }
    b.append("<table>\n<thead><tr><th>Column</th><th>Type</th><th>Status</th><th>Method</th><th>Statistic</th>")
        .append("<th>p-value (adjusted)</th><th>Threshold</th><th>Drift</th><th>Reference n</th><th>Current n</th>")
        .append("<th>Missing ref / cur</th><th>Reason</th></tr></thead>\n<tbody>\n");
    for (ColumnDrift c : report.columns()) {
      b.append("<tr class=\"").append(c.drifted() ? "drift" : "ok").append("\"><td>").append(esc(c.name()))
          .append("</td><td>").append(esc(c.type().name().toLowerCase(Locale.ROOT))).append("</td><td>")
          .append(esc(c.status().name())).append("</td><td>")
          .append(esc(c.method().map(Enum::name).orElse("—")))
          .append(c.approximation().map(a -> " (approx. ±" + fmt(a.bound()) + " " + esc(a.quantity()) + ")")
              .orElse(""))
          .append("</td><td>").append(fmt(c.statistic())).append("</td><td>").append(fmt(c.pValue()));
      if (c.adjustedPValue().isPresent() && c.pValue().isPresent()
          && c.adjustedPValue().getAsDouble() != c.pValue().getAsDouble()) {
        b.append(" (").append(fmt(c.adjustedPValue())).append(")");
      }
      b.append("</td><td>").append(fmt(c.threshold())).append("</td><td>").append(c.drifted() ? "yes" : "no")
          .append("</td><td>").append(c.referenceCount()).append("</td><td>").append(c.currentCount())
          .append("</td><td").append(c.missing().drifted() ? " class=\"drift\"" : "").append(">")
          .append(fmt(c.missing().referenceShare())).append(" / ").append(fmt(c.missing().currentShare()))
          .append("</td><td>").append(esc(c.reason())).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    for (ColumnDrift c : report.columns()) {
      b.append("<section>\n<h2>").append(esc(c.name())).append("</h2>\n<p class=\"note\">")
          .append(esc(c.methodDetail())).append("</p>\n");
      c.distribution().ifPresent(d -> chart(b, c.name(), d));
      if (!c.newCategories().isEmpty()) {
        b.append("<p class=\"note\">Only in the current data: ")
            .append(esc(String.join(", ", c.newCategories()))).append("</p>\n");
      }
      b.append("</section>\n");
    }
    b.append("<p class=\"note\"><span style=\"color:#1f77b4\">■</span> reference "
        + "<span style=\"color:#ff7f0e\">■</span> current</p>\n</body>\n</html>\n");
    return b.toString();
  }

  /**
   * Renders the page and writes it as UTF-8, replacing the file atomically (a temporary file in the
   * same directory, fsynced and renamed over it: readers see the old page or the new one, never a
   * part). Missing parent directories are created.
   *
   * @param report the report
   * @param file the file to write
   * @return the file
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the file cannot be written; it is then unchanged
   */
  public static Path write(DriftReport report, Path file) {
    Objects.requireNonNull(file, "file");
    return Html.write(render(report), file);
  }

  private static void chart(StringBuilder b, String column, Distribution d) {
    List<Double> r = d.reference();
    List<Double> c = d.current();
    int n = r.size();
    if (n == 0) {
      return;
    }
    double top = 0;
    for (int i = 0; i < n; i++) {
      top = Math.max(top, Math.max(r.get(i), c.get(i)));
    }
    if (top <= 0) {
      top = 1;
    }
    int bottom = d.numeric() ? H - 20 : H - 60;
    int height = H;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" role=\"img\">")
        .append("<title>").append(esc("Distribution of " + column)).append("</title>");
    double slot = (double) (W - 2 * PAD) / n;
    double plot = bottom - 12;
    b.append("<line x1=\"").append(PAD).append("\" y1=\"").append(bottom).append("\" x2=\"").append(W - PAD)
        .append("\" y2=\"").append(bottom).append("\" stroke=\"#888\"/>");
    for (int i = 0; i < n; i++) {
      double x = PAD + i * slot;
      double hr = r.get(i) / top * plot;
      double hc = c.get(i) / top * plot;
      if (d.numeric()) {
        rect(b, "ref", x, bottom - hr, slot, hr);
        rect(b, "cur", x, bottom - hc, slot, hc);
      } else {
        rect(b, "ref", x + slot * 0.1, bottom - hr, slot * 0.4, hr);
        rect(b, "cur", x + slot * 0.5, bottom - hc, slot * 0.4, hc);
        double tx = x + slot / 2;
        b.append("<text x=\"").append(fmt1(tx)).append("\" y=\"").append(bottom + 10)
            .append("\" transform=\"rotate(35 ").append(fmt1(tx)).append(' ').append(bottom + 10).append(")\">")
            .append(esc(shorten(d.labels().get(i)))).append("</text>");
      }
    }
    if (d.numeric()) {
      b.append("<text x=\"").append(PAD).append("\" y=\"").append(bottom + 14).append("\">")
          .append(esc(fmt(d.edges().get(0)))).append("</text>");
      b.append("<text x=\"").append(W - PAD).append("\" y=\"").append(bottom + 14)
          .append("\" text-anchor=\"end\">").append(esc(fmt(d.edges().get(d.edges().size() - 1)))).append("</text>");
    }
    b.append("<text x=\"4\" y=\"12\">").append(esc(fmt(top))).append("</text>");
    b.append("<rect class=\"ref\" x=\"").append(W - 150).append("\" y=\"3\" width=\"10\" height=\"10\"/>")
        .append("<text x=\"").append(W - 136).append("\" y=\"12\">reference</text>")
        .append("<rect class=\"cur\" x=\"").append(W - 80).append("\" y=\"3\" width=\"10\" height=\"10\"/>")
        .append("<text x=\"").append(W - 66).append("\" y=\"12\">current</text>");
    b.append("</svg>\n");
    if (d.hiddenCategories() > 0) {
      b.append("<p class=\"note\">").append(d.hiddenCategories()).append(" less frequent categories not drawn.</p>\n");
    }
  }

  private static void rect(StringBuilder b, String cls, double x, double y, double w, double h) {
    b.append("<rect class=\"").append(cls).append("\" x=\"").append(fmt1(x)).append("\" y=\"").append(fmt1(y))
        .append("\" width=\"").append(fmt1(Math.max(w - 1, 0.5))).append("\" height=\"").append(fmt1(h))
        .append("\"/>");
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 23) + "…" : s;
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String fmt(OptionalDouble v) {
    return v.isPresent() ? fmt(v.getAsDouble()) : "—";
  }

  /**
   * Escapes text for HTML element content and attribute values.
   *
   * @param s the text
   * @return the text with {@code & < > " '} replaced by character references
   * @throws NullPointerException if s is null
   */
  public static String esc(String s) {
    return Html.esc(s);
  }
}
