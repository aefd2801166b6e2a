package dev.mlops.registry.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.explain.ExplanationHtml;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Renders a model card's JSON document as one self-contained HTML page; every value is escaped. */
final class ModelCardHtml {
  private static final String CSS = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1000px;color:#1f2933;"
          + "background:#fff;line-height:1.45;padding:0 1rem}",
      "h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem;"
          + "margin-top:2rem;color:#0b3d6b}",
      ".digest{font-family:ui-monospace,monospace;font-size:.8rem;color:#52606d;word-break:break-all}",
      "table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}",
      "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}",
      "th{background:#eef2f7}tr:nth-child(even) td{background:#f8fafc}",
      ".pass{background:#d1f5d3;color:#0f5132;font-weight:600;padding:.1rem .45rem;border-radius:.4rem}",
      ".fail{background:#fde2e1;color:#842029;font-weight:600;padding:.1rem .45rem;border-radius:.4rem}",
      ".alias{background:#dbe9ff;color:#0b3d6b;padding:.1rem .45rem;border-radius:.4rem;margin-right:.3rem}",
      ".bar{background:#e4e7eb;height:.8rem;border-radius:.2rem;min-width:8rem;position:relative}",
      ".bar span{display:block;height:100%;background:#3b82f6;border-radius:.2rem}",
      ".user{white-space:pre-wrap;background:#fffbea;border-left:4px solid #f0b429;padding:.5rem .8rem}",
      ".missing{color:#9aa5b1;font-style:italic}");

  private ModelCardHtml() {}

  static String render(JsonNode card) {
    JsonNode m = card.path("model");
    String id = m.path("name").asText() + "/" + m.path("version").asText();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(esc("default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:"))
        .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Model card: ")
        .append(esc(id)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
    h.append("<h1>Model card: ").append(esc(id)).append("</h1>\n<p class=\"digest\">").append(esc(m.path("manifestDigest").asText()))
        .append("</p>\n<p>");
    for (JsonNode a : m.path("aliases")) {
      h.append("<span class=\"alias\">@").append(esc(a.asText())).append("</span>");
    }
    h.append(" Status: <b>").append(esc(m.path("status").asText())).append("</b>");
    if (!m.path("statusReason").asText().isEmpty()) {
      h.append(" (").append(esc(m.path("statusReason").asText())).append(")");
    }
    h.append(". Format ").append(esc(m.path("format").asText())).append(", registered ")
        .append(esc(m.path("registeredAt").asText())).append(" by ").append(esc(m.path("registeredBy").asText()))
        .append(". Card generated ").append(esc(card.path("generatedAt").asText())).append(".</p>\n");
    if (!m.path("description").asText().isEmpty()) {
      h.append("<p>").append(esc(m.path("description").asText())).append("</p>\n");
    }

    h.append("<h2>Owners</h2>\n");
    if (card.path("owners").isEmpty()) {
      h.append("<p class=\"missing\">Not provided.</p>\n");
    } else {
      h.append("<ul>");
      card.path("owners").forEach(o -> h.append("<li>").append(esc(o.asText())).append("</li>"));
      h.append("</ul>\n");
    }
    userText(h, "Intended use", card.path("intendedUse").asText());
    userText(h, "Limitations", card.path("limitations").asText());

    evidence(h, card.path("evidence"));
    topFeatures(h, card.path("topFeatures"));
    training(h, card.path("training"));

    h.append("<h2>Lineage</h2>\n<table><tbody>");
    JsonNode l = card.path("lineage");
    row(h, "Training run", l.path("runId").isNull() ? "none recorded" : l.path("runId").asText());
    row(h, "Parent versions", join(l.path("parents")));
    row(h, "Data set digests", join(l.path("datasets")));
    h.append("</tbody></table>\n");

    h.append("<h2>Approvals</h2>\n");
    if (card.path("approvals").isEmpty()) {
      h.append("<p class=\"missing\">No approval recorded.</p>\n");
    } else {
      h.append("<table><thead><tr><th>Approver</th><th>When</th><th>Comment</th></tr></thead><tbody>");
      for (JsonNode a : card.path("approvals")) {
        h.append("<tr><td>").append(esc(a.path("approver").asText())).append("</td><td>").append(esc(a.path("at").asText()))
            .append("</td><td>").append(esc(a.path("comment").asText())).append("</td></tr>");
      }
      h.append("</tbody></table>\n");
    }

    h.append("<h2>Signature</h2>\n");
    JsonNode sig = m.path("signature");
    if (sig.isNull() || sig.isMissingNode()) {
      h.append("<p class=\"missing\">No signature recorded.</p>\n");
    } else {
      h.append("<table><thead><tr><th>Input</th><th>Type</th></tr></thead><tbody>");
      for (JsonNode f : sig.path("inputs")) {
        h.append("<tr><td>").append(esc(f.path("name").asText())).append("</td><td>").append(esc(f.path("type").asText()))
            .append("</td></tr>");
      }
      h.append("</tbody></table>\n<p>Output: ").append(esc(sig.path("outputKind").asText())).append(" ")
          .append(esc(join(sig.path("outputNames")))).append("</p>\n");
    }
    table(h, "Tags", m.path("tags"));
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void userText(StringBuilder h, String title, String text) {
    h.append("<h2>").append(esc(title)).append("</h2>\n");
    if (text.isEmpty()) {
      h.append("<p class=\"missing\">Not provided.</p>\n");
    } else {
      h.append("<div class=\"user\">").append(esc(text)).append("</div>\n");
    }
  }

  private static void evidence(StringBuilder h, JsonNode evidence) {
    h.append("<h2>Evidence</h2>\n");
    if (evidence.isEmpty()) {
      h.append("<p class=\"missing\">No evidence attached.</p>\n");
      return;
    }
    h.append("<table><thead><tr><th>Suite</th><th>Kind</th><th>Result</th><th>Ran</th><th>Attached by</th>"
        + "<th>Document</th></tr></thead><tbody>");
    for (JsonNode e : evidence) {
      h.append("<tr><td>").append(esc(e.path("suite").asText())).append("</td><td>").append(esc(e.path("kind").asText()))
          .append("</td><td>").append(badge(e.path("passed").asBoolean())).append("</td><td>")
          .append(esc(e.path("createdAt").asText())).append("</td><td>").append(esc(e.path("attachedBy").asText()))
          .append("</td><td class=\"digest\">").append(esc(e.path("digest").asText())).append("</td></tr>");
    }
    h.append("</tbody></table>\n");
    results(h, evidence, "metric", "Metrics");
    results(h, evidence, "slice", "Slices");
    results(h, evidence, "fairness", "Fairness");
  }

  private static void results(StringBuilder h, JsonNode evidence, String section, String title) {
    StringBuilder rows = new StringBuilder();
    for (JsonNode e : evidence) {
      for (JsonNode r : e.path("results")) {
        if (!section.equals(r.path("section").asText())) {
          continue;
        }
        rows.append("<tr><td>").append(esc(e.path("suite").asText())).append("</td><td>").append(esc(r.path("name").asText()))
            .append("</td><td>").append(esc(r.path("metric").asText())).append("</td><td>")
            .append(esc(r.path("slice").asText("all rows"))).append("</td><td>").append(num(r.path("value")))
            .append("</td><td>");
        if (r.has("lower")) {
          rows.append("[").append(num(r.path("lower"))).append(", ").append(num(r.path("upper"))).append("]");
        }
        rows.append("</td><td>").append(r.has("threshold") ? num(r.path("threshold")) : "").append("</td><td>")
            .append(badge(r.path("passed").asBoolean())).append("</td><td>").append(esc(r.path("message").asText()))
            .append("</td></tr>");
      }
    }
    if (rows.length() > 0) {
      h.append("<h3>").append(esc(title)).append("</h3>\n<table><thead><tr><th>Suite</th><th>Check</th><th>Metric</th>"
          + "<th>Slice</th><th>Value</th><th>95% interval</th><th>Threshold</th><th>Result</th><th>Message</th></tr>"
          + "</thead><tbody>").append(rows).append("</tbody></table>\n");
    }
  }

  private static void topFeatures(StringBuilder h, JsonNode top) {
    h.append("<h2>Top features</h2>\n");
    if (top.isNull() || top.isMissingNode()) {
      h.append("<p class=\"missing\">No feature importance given.</p>\n");
      return;
    }
    double max = 0;
    for (JsonNode f : top.path("features")) {
      max = Math.max(max, Math.abs(f.path("importance").asDouble()));
    }
    h.append("<p>").append(esc(top.path("method").asText().replace('_', ' '))).append(" (").append(esc(top.path("measure").asText()))
        .append(", ").append(top.path("repeats").asInt()).append(" repeats)</p>\n<table><thead><tr><th>Feature</th>"
            + "<th>Importance</th><th>95% interval</th><th></th></tr></thead><tbody>");
    for (JsonNode f : top.path("features")) {
      double share = max > 0 ? Math.abs(f.path("importance").asDouble()) / max : 0;
      h.append("<tr><td>").append(esc(f.path("name").asText())).append("</td><td>").append(num(f.path("importance")))
          .append("</td><td>[").append(num(f.path("lower"))).append(", ").append(num(f.path("upper")))
          .append("]</td><td><div class=\"bar\"><span style=\"width:")
          .append(String.format(Locale.ROOT, "%.1f", 100 * share)).append("%\"></span></div></td></tr>");
    }
    h.append("</tbody></table>\n");
  }

  private static void training(StringBuilder h, JsonNode t) {
    h.append("<h2>Training</h2>\n");
    if (t.isNull() || t.isMissingNode()) {
      h.append("<p class=\"missing\">No training run recorded for this version.</p>\n");
      return;
    }
    h.append("<table><tbody>");
    row(h, "Run", t.path("runId").asText());
    row(h, "Experiment", t.path("experiment").asText());
    row(h, "Status", t.path("status").asText());
    row(h, "Started", t.path("startedAt").asText());
    row(h, "Ended", t.path("endedAt").asText(""));
    h.append("</tbody></table>\n");
    if (!t.path("datasets").isEmpty()) {
      h.append("<h3>Data</h3>\n<table><thead><tr><th>Role</th><th>Source</th><th>Rows</th><th>Digest</th></tr></thead><tbody>");
      for (JsonNode d : t.path("datasets")) {
        h.append("<tr><td>").append(esc(d.path("role").asText())).append("</td><td>").append(esc(d.path("source").asText()))
            .append("</td><td>").append(d.path("rowCount").asLong() < 0 ? "unknown" : String.valueOf(d.path("rowCount").asLong()))
            .append("</td><td class=\"digest\">").append(esc(d.path("digest").asText())).append("</td></tr>");
      }
      h.append("</tbody></table>\n");
    }
    table(h, "Parameters", t.path("params"));
    table(h, "Metrics", t.path("metrics"));
    table(h, "Seeds", t.path("seeds"));
    table(h, "Environment", t.path("environment"));
    if (!t.path("provenance").isEmpty()) {
      h.append("<details><summary>Tribuo provenance (").append(t.path("provenance").size()).append(" entries)</summary>\n");
      table(h, null, t.path("provenance"));
      h.append("</details>\n");
    }
  }

  private static void table(StringBuilder h, String title, JsonNode map) {
    if (map == null || !map.isObject() || map.isEmpty()) {
      return;
    }
    if (title != null) {
      h.append("<h3>").append(esc(title)).append("</h3>\n");
    }
    h.append("<table><tbody>");
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      row(h, e.getKey(), e.getValue().isNumber() ? num(e.getValue()) : e.getValue().asText());
    }
    h.append("</tbody></table>\n");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
  }

  private static String join(JsonNode array) {
    StringBuilder b = new StringBuilder();
    for (JsonNode n : array) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(n.asText());
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String badge(boolean passed) {
    return passed ? "<span class=\"pass\">passed</span>" : "<span class=\"fail\">failed</span>";
  }

  private static String num(JsonNode n) {
    if (n.isIntegralNumber()) {
      return String.valueOf(n.asLong());
    }
    double v = n.asDouble();
    if (v == 0) {
      return "0";
    }
    return esc(Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String.format(Locale.ROOT, "%.4f", v) : String.valueOf(v));
  }

  /** Escapes text for HTML element content and quoted attribute values (the core's escaping). */
  private static String esc(String s) {
    return ExplanationHtml.escape(s);
  }
}
