package dev.mlops.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.report.HtmlReport;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.testing.assertions.AssertionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Renders a {@link ModelTestReport} as JSON and as a self-contained HTML page (no script; every text
 * escaped), and writes both.
 *
 * <pre>{@code
 * ModelTestReports.write(report, Path.of("target/model-tests"));  // FraudModelTest.json, .html
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelTestReports {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelTestReports() {}

  /**
   * Writes {@code <suite>.json} and {@code <suite>.html} into a directory (created if needed).
   *
   * @param report the report
   * @param directory the directory
   * @return the JSON file
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Path write(ModelTestReport report, Path directory) {
    Objects.requireNonNull(report, "report");
    try {
      Files.createDirectories(directory);
      Path json = directory.resolve(report.suite() + ".json");
      Files.writeString(json, toJson(report), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(report.suite() + ".html"), toHtml(report), StandardCharsets.UTF_8);
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model test report into " + directory, e);
    }
  }

  /**
   * Renders the report as JSON: {@code schemaVersion}, {@code suite}, {@code passed}, times, the
   * tested versions, the evidence attached, and each test with its assertions, each in the registry's
   * evidence result format ({@link AssertionResult#toEvidenceResult()}: name, metric, value, lower, upper,
   * threshold, slice, passed, message; absent numbers are omitted, never NaN).
   *
   * @param report the report
   * @return the JSON text
   */
  public static String toJson(ModelTestReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", report.schemaVersion());
    root.put("suite", report.suite());
    root.put("passed", report.passed());
    root.put("startedAt", report.startedAt().toString());
    root.put("finishedAt", report.finishedAt().toString());
    ArrayNode versions = root.putArray("testedVersions");
    for (ModelTestReport.TestedVersion v : report.testedVersions()) {
      versions.addObject().put("reference", v.reference()).put("name", v.name()).put("version", v.version())
          .put("manifestDigest", v.manifestDigest());
    }
    ArrayNode evidence = root.putArray("evidence");
    for (ModelTestReport.AttachedEvidence e : report.evidence()) {
      evidence.addObject().put("reference", e.reference()).put("version", e.version())
          .put("manifestDigest", e.manifestDigest()).put("evidenceDigest", e.evidenceDigest()).put("passed", e.passed());
    }
    ArrayNode tests = root.putArray("tests");
    for (ModelTestReport.TestOutcome t : report.tests()) {
      ObjectNode node = tests.addObject().put("method", t.method()).put("displayName", t.displayName())
          .put("status", t.status());
      t.failure().ifPresent(f -> node.put("failure", f));
      ArrayNode assertions = node.putArray("assertions");
      for (AssertionResult a : t.assertions()) {
        assertions.add(assertion(a));
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON tree", e);
    }
  }

  /** An assertion in the registry's evidence result format (the fields of {@link EvidenceResult}). */
  private static ObjectNode assertion(AssertionResult a) {
    EvidenceResult r = a.toEvidenceResult();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", r.name());
    n.put("metric", r.metric());
    n.put("value", r.value());
    put(n, "lower", r.lower());
    put(n, "upper", r.upper());
    put(n, "threshold", r.threshold());
    r.slice().ifPresent(s -> n.put("slice", s));
    n.put("passed", r.passed());
    n.put("message", r.message());
    return n;
  }

  private static void put(ObjectNode n, String field, OptionalDouble value) {
    if (value.isPresent()) {
      n.put(field, value.getAsDouble());
    }
  }

  /**
   * Renders the report as an HTML page: a summary line, the tested versions, and a table of the
   * assertions of every test.
   *
   * @param report the report
   * @return the HTML text
   */
  public static String toHtml(ModelTestReport report) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model tests: ")
        .append(escape(report.suite())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
            + "vertical-align:top}.PASSED,.pass{color:#070}.FAILED,.ABORTED,.fail{color:#b00}"
            + "pre{white-space:pre-wrap;margin:0}</style></head><body>\n");
    b.append("<h1>Model tests: ").append(escape(report.suite())).append("</h1>\n<p class=\"")
        .append(report.passed() ? "pass" : "fail").append("\">").append(report.passed() ? "PASSED" : "FAILED")
        .append(" &middot; ").append(report.tests().size()).append(" tests &middot; ")
        .append(report.assertions().size()).append(" assertions &middot; ")
        .append(escape(report.startedAt().toString())).append(" to ").append(escape(report.finishedAt().toString()))
        .append("</p>\n");
    if (!report.testedVersions().isEmpty()) {
      b.append("<h2>Tested versions</h2>\n<table><tr><th>reference</th><th>version</th><th>manifest digest</th></tr>\n");
      for (ModelTestReport.TestedVersion v : report.testedVersions()) {
        b.append("<tr><td>").append(escape(v.reference())).append("</td><td>").append(escape(v.name())).append('/')
            .append(v.version()).append("</td><td><code>").append(escape(v.manifestDigest())).append("</code></td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<h2>Tests</h2>\n");
    for (ModelTestReport.TestOutcome t : report.tests()) {
      b.append("<h3 class=\"").append(escape(t.status())).append("\">").append(escape(t.status())).append(": ")
          .append(escape(t.displayName())).append("</h3>\n");
      t.failure().ifPresent(f -> b.append("<pre>").append(escape(f)).append("</pre>\n"));
      if (t.assertions().isEmpty()) {
        continue;
      }
      b.append("<table><tr><th>assertion</th><th>slice</th><th>value</th><th>interval</th><th>threshold</th>"
          + "<th>result</th></tr>\n");
      for (AssertionResult a : t.assertions()) {
        b.append("<tr><td>").append(escape(a.name())).append("</td><td>").append(escape(a.slice().orElse("all rows")))
            .append("</td><td>").append(number(a.value())).append("</td><td>");
        if (a.lower().isPresent() || a.upper().isPresent()) {
          b.append('[').append(number(a.lower())).append(", ").append(number(a.upper())).append(']');
          a.confidenceLevel().ifPresent(l -> b.append(' ').append(Math.round(l * 100)).append('%'));
        }
        b.append("</td><td>").append(number(a.threshold())).append("</td><td class=\"")
            .append(a.passed() ? "pass\">passed" : "fail\">failed").append("</td></tr>\n");
        if (!a.passed()) {
          b.append("<tr><td colspan=\"6\"><pre>").append(escape(a.message())).append("</pre></td></tr>\n");
        }
      }
      b.append("</table>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String number(OptionalDouble d) {
    return d.isPresent() ? String.format(Locale.ROOT, "%.4g", d.getAsDouble()) : "";
  }

  private static String escape(String s) {
    return HtmlReport.esc(s);
  }

}
