package dev.mlops.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionStatus;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Explicit JSON mapping of metadata records, shared by stores that keep JSON documents. Every
 * document carries a {@code schemaVersion}; unknown fields are ignored on read. Parse failures raise
 * {@link InvalidInputException}, which stores turn into integrity errors naming the file.
 */
final class RecordJson {
  static final int SCHEMA_VERSION = 1;
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RecordJson() {}

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static JsonNode parse(byte[] bytes) {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new InvalidInputException("json", "not a JSON object");
      }
      JsonNode sv = n.get("schemaVersion");
      if (sv != null && sv.isInt() && sv.intValue() > SCHEMA_VERSION) {
        throw new InvalidInputException("schemaVersion", "written by a newer SDK (schema version " + sv.intValue()
            + "); upgrade the SDK");
      }
      return n;
    } catch (IOException e) {
      throw new InvalidInputException("json", "not valid JSON");
    }
  }

  // ---- version records

  static ObjectNode writeVersion(VersionRecord r, long auditSeq) {
    ObjectNode o = F.objectNode();
    o.put("schemaVersion", SCHEMA_VERSION);
    o.put("name", r.id().name());
    o.put("version", r.id().version());
    o.put("kind", r.kind().id());
    o.put("manifestDigest", r.manifestDigest().toString());
    o.put("manifest", r.manifestJson());
    o.put("registeredAt", r.registeredAt().toString());
    o.put("registeredBy", r.registeredBy());
    o.put("auditSeq", auditSeq);
    o.set("state", writeState(r.state()));
    return o;
  }

  static ObjectNode writeState(VersionState s) {
    ObjectNode o = F.objectNode();
    o.put("revision", s.revision());
    o.put("status", s.status().id());
    o.put("statusReason", s.statusReason());
    ObjectNode tags = o.putObject("tags");
    s.tags().forEach(tags::put);
    o.put("description", s.description());
    ArrayNode sigs = o.putArray("signatures");
    for (ManifestSignature sig : s.signatures()) {
      sigs.addObject().put("keyId", sig.keyId()).put("algorithm", sig.algorithm()).put("value", sig.value());
    }
    return o;
  }

  static VersionRecord readVersion(JsonNode o) {
    VersionId id = new VersionId(text(o, "name"), (int) integer(o, "version"));
    return new VersionRecord(id, ArtifactKind.fromId(text(o, "kind")), Digest.parse(text(o, "manifestDigest")),
        text(o, "manifest"), instant(o, "registeredAt"), text(o, "registeredBy"), readState(object(o, "state")));
  }

  static long auditSeq(JsonNode o) {
    return integer(o, "auditSeq");
  }

  static VersionState readState(JsonNode o) {
    Map<String, String> tags = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : object(o, "tags").properties()) {
      tags.put(e.getKey(), e.getValue().asText());
    }
    List<ManifestSignature> sigs = new ArrayList<>();
    for (JsonNode s : array(o, "signatures")) {
      sigs.add(new ManifestSignature(text(s, "keyId"), text(s, "algorithm"), text(s, "value")));
    }
    return new VersionState(integer(o, "revision"), VersionStatus.fromId(text(o, "status")), text(o, "statusReason"),
        tags, text(o, "description"), sigs);
  }

  // ---- aliases

  static ObjectNode writeAliases(Map<String, Integer> aliases, long auditSeq) {
    ObjectNode o = F.objectNode();
    o.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode a = o.putObject("aliases");
    new TreeMap<>(aliases).forEach(a::put);
    o.put("auditSeq", auditSeq);
    return o;
  }

  static Map<String, Integer> readAliases(JsonNode o) {
    Map<String, Integer> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : object(o, "aliases").properties()) {
      if (!e.getValue().canConvertToInt()) {
        throw new InvalidInputException("aliases", "alias '" + e.getKey() + "' does not hold a version number");
      }
      out.put(e.getKey(), e.getValue().intValue());
    }
    return out;
  }

  // ---- audit events

  static byte[] auditLine(AuditEvent e) {
    ObjectNode o = F.objectNode();
    o.put("sequence", e.sequence());
    o.put("at", e.at().toString());
    o.put("principal", e.principal());
    o.put("action", e.action().id());
    o.put("name", e.name());
    o.put("version", e.version());
    o.put("key", e.key());
    e.previous().ifPresent(p -> o.put("previous", p));
    e.current().ifPresent(c -> o.put("current", c));
    byte[] json = bytes(o);
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    return line;
  }

  static AuditEvent readAuditLine(String line) {
    JsonNode o = parse(line.getBytes(StandardCharsets.UTF_8));
    return new AuditEvent(integer(o, "sequence"), instant(o, "at"), text(o, "principal"),
        AuditAction.fromId(text(o, "action")), text(o, "name"), (int) integer(o, "version"), text(o, "key"),
        optionalText(o, "previous"), optionalText(o, "current"));
  }

  // ---- field access

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw missing(field);
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static long integer(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw missing(field);
    }
    return v.longValue();
  }

  private static JsonNode object(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isObject()) {
      throw missing(field);
    }
    return v;
  }

  private static JsonNode array(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isArray()) {
      throw missing(field);
    }
    return v;
  }

  private static Instant instant(JsonNode o, String field) {
    try {
      return Instant.parse(text(o, field));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, "'" + field + "' is not an ISO-8601 instant");
    }
  }

  private static InvalidInputException missing(String field) {
    return new InvalidInputException(field, "field '" + field + "' is missing or has the wrong type");
  }
}
