package dev.mlops.registry.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.json.CanonicalJson;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Explicit JSON mapping of {@link Evidence}: no reflection, every field checked on read. */
final class EvidenceJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private EvidenceJson() {}

  static byte[] write(Evidence e) {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", e.schemaVersion());
    root.put("kind", e.kind());
    root.put("suite", e.suite());
    ObjectNode subject = root.putObject("subject");
    subject.put("name", e.subject().name());
    subject.put("version", e.subject().version());
    subject.put("manifestDigest", e.manifestDigest().toString());
    root.put("passed", e.passed());
    root.put("createdAt", e.createdAt().toString());
    ArrayNode results = root.putArray("results");
    for (EvidenceResult r : e.results()) {
      ObjectNode o = results.addObject();
      o.put("name", r.name());
      o.put("metric", r.metric());
      o.put("value", r.value());
      r.lower().ifPresent(v -> o.put("lower", v));
      r.upper().ifPresent(v -> o.put("upper", v));
      r.threshold().ifPresent(v -> o.put("threshold", v));
      r.slice().ifPresent(s -> o.put("slice", s));
      o.put("passed", r.passed());
      o.put("message", r.message());
    }
    ArrayNode attachments = root.putArray("attachments");
    for (EvidenceAttachment a : e.attachments()) {
      attachments.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("digest", a.digest().toString())
          .put("size", a.size());
    }
    ObjectNode props = root.putObject("properties");
    e.properties().forEach(props::put);
    return CanonicalJson.canonicalize(root);
  }

  static Evidence read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException ex) {
      throw new InvalidInputException("evidence", "The evidence document is not valid JSON.");
    } catch (IOException ex) {
      throw new InvalidInputException("evidence", "The evidence document cannot be read: " + ex.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("evidence", "The evidence document is not a JSON object.");
    }
    JsonNode subject = field(root, "subject");
    List<EvidenceResult> results = new ArrayList<>();
    for (JsonNode r : array(root, "results")) {
      results.add(new EvidenceResult(text(r, "name"), text(r, "metric"), number(r, "value"), optionalNumber(r, "lower"),
          optionalNumber(r, "upper"), optionalNumber(r, "threshold"),
          r.hasNonNull("slice") ? Optional.of(text(r, "slice")) : Optional.empty(), bool(r, "passed"),
          r.hasNonNull("message") ? text(r, "message") : ""));
    }
    List<EvidenceAttachment> attachments = new ArrayList<>();
    for (JsonNode a : array(root, "attachments")) {
      attachments.add(new EvidenceAttachment(text(a, "name"), text(a, "mediaType"), digest(a, "digest"),
          field(a, "size").asLong()));
    }
    Map<String, String> props = new TreeMap<>();
    JsonNode p = root.get("properties");
    if (p != null && p.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> en = it.next();
        props.put(en.getKey(), en.getValue().asText());
      }
    }
    Instant created;
    try {
      created = Instant.parse(text(root, "createdAt"));
    } catch (DateTimeParseException ex) {
      throw new InvalidInputException("createdAt", "The evidence's createdAt is not an ISO-8601 instant.");
    }
    return new Evidence((int) field(root, "schemaVersion").asLong(), text(root, "kind"), text(root, "suite"),
        new VersionId(text(subject, "name"), (int) field(subject, "version").asLong()), digest(subject, "manifestDigest"),
        bool(root, "passed"), created, results, attachments, props);
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(name, "The evidence document lacks the field '" + name + "'.");
    }
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isTextual()) {
      throw new InvalidInputException(name, "The evidence field '" + name + "' is not a string.");
    }
    return v.asText();
  }

  private static double number(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isNumber()) {
      throw new InvalidInputException(name, "The evidence field '" + name + "' is not a number.");
    }
    return v.asDouble();
  }

  private static OptionalDouble optionalNumber(JsonNode o, String name) {
    return o.hasNonNull(name) ? OptionalDouble.of(number(o, name)) : OptionalDouble.empty();
  }

  private static boolean bool(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isBoolean()) {
      throw new InvalidInputException(name, "The evidence field '" + name + "' is not a boolean.");
    }
    return v.asBoolean();
  }

  private static Digest digest(JsonNode o, String name) {
    return Digest.parse(text(o, name));
  }

  private static Iterable<JsonNode> array(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidInputException(name, "The evidence field '" + name + "' is not an array.");
    }
    return v;
  }
}
