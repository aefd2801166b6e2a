package dev.mlops.core.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON documents of explanations ({@code "kind": "explanation"}) and global importances
 * ({@code "kind": "global_importance"}), each with a {@code schemaVersion}. The mapping is explicit
 * (no reflection); unknown fields are tolerated on read, missing or mistyped ones are rejected.
 *
 * <pre>{@code
 * String json = ExplanationJson.write(explanation);
 * Explanation back = ExplanationJson.readExplanation(json);
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ExplanationJson {
  /** The schema version written. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ExplanationJson() {}

  /**
   * Writes an explanation.
   *
   * @param e the explanation
   * @return the JSON text
   */
  public static String write(Explanation e) {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("kind", "explanation");
    root.put("method", e.method().id());
    root.put("output", e.output().id());
    root.put("baseValue", e.baseValue());
    root.put("prediction", e.prediction());
    ObjectNode acc = root.putObject("accuracy");
    acc.put("kind", e.accuracy().kind().id());
    acc.put("value", e.accuracy().value());
    root.put("additivityError", e.additivityError());
    ArrayNode features = root.putArray("features");
    for (int i = 0; i < e.features().size(); i++) {
      ObjectNode f = features.addObject();
      f.put("name", e.features().get(i));
      if (!e.featureValues().isEmpty()) {
        f.put("value", e.featureValues().get(i));
      }
      f.put("contribution", e.contributions().get(i));
      if (!e.standardErrors().isEmpty()) {
        f.put("standardError", e.standardErrors().get(i));
      }
    }
    return text(root);
  }

  /**
   * Writes a global importance.
   *
   * @param g the importance
   * @return the JSON text
   */
  public static String write(GlobalImportance g) {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("kind", "global_importance");
    root.put("method", g.method().id());
    root.put("measure", g.measure());
    root.put("repeats", g.repeats());
    root.put("baseline", g.baseline());
    ArrayNode features = root.putArray("features");
    for (int i = 0; i < g.features().size(); i++) {
      features.addObject().put("name", g.features().get(i)).put("importance", g.importances().get(i))
          .put("lower", g.lower().get(i)).put("upper", g.upper().get(i));
    }
    return text(root);
  }

  /**
   * Reads an explanation.
   *
   * @param json the JSON text
   * @return the explanation
   * @throws InvalidInputException if the text is not an explanation document of a known version
   */
  public static Explanation readExplanation(String json) {
    JsonNode root = parse(json, "explanation");
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Double> contributions = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (JsonNode f : array(root, "features")) {
      names.add(text(f, "name"));
      if (f.has("value")) {
        values.add(number(f, "value"));
      }
      contributions.add(number(f, "contribution"));
      if (f.has("standardError")) {
        errors.add(number(f, "standardError"));
      }
    }
    JsonNode acc = root.get("accuracy");
    if (acc == null || !acc.isObject()) {
      throw bad("accuracy");
    }
    try {
      return new Explanation(ExplanationMethod.fromId(text(root, "method")), ExplainedOutput.parse(text(root, "output")), names, values,
          contributions, errors, number(root, "baseValue"), number(root, "prediction"),
          new Accuracy(Accuracy.Kind.fromId(text(acc, "kind")), number(acc, "value")));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("json", "The explanation document is inconsistent: " + e.getMessage() + ".");
    }
  }

  /**
   * Reads a global importance.
   *
   * @param json the JSON text
   * @return the importance
   * @throws InvalidInputException if the text is not a global importance document of a known version
   */
  public static GlobalImportance readImportance(String json) {
    JsonNode root = parse(json, "global_importance");
    List<String> names = new ArrayList<>();
    List<Double> imp = new ArrayList<>();
    List<Double> lo = new ArrayList<>();
    List<Double> hi = new ArrayList<>();
    for (JsonNode f : array(root, "features")) {
      names.add(text(f, "name"));
      imp.add(number(f, "importance"));
      lo.add(number(f, "lower"));
      hi.add(number(f, "upper"));
    }
    JsonNode repeats = root.get("repeats");
    if (repeats == null || !repeats.canConvertToInt()) {
      throw bad("repeats");
    }
    try {
      return new GlobalImportance(ExplanationMethod.fromId(text(root, "method")), text(root, "measure"), names, imp, lo, hi,
          repeats.intValue(), number(root, "baseline"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("json", "The importance document is inconsistent: " + e.getMessage() + ".");
    }
  }

  private static JsonNode parse(String json, String kind) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("json", "Not valid JSON; expected an " + kind + " document.");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("json", "Expected a JSON object holding an " + kind + " document.");
    }
    JsonNode v = root.get("schemaVersion");
    if (v == null || !v.canConvertToInt() || v.intValue() < 1) {
      throw bad("schemaVersion");
    }
    if (v.intValue() > SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "The document has schemaVersion " + v.intValue() + "; this library reads up to "
          + SCHEMA_VERSION + ". Upgrade the library.");
    }
    if (!kind.equals(text(root, "kind"))) {
      throw new InvalidInputException("kind", "Expected kind '" + kind + "'.");
    }
    return root;
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode a = node.get(field);
    if (a == null || !a.isArray()) {
      throw bad(field);
    }
    return a;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw bad(field);
    }
    return v.textValue();
  }

  private static double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw bad(field);
    }
    return v.doubleValue();
  }

  private static InvalidInputException bad(String field) {
    return new InvalidInputException(field, "The document's field '" + field + "' is missing or of the wrong type.");
  }

  private static String text(ObjectNode root) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }
}
