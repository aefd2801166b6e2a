package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import java.util.Locale;

/**
 * The type of one input feature in a model signature.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum FeatureType {
  /** A finite floating-point number; accepts any {@link Number} that is finite. */
  DOUBLE,
  /** A whole number; accepts {@link Byte}, {@link Short}, {@link Integer} and {@link Long}. */
  LONG,
  /** A boolean; accepts {@link Boolean}, seen by numeric models as 1 or 0. */
  BOOLEAN,
  /** A category given as a string; not part of the numeric row view. */
  STRING;

  /**
   * Returns the lowercase name used in JSON documents.
   *
   * @return e.g. {@code "double"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the lowercase JSON name.
   *
   * @param id the name
   * @return the type
   * @throws InvalidInputException if the name is unknown
   */
  public static FeatureType fromId(String id) {
    for (FeatureType t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new InvalidInputException("type", "Unknown feature type '" + id + "': expected double, long, boolean or string.");
  }

  /** Whether values of this type have a numeric row form. */
  boolean numeric() {
    return this != STRING;
  }
}
