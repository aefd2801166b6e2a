package dev.mlops.registry;

import dev.mlops.core.InvalidInputException;
import java.util.Locale;

/**
 * The life-cycle status of a registered version. Nothing is ever deleted: a version is deprecated
 * (still loads, with a warning) or archived (loads only by its explicit number, cannot carry an
 * alias, and is skipped by a bare-name reference).
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum VersionStatus {
  /** In use. */
  ACTIVE,
  /** Still loads, with a warning in the log; move users to another version. */
  DEPRECATED,
  /** Kept for the record: loads only as {@code name/version}; no alias may point at it. */
  ARCHIVED;

  /**
   * Returns the lowercase name used in JSON documents.
   *
   * @return e.g. {@code "active"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the lowercase JSON name.
   *
   * @param id the name
   * @return the status
   * @throws InvalidInputException if the name is unknown
   */
  public static VersionStatus fromId(String id) {
    for (VersionStatus s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new InvalidInputException("status", "Unknown version status '" + id + "'.");
  }
}
