package dev.mlops.core.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Schema;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Explicit JSON mapping of {@link ArtifactManifest}: no reflection, every field checked on read. */
final class ManifestJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ManifestJson() {}

  static ObjectNode write(ArtifactManifest m) {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", m.schemaVersion());
    root.put("kind", m.kind().id());
    root.put("format", m.format().id());
    ArrayNode files = root.putArray("files");
    for (ArtifactFile f : m.files()) {
      ObjectNode o = files.addObject();
      o.put("path", f.path());
      o.put("digest", f.digest().toString());
      o.put("size", f.size());
    }
    m.signature().ifPresent(s -> root.set("signature", writeSignature(s)));
    ObjectNode meta = root.putObject("metadata");
    m.metadata().forEach(meta::put);
    ObjectNode lineage = root.putObject("lineage");
    m.lineage().runId().ifPresent(r -> lineage.put("runId", r));
    ArrayNode parents = lineage.putArray("parents");
    m.lineage().parents().forEach(p -> parents.add(p.toString()));
    ArrayNode datasets = lineage.putArray("datasets");
    m.lineage().datasets().forEach(d -> datasets.add(d.toString()));
    root.put("createdAt", m.createdAt().toString());
    return root;
  }

  static ObjectNode writeSignature(ModelSignature s) {
    ObjectNode sig = F.objectNode();
    ArrayNode inputs = sig.putArray("inputs");
    for (FeatureSpec f : s.inputs().features()) {
      inputs.addObject().put("name", f.name()).put("type", f.type().id());
    }
    ObjectNode out = sig.putObject("output");
    out.put("kind", s.output().kind().id());
    ArrayNode names = out.putArray("names");
    s.output().names().forEach(names::add);
    return sig;
  }

  static ArtifactManifest read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Limit violations (nesting depth, number length) carry no location.
      String where = e.getLocation() != null ? " (at line " + e.getLocation().getLineNr() + ")" : "";
      throw new InvalidInputException("manifest", "The manifest is not valid JSON" + where
          + "; the stored manifest is corrupt.");
    } catch (IOException e) {
      throw new InvalidInputException("manifest", "The manifest could not be read as JSON.");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("manifest", "The manifest is not a JSON object.");
    }
    int schemaVersion = requiredInt(root, "schemaVersion");
    ArtifactKind kind = ArtifactKind.fromId(requiredText(root, "kind"));
    ArtifactFormat format = new ArtifactFormat(requiredText(root, "format"));
    List<ArtifactFile> files = new ArrayList<>();
    for (JsonNode f : requiredArray(root, "files")) {
      files.add(new ArtifactFile(
          requiredText(f, "path"), Digest.parse(requiredText(f, "digest")), requiredLong(f, "size")));
    }
    Optional<ModelSignature> signature =
        root.hasNonNull("signature") ? Optional.of(readSignature(root.get("signature"))) : Optional.empty();
    Map<String, String> metadata = new TreeMap<>();
    JsonNode meta = root.get("metadata");
    if (meta != null && meta.isObject()) {
      for (Map.Entry<String, JsonNode> e : meta.properties()) {
        metadata.put(e.getKey(), e.getValue().asText());
      }
    }
    Lineage lineage = Lineage.NONE;
    JsonNode lin = root.get("lineage");
    if (lin != null && lin.isObject()) {
      List<VersionId> parents = new ArrayList<>();
      for (JsonNode p : optionalArray(lin, "parents")) {
        parents.add(VersionId.parse(p.asText()));
      }
      List<Digest> datasets = new ArrayList<>();
      for (JsonNode d : optionalArray(lin, "datasets")) {
        datasets.add(Digest.parse(d.asText()));
      }
      Optional<String> runId = lin.hasNonNull("runId") ? Optional.of(lin.get("runId").asText()) : Optional.empty();
      lineage = new Lineage(runId, parents, datasets);
    }
    Instant createdAt;
    try {
      createdAt = Instant.parse(requiredText(root, "createdAt"));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("createdAt", "The manifest's createdAt is not an ISO-8601 instant.");
    }
    return new ArtifactManifest(schemaVersion, kind, format, files, signature, metadata, lineage, createdAt);
  }

  static ModelSignature readSignature(JsonNode sig) {
    List<FeatureSpec> inputs = new ArrayList<>();
    for (JsonNode f : requiredArray(sig, "inputs")) {
      inputs.add(new FeatureSpec(requiredText(f, "name"), FeatureType.fromId(requiredText(f, "type"))));
    }
    JsonNode out = sig.get("output");
    if (out == null || !out.isObject()) {
      throw missing("signature.output");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode n : optionalArray(out, "names")) {
      names.add(n.asText());
    }
    return new ModelSignature(
        Schema.of(inputs), new OutputSpec(OutputKind.fromId(requiredText(out, "kind")), names));
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw missing(field);
    }
    return v.asText();
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw missing(field);
    }
    return v.intValue();
  }

  private static long requiredLong(JsonNode node, String field) {
    JsonNode v = node.get(field);
    // Only sizes are read this way: one out of ArtifactFile's range is as corrupt as a missing one.
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0
        || v.longValue() > (1L << 53) - 1) {
      throw missing(field);
    }
    return v.longValue();
  }

  private static JsonNode requiredArray(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw missing(field);
    }
    return v;
  }

  private static Iterable<JsonNode> optionalArray(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isArray() ? v : List.of();
  }

  private static InvalidInputException missing(String field) {
    return new InvalidInputException(
        field, "The manifest's '" + field + "' field is missing or has the wrong type; the stored manifest is corrupt.");
  }
}
