package dev.mlops.core.artifact;

import dev.mlops.core.InvalidInputException;
import java.util.Locale;

/**
 * What an artifact holds: a model or a data set. Data sets are versioned exactly like models so that
 * a run or a model version can point at the exact data it used.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ArtifactKind {
  /** A trained model (or any file set that serves predictions). */
  MODEL,
  /** A data set: training, validation or test data, or a reference sample. */
  DATASET;

  /**
   * Returns the lowercase name used in JSON documents.
   *
   * @return {@code "model"} or {@code "dataset"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the lowercase JSON name.
   *
   * @param id {@code "model"} or {@code "dataset"}
   * @return the kind
   * @throws InvalidInputException if the name is unknown
   */
  public static ArtifactKind fromId(String id) {
    for (ArtifactKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new InvalidInputException("kind", "Unknown artifact kind '" + id + "': expected 'model' or 'dataset'.");
  }
}
