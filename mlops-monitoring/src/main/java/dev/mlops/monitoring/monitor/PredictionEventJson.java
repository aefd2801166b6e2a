package dev.mlops.monitoring.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.model.Prediction;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One event as one JSON object (the prediction log's line format). Stateless and thread-safe. */
final class PredictionEventJson {
  static final int SCHEMA_VERSION = 1;

  private PredictionEventJson() {}

  static void write(JsonFactory factory, PredictionEvent e, OutputStream out) throws IOException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeNumberField("v", SCHEMA_VERSION);
      g.writeNumberField("id", e.id());
      if (e.externalId().isPresent()) {
        g.writeStringField("externalId", e.externalId().get());
      }
      g.writeStringField("ts", Instant.ofEpochMilli(e.timestampMillis()).toString());
      g.writeStringField("model", e.model());
      g.writeStringField("variant", e.variant());
      g.writeNumberField("latencyNanos", e.latencyNanos());
      Prediction p = e.rawOutput();
      if (p instanceof Prediction.Classification c) {
        g.writeObjectFieldStart("output");
        g.writeStringField("label", c.label());
        g.writeObjectFieldStart("scores");
        for (Map.Entry<String, Double> s : c.scores().entrySet()) {
          writeDouble(g, s.getKey(), s.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      } else if (p instanceof Prediction.Regression r) {
        g.writeObjectFieldStart("output");
        g.writeObjectFieldStart("values");
        for (Map.Entry<String, Double> s : r.values().entrySet()) {
          writeDouble(g, s.getKey(), s.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      if (e.isError()) {
        g.writeStringField("error", e.error().get());
      }
      Map<String, ?> f = e.rawFeatures();
      if (f != null) {
        g.writeObjectFieldStart("features");
        for (Map.Entry<String, ?> x : f.entrySet()) {
          Object v = x.getValue();
          if (v == null) {
            g.writeNullField(x.getKey());
          } else if (v instanceof Number n) {
            writeDouble(g, x.getKey(), n.doubleValue());
          } else if (v instanceof Boolean b) {
            g.writeBooleanField(x.getKey(), b);
          } else {
            g.writeStringField(x.getKey(), v.toString());
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private static void writeDouble(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(name, v);
    } else {
      g.writeNullField(name);   // NaN and infinities: missing
    }
  }

  static PredictionEvent read(JsonNode n) {
    if (!n.isObject() || !n.has("id") || !n.has("ts") || !n.has("model") || !n.has("variant")) {
      throw new IllegalArgumentException("not a prediction event (id, ts, model and variant are required)");
    }
    Optional<Prediction> output = Optional.empty();
    JsonNode o = n.get("output");
    if (o != null && o.has("label")) {
      output = Optional.of(new Prediction.Classification(o.get("label").asText(), doubles(o.path("scores"))));
    } else if (o != null && o.has("values")) {
      output = Optional.of(new Prediction.Regression(doubles(o.get("values"))));
    }
    Optional<Map<String, ?>> features = Optional.empty();
    JsonNode f = n.get("features");
    if (f != null && f.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        m.put(e.getKey(), v.isNull() ? null : v.isNumber() ? (Object) v.asDouble() : v.isBoolean()
            ? (Object) v.asBoolean() : v.asText());
      }
      features = Optional.of(m);
    }
    Optional<String> error = n.has("error") ? Optional.of(n.get("error").asText()) : Optional.empty();
    return PredictionEvent.of(n.get("id").asLong(),
        n.has("externalId") ? Optional.of(n.get("externalId").asText()) : Optional.empty(),
        Instant.parse(n.get("ts").asText()), n.get("model").asText(), n.get("variant").asText(), features, output,
        error, n.path("latencyNanos").asLong());
  }

  private static Map<String, Double> doubles(JsonNode o) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
    }
    return m;
  }
}
