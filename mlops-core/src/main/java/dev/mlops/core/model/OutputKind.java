package dev.mlops.core.model;

import dev.mlops.core.InvalidInputException;
import java.util.Locale;

/**
 * What a model predicts.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum OutputKind {
  /** One label out of a known set, with a score per label. */
  CLASSIFICATION,
  /** One or more named real values. */
  REGRESSION,
  /** Anything else; the predictor defines its own output type. */
  OTHER;

  /**
   * Returns the lowercase name used in JSON documents.
   *
   * @return e.g. {@code "classification"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the lowercase JSON name.
   *
   * @param id the name
   * @return the kind
   * @throws InvalidInputException if the name is unknown
   */
  public static OutputKind fromId(String id) {
    for (OutputKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new InvalidInputException("output", "Unknown output kind '" + id + "': expected classification, regression or other.");
  }
}
