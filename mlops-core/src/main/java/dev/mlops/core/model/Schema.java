package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered input features of a tabular model, and the conversion of a named input into a
 * {@code double[]} row in that order. Drift statistics, explanations and monitoring all work on rows
 * in a schema's order.
 *
 * <p>Every conversion checks its input against the schema: a missing feature, an unknown one, a
 * value of the wrong type or a value that is not finite raises {@link InvalidInputException} naming
 * the feature (never its value), so training–serving skew is caught at the door instead of becoming
 * a silent zero.
 *
 * <pre>{@code
 * Schema schema = Schema.of(List.of(FeatureSpec.numeric("age"), FeatureSpec.numeric("income")));
 * double[] row = schema.toRow(Map.of("age", 41, "income", 52_000.0));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Schema {
  private final List<FeatureSpec> features;
  private final Map<String, Integer> index;
  private final boolean numeric;

  private Schema(List<FeatureSpec> features) {
    this.features = List.copyOf(features);
    Map<String, Integer> idx = new HashMap<>();
    boolean allNumeric = true;
    for (int i = 0; i < this.features.size(); i++) {
      FeatureSpec f = this.features.get(i);
      if (idx.put(f.name(), i) != null) {
        throw new InvalidInputException(f.name(), "Feature '" + f.name() + "' appears twice in the schema; feature names must be unique.");
      }
      allNumeric &= f.type().numeric();
    }
    this.index = Map.copyOf(idx);
    this.numeric = allNumeric;
  }

  /**
   * Creates a schema from features in order.
   *
   * @param features the features; names must be unique
   * @return the schema
   * @throws InvalidInputException if a name appears twice
   */
  public static Schema of(List<FeatureSpec> features) {
    return new Schema(features);
  }

  /**
   * Creates a schema of {@link FeatureType#DOUBLE} features.
   *
   * @param names the feature names, in order
   * @return the schema
   */
  public static Schema numeric(List<String> names) {
    List<FeatureSpec> list = new ArrayList<>(names.size());
    for (String n : names) {
      list.add(FeatureSpec.numeric(n));
    }
    return new Schema(list);
  }

  /**
   * Returns the features in order.
   *
   * @return an immutable list
   */
  public List<FeatureSpec> features() {
    return features;
  }

  /**
   * Returns the feature names in order.
   *
   * @return a new list of names
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(features.size());
    for (FeatureSpec f : features) {
      names.add(f.name());
    }
    return names;
  }

  /**
   * Returns the number of features.
   *
   * @return the number of features
   */
  public int size() {
    return features.size();
  }

  /**
   * Returns the position of a feature.
   *
   * @param name the feature name
   * @return its index in rows
   * @throws InvalidInputException if the schema has no such feature
   */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw unknown(name);
    }
    return i;
  }

  /**
   * Converts a named input to a row in schema order, checking every feature.
   *
   * @param input feature name to value
   * @return a new row
   * @throws InvalidInputException for a missing or unknown feature, a value of the wrong type, a
   *     value that is not finite, or a schema with {@link FeatureType#STRING} features (which have no
   *     numeric row form)
   */
  public double[] toRow(Map<String, ?> input) {
    Objects.requireNonNull(input, "input");
    requireNumeric();
    double[] row = new double[features.size()];
    int seen = 0;
    for (Map.Entry<String, ?> e : input.entrySet()) {
      Integer i = index.get(e.getKey());
      if (i == null) {
        throw unknown(e.getKey());
      }
      row[i] = toDouble(features.get(i), e.getValue());
      seen++;
    }
    if (seen != features.size()) {
      for (FeatureSpec f : features) {
        if (!input.containsKey(f.name())) {
          throw new InvalidInputException(
              f.name(), "Missing feature '" + f.name() + "': the model's signature requires all "
                  + features.size() + " features; send it, or register a model without it.");
        }
      }
    }
    return row;
  }

  /**
   * Checks a row given in schema order: its length, and that every value is finite.
   *
   * @param row the row
   * @return the same row
   * @throws InvalidInputException if the length differs from the schema or a value is not finite
   */
  public double[] checkRow(double[] row) {
    Objects.requireNonNull(row, "row");
    if (row.length != features.size()) {
      throw new InvalidInputException(
          "row", "A row has " + row.length + " values but the schema has " + features.size()
              + " features; build rows in schema order (Schema.names()).");
    }
    for (int i = 0; i < row.length; i++) {
      if (!Double.isFinite(row[i])) {
        throw notFinite(features.get(i).name());
      }
    }
    return row;
  }

  /**
   * Checks a named input without converting it: used by predictors whose inputs include
   * {@link FeatureType#STRING} features.
   *
   * @param input feature name to value
   * @throws InvalidInputException for a missing or unknown feature or a value of the wrong type
   */
  public void check(Map<String, ?> input) {
    Objects.requireNonNull(input, "input");
    for (Map.Entry<String, ?> e : input.entrySet()) {
      Integer i = index.get(e.getKey());
      if (i == null) {
        throw unknown(e.getKey());
      }
      FeatureSpec f = features.get(i);
      if (f.type() == FeatureType.STRING) {
        if (!(e.getValue() instanceof CharSequence)) {
          throw wrongType(f, "a string");
        }
      } else {
        toDouble(f, e.getValue());
      }
    }
    for (FeatureSpec f : features) {
      if (!input.containsKey(f.name())) {
        throw new InvalidInputException(f.name(), "Missing feature '" + f.name() + "'.");
      }
    }
  }

  private void requireNumeric() {
    if (!numeric) {
      throw new InvalidInputException(
          "schema", "This schema has string features, which have no numeric row form; use the predictor's map input.");
    }
  }

  private static double toDouble(FeatureSpec f, Object v) {
    switch (f.type()) {
      case DOUBLE:
        if (v instanceof Number) {
          double d = ((Number) v).doubleValue();
          if (!Double.isFinite(d)) {
            throw notFinite(f.name());
          }
          return d;
        }
        throw wrongType(f, "a finite number");
      case LONG:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).doubleValue();
        }
        throw wrongType(f, "a whole number (Long, Integer, Short or Byte)");
      case BOOLEAN:
        if (v instanceof Boolean) {
          return ((Boolean) v) ? 1.0 : 0.0;
        }
        throw wrongType(f, "a Boolean");
      default:
        throw wrongType(f, "a string");
    }
  }

  private InvalidInputException unknown(String name) {
    String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
    return new InvalidInputException(
        shown, "Unknown feature '" + shown + "': the model's signature has " + features.size()
            + " features and this is not one of them; check the feature's spelling or the model version.");
  }

  private static InvalidInputException wrongType(FeatureSpec f, String expected) {
    return new InvalidInputException(
        f.name(), "Feature '" + f.name() + "' has type " + f.type().id() + " in the model's signature; send "
            + expected + ".");
  }

  private static InvalidInputException notFinite(String name) {
    return new InvalidInputException(
        name, "Feature '" + name + "' is NaN or infinite; the model accepts finite numbers only.");
  }

  /**
   * Two schemas are equal when their features are equal and in the same order.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Schema && ((Schema) o).features.equals(features);
  }

  /**
   * Returns a hash of the features.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return features.hashCode();
  }

  /**
   * Returns the features as text.
   *
   * @return e.g. {@code Schema[age:double, income:double]}
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Schema[");
    for (int i = 0; i < features.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(features.get(i).name()).append(':').append(features.get(i).type().id());
    }
    return b.append(']').toString();
  }

}
