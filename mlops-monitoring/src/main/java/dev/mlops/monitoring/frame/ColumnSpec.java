package dev.mlops.monitoring.frame;

import java.util.Objects;

/**
 * A column's name and type in a frame's schema. Immutable and thread-safe.
 *
 * @param name the column name, not blank
 * @param type the column type
 */
public record ColumnSpec(String name, ColumnType type) {
  /**
   * Validates the spec.
   *
   * @param name the column name, not blank
   * @param type the column type
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is blank
   */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a column name must not be blank");
    }
  }
}
