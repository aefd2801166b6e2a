package dev.mlops.monitoring.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.InvalidInputException;

/**
 * Reading and writing the fields of detector snapshots: doubles round-trip exactly (Jackson writes
 * the shortest decimal that parses back to the same double); the infinities some statistics start
 * from are written as the strings {@code "Infinity"} and {@code "-Infinity"}; NaN is never accepted.
 */
final class SnapshotJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SnapshotJson() {}

  static void putDouble(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalStateException(name + " is NaN");
    }
    if (value == Double.POSITIVE_INFINITY) {
      node.put(name, "Infinity");
    } else if (value == Double.NEGATIVE_INFINITY) {
      node.put(name, "-Infinity");
    } else {
      node.put(name, value);
    }
  }

  static void putDoubles(ObjectNode node, String name, double[] values, int from, int to) {
    ArrayNode a = node.putArray(name);
    for (int i = from; i < to; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalStateException(name + " holds a value that is not finite");
      }
      a.add(values[i]);
    }
  }

  static JsonNode required(JsonNode node, String name) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(name, "the detector snapshot has no '" + name
          + "'; pass the JSON written by DetectorSnapshot.toJson()");
    }
    return v;
  }

  static double getDouble(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual() && "Infinity".equals(v.asText())) {
      return Double.POSITIVE_INFINITY;
    }
    if (v.isTextual() && "-Infinity".equals(v.asText())) {
      return Double.NEGATIVE_INFINITY;
    }
    throw new InvalidInputException(name, "'" + name + "' must be a number (or \"Infinity\", \"-Infinity\")");
  }

  static double getFiniteDouble(JsonNode node, String name) {
    double d = getDouble(node, name);
    if (!Double.isFinite(d)) {
      throw new InvalidInputException(name, "'" + name + "' must be a finite number");
    }
    return d;
  }

  static long getLong(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidInputException(name, "'" + name + "' must be an integer");
    }
    return v.asLong();
  }

  static int getInt(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidInputException(name, "'" + name + "' must be a 32-bit integer");
    }
    return v.asInt();
  }

  static boolean getBoolean(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.isBoolean()) {
      throw new InvalidInputException(name, "'" + name + "' must be true or false");
    }
    return v.asBoolean();
  }

  static String getText(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.isTextual()) {
      throw new InvalidInputException(name, "'" + name + "' must be a string");
    }
    return v.asText();
  }

  static double[] getDoubles(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.isArray()) {
      throw new InvalidInputException(name, "'" + name + "' must be an array of numbers");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = v.get(i);
      if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
        throw new InvalidInputException(name, "'" + name + "' must hold finite numbers only");
      }
      out[i] = e.asDouble();
    }
    return out;
  }

  static DetectorState getState(JsonNode node, String name) {
    String s = getText(node, name);
    try {
      return DetectorState.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(name, "'" + name + "' must be NONE, WARNING or DRIFT");
    }
  }

  /** Turns a configuration rejected by a record's constructor into a typed input error. */
  static InvalidInputException badConfig(IllegalArgumentException e) {
    return new InvalidInputException("config", "the snapshot's configuration is invalid: " + e.getMessage());
  }

  static InvalidInputException badState(String field, String message) {
    return new InvalidInputException(field, "the snapshot's state is inconsistent: " + message);
  }
}
