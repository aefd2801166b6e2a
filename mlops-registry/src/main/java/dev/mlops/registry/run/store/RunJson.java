package dev.mlops.registry.run.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.run.ArtifactRef;
import dev.mlops.registry.run.DatasetInput;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.MetricPoint;
import dev.mlops.registry.run.RunFailure;
import dev.mlops.registry.run.RunRecord;
import dev.mlops.registry.run.RunStatus;
import dev.mlops.registry.run.spi.RunSnapshot;
import dev.mlops.registry.run.spi.RunUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON lines of the file run store: a run record, and one line per {@link RunUpdate}. Every line
 * carries {@code schemaVersion}; unknown fields are ignored. Parse errors raise
 * {@link InvalidInputException}, which the store turns into an integrity error naming the file.
 */
final class RunJson {
  static final int SCHEMA_VERSION = 1;
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RunJson() {}

  static byte[] line(ObjectNode n) {
    try {
      byte[] b = MAPPER.writeValueAsBytes(n);
      byte[] out = new byte[b.length + 1];
      System.arraycopy(b, 0, out, 0, b.length);
      out[b.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static JsonNode parse(String line) {
    try {
      JsonNode n = MAPPER.readTree(line);
      if (n == null || !n.isObject()) {
        throw new InvalidInputException("json", "not a JSON object");
      }
      if (n.path("schemaVersion").asInt(1) > SCHEMA_VERSION) {
        throw new InvalidInputException("schemaVersion", "written by a newer SDK; upgrade the SDK");
      }
      return n;
    } catch (IOException e) {
      throw new InvalidInputException("json", "not valid JSON: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ records

  static ObjectNode createLine(RunRecord r) {
    ObjectNode n = F.objectNode();
    n.put("schemaVersion", SCHEMA_VERSION);
    n.put("op", "create");
    n.set("run", record(r));
    return n;
  }

  /** The first line of an imported run: a create line with the whole record and its metric history. */
  static ObjectNode importLine(RunSnapshot s) {
    ObjectNode n = createLine(s.run());
    writePoints(n.putArray("history"), s.history());
    return n;
  }

  private static void writePoints(ArrayNode a, List<MetricPoint> points) {
    for (MetricPoint p : points) {
      ObjectNode o = a.addObject();
      o.put("key", p.key());
      o.put("value", p.value());
      o.put("step", p.step());
      o.put("at", p.timestamp().toString());
    }
  }

  static List<MetricPoint> readPoints(JsonNode a) {
    try {
      List<MetricPoint> points = new ArrayList<>();
      a.forEach(p -> points.add(new MetricPoint(text(p, "key"), p.path("value").asDouble(),
          p.path("step").asLong(), Instant.parse(text(p, "at")))));
      return points;
    } catch (RuntimeException e) {
      throw bad(e);
    }
  }

  static ObjectNode record(RunRecord r) {
    ObjectNode n = F.objectNode();
    n.put("runId", r.runId());
    n.put("experiment", r.experiment());
    n.put("name", r.name());
    r.parentRunId().ifPresent(p -> n.put("parentRunId", p));
    n.put("status", r.status().name());
    n.put("startedAt", r.startedAt().toString());
    r.endedAt().ifPresent(e -> n.put("endedAt", e.toString()));
    n.put("heartbeatAt", r.heartbeatAt().toString());
    r.failure().ifPresent(f -> n.set("failure", failure(f)));
    n.set("params", strings(r.params()));
    n.set("tags", strings(r.tags()));
    ObjectNode m = n.putObject("metrics");
    r.metrics().forEach(m::put);
    ObjectNode s = n.putObject("seeds");
    r.seeds().forEach(s::put);
    ArrayNode d = n.putArray("datasets");
    r.datasets().forEach(x -> d.add(dataset(x)));
    ArrayNode a = n.putArray("artifacts");
    r.artifacts().forEach(x -> a.add(artifact(x)));
    n.set("environment", strings(r.environment()));
    ArrayNode v = n.putArray("versions");
    r.versions().forEach(x -> v.add(x.toString()));
    return n;
  }

  static RunRecord readRecord(JsonNode n) {
    try {
      List<DatasetInput> datasets = new ArrayList<>();
      n.path("datasets").forEach(x -> datasets.add(readDataset(x)));
      List<ArtifactRef> artifacts = new ArrayList<>();
      n.path("artifacts").forEach(x -> artifacts.add(readArtifact(x)));
      List<VersionId> versions = new ArrayList<>();
      n.path("versions").forEach(x -> versions.add(VersionId.parse(x.asText())));
      Map<String, Double> metrics = new TreeMap<>();
      fields(n.path("metrics")).forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      Map<String, Long> seeds = new TreeMap<>();
      fields(n.path("seeds")).forEachRemaining(e -> seeds.put(e.getKey(), e.getValue().asLong()));
      return new RunRecord(text(n, "runId"), text(n, "experiment"), n.path("name").asText(""),
          optText(n, "parentRunId"), RunStatus.valueOf(text(n, "status")), Instant.parse(text(n, "startedAt")),
          optText(n, "endedAt").map(Instant::parse), Instant.parse(text(n, "heartbeatAt")),
          n.has("failure") ? Optional.of(readFailure(n.get("failure"))) : Optional.empty(),
          readStrings(n.path("params")), readStrings(n.path("tags")), metrics, seeds, datasets, artifacts,
          readStrings(n.path("environment")), versions);
    } catch (RuntimeException e) {
      throw bad(e);
    }
  }

  // ------------------------------------------------------------------ updates

  static ObjectNode updateLine(RunUpdate u) {
    ObjectNode n = F.objectNode();
    n.put("schemaVersion", SCHEMA_VERSION);
    if (u instanceof RunUpdate.Params) {
      n.put("op", "params");
      n.set("values", strings(((RunUpdate.Params) u).values()));
    } else if (u instanceof RunUpdate.Tags) {
      n.put("op", "tags");
      n.set("values", strings(((RunUpdate.Tags) u).values()));
    } else if (u instanceof RunUpdate.Metrics) {
      n.put("op", "metrics");
      writePoints(n.putArray("points"), ((RunUpdate.Metrics) u).points());
    } else if (u instanceof RunUpdate.Seeds) {
      n.put("op", "seeds");
      ObjectNode o = n.putObject("values");
      ((RunUpdate.Seeds) u).values().forEach(o::put);
    } else if (u instanceof RunUpdate.Dataset) {
      n.put("op", "dataset");
      n.set("input", dataset(((RunUpdate.Dataset) u).input()));
    } else if (u instanceof RunUpdate.Artifact) {
      n.put("op", "artifact");
      n.set("artifact", artifact(((RunUpdate.Artifact) u).artifact()));
    } else if (u instanceof RunUpdate.Version) {
      n.put("op", "version");
      n.put("version", ((RunUpdate.Version) u).version().toString());
    } else if (u instanceof RunUpdate.Heartbeat) {
      n.put("op", "heartbeat");
      n.put("at", ((RunUpdate.Heartbeat) u).at().toString());
    } else {
      RunUpdate.End e = (RunUpdate.End) u;
      n.put("op", "end");
      n.put("status", e.status().name());
      n.put("at", e.at().toString());
      e.failure().ifPresent(f -> n.set("failure", failure(f)));
    }
    return n;
  }

  static RunUpdate readUpdate(JsonNode n) {
    try {
      String op = text(n, "op");
      switch (op) {
        case "params": return new RunUpdate.Params(readStrings(n.path("values")));
        case "tags": return new RunUpdate.Tags(readStrings(n.path("values")));
        case "metrics": {
          return new RunUpdate.Metrics(readPoints(n.path("points")));
        }
        case "seeds": {
          Map<String, Long> seeds = new TreeMap<>();
          fields(n.path("values")).forEachRemaining(e -> seeds.put(e.getKey(), e.getValue().asLong()));
          return new RunUpdate.Seeds(seeds);
        }
        case "dataset": return new RunUpdate.Dataset(readDataset(n.path("input")));
        case "artifact": return new RunUpdate.Artifact(readArtifact(n.path("artifact")));
        case "version": return new RunUpdate.Version(VersionId.parse(text(n, "version")));
        case "heartbeat": return new RunUpdate.Heartbeat(Instant.parse(text(n, "at")));
        case "end": return new RunUpdate.End(RunStatus.valueOf(text(n, "status")), Instant.parse(text(n, "at")),
            n.has("failure") ? Optional.of(readFailure(n.get("failure"))) : Optional.empty());
        default: throw new InvalidInputException("op", "unknown change '" + op + "'");
      }
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw bad(e);
    }
  }

  // ------------------------------------------------------------------ parts

  private static ObjectNode failure(RunFailure f) {
    ObjectNode n = F.objectNode();
    n.put("type", f.type());
    n.put("message", f.message());
    ArrayNode s = n.putArray("stack");
    f.stack().forEach(s::add);
    return n;
  }

  private static RunFailure readFailure(JsonNode n) {
    List<String> stack = new ArrayList<>();
    n.path("stack").forEach(x -> stack.add(x.asText()));
    return new RunFailure(text(n, "type"), n.path("message").asText(""), stack);
  }

  private static ObjectNode dataset(DatasetInput d) {
    ObjectNode n = F.objectNode();
    n.put("digest", d.digest().toString());
    n.put("source", d.source());
    ArrayNode s = n.putArray("schema");
    d.schema().forEach(s::add);
    n.put("rowCount", d.rowCount());
    n.put("role", d.role().name());
    return n;
  }

  private static DatasetInput readDataset(JsonNode n) {
    List<String> schema = new ArrayList<>();
    n.path("schema").forEach(x -> schema.add(x.asText()));
    return new DatasetInput(Digest.parse(text(n, "digest")), n.path("source").asText(""), schema,
        n.path("rowCount").asLong(-1), DatasetRole.valueOf(text(n, "role")));
  }

  private static ObjectNode artifact(ArtifactRef a) {
    ObjectNode n = F.objectNode();
    n.put("path", a.path());
    n.put("digest", a.digest().toString());
    n.put("size", a.size());
    return n;
  }

  private static ArtifactRef readArtifact(JsonNode n) {
    return new ArtifactRef(text(n, "path"), Digest.parse(text(n, "digest")), n.path("size").asLong());
  }

  private static ObjectNode strings(Map<String, String> m) {
    ObjectNode n = F.objectNode();
    new TreeMap<>(m).forEach(n::put);
    return n;
  }

  private static Map<String, String> readStrings(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    fields(n).forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    return n.isObject() ? n.fields() : java.util.Collections.emptyIterator();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidInputException(field, "missing text field '" + field + "'");
    }
    return v.asText();
  }

  private static Optional<String> optText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static InvalidInputException bad(RuntimeException e) {
    if (e instanceof InvalidInputException) {
      return (InvalidInputException) e;
    }
    return new InvalidInputException("json", e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  static String utf8(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
