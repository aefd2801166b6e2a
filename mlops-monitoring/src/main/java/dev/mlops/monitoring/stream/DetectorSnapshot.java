package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.util.Objects;

/**
 * The configuration and complete state of a {@link ChangeDetector}, as JSON.
 *
 * <p>The document is an object:
 *
 * <pre>{@code
 * {"schemaVersion": 1, "kind": "mlops-change-detector", "type": "page-hinkley",
 *  "config": {...}, "state": {...}}
 * }</pre>
 *
 * <p>{@code type} names the detector ({@code adwin}, {@code page-hinkley}, {@code ddm}, {@code
 * eddm}, {@code kswin}, {@code hddm-a}, {@code hddm-w}, {@code cusum}); {@code config} holds the
 * fields of its configuration record; {@code state} its statistics, each double written so that it
 * parses back to the same bits (the infinities some statistics start from as the strings {@code
 * "Infinity"} and {@code "-Infinity"}). Unknown fields are ignored when read; a missing field, a
 * wrong type or an unknown schema version is an {@link InvalidInputException} naming the field.
 * A restored detector continues exactly as the original would have.
 *
 * <p>Immutable and thread-safe (it holds private copies of its JSON trees).
 */
public final class DetectorSnapshot {
  /** The version of the document's layout written by this library. */
  public static final int SCHEMA_VERSION = 1;

  private static final String KIND = "mlops-change-detector";

  private final String type;
  private final ObjectNode config;
  private final ObjectNode state;

  DetectorSnapshot(String type, ObjectNode config, ObjectNode state) {
    this.type = Objects.requireNonNull(type, "type");
    this.config = Objects.requireNonNull(config, "config").deepCopy();
    this.state = Objects.requireNonNull(state, "state").deepCopy();
  }

  /**
   * Returns the detector type, e.g. {@code "adwin"}.
   *
   * @return the type name
   */
  public String type() {
    return type;
  }

  /**
   * Returns the document as a JSON tree, for embedding in a larger document.
   *
   * @return a new tree the caller may modify
   */
  public ObjectNode toJsonNode() {
    ObjectNode root = SnapshotJson.MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("kind", KIND);
    root.put("type", type);
    root.set("config", config.deepCopy());
    root.set("state", state.deepCopy());
    return root;
  }

  /**
   * Returns the document as compact JSON text.
   *
   * @return the JSON text
   * @throws MlopsException if Jackson cannot write the tree (not expected)
   */
  public String toJson() {
    try {
      return SnapshotJson.MAPPER.writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new MlopsException("cannot write the detector snapshot as JSON", e);
    }
  }

  /**
   * Reads a document written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the snapshot
   * @throws NullPointerException if json is null
   * @throws InvalidInputException if the text is not JSON, not a detector snapshot, or of an
   *     unknown schema version
   */
  public static DetectorSnapshot fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = SnapshotJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("json", "not JSON (" + e.getOriginalMessage() + ")");
    }
    return fromJsonNode(root);
  }

  /**
   * Reads a document from a JSON tree (as returned by {@link #toJsonNode()}).
   *
   * @param root the document
   * @return the snapshot
   * @throws NullPointerException if root is null
   * @throws InvalidInputException if the tree is not a detector snapshot or of an unknown schema
   *     version
   */
  public static DetectorSnapshot fromJsonNode(JsonNode root) {
    Objects.requireNonNull(root, "root");
    if (!root.isObject()) {
      throw new InvalidInputException("json", "a detector snapshot is a JSON object");
    }
    JsonNode version = SnapshotJson.required(root, "schemaVersion");
    if (!version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
      throw new InvalidInputException("schemaVersion", "schema version " + version
          + " is not supported; this library reads version " + SCHEMA_VERSION);
    }
    if (root.has("kind") && !KIND.equals(root.get("kind").asText())) {
      throw new InvalidInputException("kind", "not a change-detector snapshot (kind "
          + root.get("kind") + ", expected \"" + KIND + "\")");
    }
    String type = SnapshotJson.getText(root, "type");
    JsonNode config = SnapshotJson.required(root, "config");
    JsonNode state = SnapshotJson.required(root, "state");
    if (!config.isObject() || !state.isObject()) {
      throw new InvalidInputException("config", "'config' and 'state' must be JSON objects");
    }
    return new DetectorSnapshot(type, (ObjectNode) config, (ObjectNode) state);
  }

  /**
   * Creates the detector this snapshot describes, in the state it was captured in.
   *
   * @return a new detector of the snapshot's type
   * @throws InvalidInputException if the type is unknown, or the configuration or state is missing
   *     a field, holds a wrong value, or is inconsistent
   */
  public ChangeDetector restore() {
    switch (type) {
      case PageHinkley.TYPE:
        return PageHinkley.restore(config, state);
      case Adwin.TYPE:
        return Adwin.restore(config, state);
      case Ddm.TYPE:
        return Ddm.restore(config, state);
      case Eddm.TYPE:
        return Eddm.restore(config, state);
      case HddmA.TYPE:
        return HddmA.restore(config, state);
      case HddmW.TYPE:
        return HddmW.restore(config, state);
      case Kswin.TYPE:
        return Kswin.restore(config, state);
      case Cusum.TYPE:
        return Cusum.restore(config, state);
      default:
        throw new InvalidInputException("type", "unknown detector type '" + type
            + "'; this library restores adwin, page-hinkley, ddm, eddm, kswin, hddm-a, hddm-w, cusum");
    }
  }

  JsonNode config() {
    return config;
  }

  JsonNode state() {
    return state;
  }

  /**
   * Two snapshots are equal when their JSON text is: the same type, and the same fields with the
   * same values in the same order (a number read back from text equals the one written).
   *
   * @param o the other object
   * @return whether o is an equal snapshot
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorSnapshot s && toJson().equals(s.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
