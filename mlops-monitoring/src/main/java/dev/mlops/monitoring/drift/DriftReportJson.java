package dev.mlops.monitoring.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.monitoring.frame.ColumnType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes a {@link DriftReport} as JSON and reads it back.
 *
 * <p>The document carries {@code schemaVersion} ({@value DriftReport#SCHEMA_VERSION}); absent
 * optional numbers are absent fields (never NaN or null); unknown fields are ignored on read.
 * Infinite statistics (a chi-square with an expected count of 0) are written as the strings
 * {@code "Infinity"} and {@code "-Infinity"}. Stateless and thread-safe.
 */
public final class DriftReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DriftReportJson() {}

  /**
   * Writes a report as pretty-printed JSON.
   *
   * @param report the report
   * @return the JSON text
   * @throws NullPointerException if report is null
   */
  public static String write(DriftReport report) {
    Objects.requireNonNull(report, "report");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", report.schemaVersion());
    root.put("kind", "mlops-drift-report");
    root.put("createdAt", report.createdAt().toString());
    root.put("referenceRows", report.referenceRows());
    root.put("currentRows", report.currentRows());
    root.put("referenceFromProfile", report.referenceFromProfile());
    root.put("correction", report.correction().name());
    root.put("driftShareThreshold", report.driftShareThreshold());
    root.put("consideredColumns", report.consideredColumns());
    root.put("driftedColumns", report.driftedColumns());
    root.put("driftShare", report.driftShare());
    root.put("datasetDrift", report.datasetDrift());
    ArrayNode alerts = root.putArray("missingShareAlerts");
    report.missingShareAlerts().forEach(alerts::add);
    ArrayNode cols = root.putArray("columns");
    for (ColumnDrift c : report.columns()) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.put("type", c.type().name());
      o.put("status", c.status().name());
      c.method().ifPresent(m -> o.put("method", m.name()));
      o.put("methodDetail", c.methodDetail());
      o.put("reason", c.reason());
      number(o, "statistic", c.statistic());
      number(o, "pValue", c.pValue());
      number(o, "adjustedPValue", c.adjustedPValue());
      number(o, "threshold", c.threshold());
      number(o, "score", c.score());
      o.put("drifted", c.drifted());
      o.put("referenceCount", c.referenceCount());
      o.put("currentCount", c.currentCount());
      ObjectNode m = o.putObject("missing");
      m.put("referenceShare", c.missing().referenceShare());
      m.put("currentShare", c.missing().currentShare());
      m.put("maxIncrease", c.missing().maxIncrease());
      m.put("drifted", c.missing().drifted());
      c.approximation().ifPresent(a -> o.putObject("approximation").put("quantity", a.quantity())
          .put("bound", a.bound()).put("rankError", a.rankError()));
      ArrayNode nc = o.putArray("newCategories");
      c.newCategories().forEach(nc::add);
      c.distribution().ifPresent(d -> {
        ObjectNode dn = o.putObject("distribution");
        ArrayNode e = dn.putArray("edges");
        d.edges().forEach(e::add);
        ArrayNode l = dn.putArray("labels");
        d.labels().forEach(l::add);
        ArrayNode r = dn.putArray("reference");
        d.reference().forEach(r::add);
        ArrayNode cu = dn.putArray("current");
        d.current().forEach(cu::add);
        dn.put("hiddenCategories", d.hiddenCategories());
      });
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MlopsException("cannot write the report as JSON", e);
    }
  }

  private static void number(ObjectNode o, String field, OptionalDouble v) {
    if (v.isPresent()) {
      double d = v.getAsDouble();
      if (Double.isInfinite(d)) {
        o.put(field, d > 0 ? "Infinity" : "-Infinity");
      } else {
        o.put(field, d);
      }
    }
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param json the JSON text
   * @return the report
   * @throws NullPointerException if json is null
   * @throws InvalidInputException if the text is not a drift report of a known schema version
   */
  public static DriftReport read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("json", "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("json", "a drift report is a JSON object");
    }
    if (req(root, "schemaVersion").asInt(-1) != DriftReport.SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "schema version " + root.get("schemaVersion")
          + " is not supported; this library reads version " + DriftReport.SCHEMA_VERSION);
    }
    try {
      List<ColumnDrift> cols = new ArrayList<>();
      for (JsonNode o : req(root, "columns")) {
        JsonNode m = req(o, "missing");
        Optional<Approximation> approx = o.has("approximation")
            ? Optional.of(new Approximation(req(o.get("approximation"), "quantity").asText(),
                req(o.get("approximation"), "bound").asDouble(), req(o.get("approximation"), "rankError").asDouble()))
            : Optional.empty();
        Optional<Distribution> dist = Optional.empty();
        if (o.has("distribution")) {
          JsonNode d = o.get("distribution");
          dist = Optional.of(new Distribution(doubles(req(d, "edges")), strings(req(d, "labels")),
              doubles(req(d, "reference")), doubles(req(d, "current")), req(d, "hiddenCategories").asInt()));
        }
        cols.add(new ColumnDrift(req(o, "name").asText(), ColumnType.valueOf(req(o, "type").asText()),
            ColumnStatus.valueOf(req(o, "status").asText()),
            o.has("method") ? Optional.of(DriftMethod.valueOf(o.get("method").asText())) : Optional.empty(),
            req(o, "methodDetail").asText(), req(o, "reason").asText(), number(o, "statistic"), number(o, "pValue"),
            number(o, "adjustedPValue"), number(o, "threshold"), number(o, "score"), req(o, "drifted").asBoolean(),
            req(o, "referenceCount").asLong(), req(o, "currentCount").asLong(),
            new MissingCheck(req(m, "referenceShare").asDouble(), req(m, "currentShare").asDouble(),
                req(m, "maxIncrease").asDouble(), req(m, "drifted").asBoolean()),
            approx, strings(req(o, "newCategories")), dist));
      }
      return new DriftReport(DriftReport.SCHEMA_VERSION, Instant.parse(req(root, "createdAt").asText()),
          req(root, "referenceRows").asLong(), req(root, "currentRows").asLong(),
          req(root, "referenceFromProfile").asBoolean(), Correction.valueOf(req(root, "correction").asText()),
          req(root, "driftShareThreshold").asDouble(), cols, req(root, "consideredColumns").asInt(),
          req(root, "driftedColumns").asInt(), req(root, "driftShare").asDouble(),
          req(root, "datasetDrift").asBoolean(), strings(req(root, "missingShareAlerts")));
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException("json", "not a valid drift report (" + e.getMessage() + ")");
    }
  }

  private static JsonNode req(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(field, "the field '" + field + "' is missing");
    }
    return v;
  }

  private static OptionalDouble number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return OptionalDouble.empty();
    }
    if (v.isTextual()) {
      return OptionalDouble.of("-Infinity".equals(v.asText()) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    return OptionalDouble.of(v.asDouble());
  }

  private static List<Double> doubles(JsonNode a) {
    List<Double> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asDouble()));
    return out;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
