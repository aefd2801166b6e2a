package dev.mlops.core;

import java.util.Objects;

/**
 * Raised when a named thing (a model, a version, an alias, a blob, a file in an artifact) does not
 * exist.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class NotFoundException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** What was looked for. */
  private final String kind;
  /** The reference concerned. */
  private final String reference;

  /**
   * Creates the exception.
   *
   * @param kind what was looked for, e.g. {@code "model"}, {@code "alias"}, {@code "blob"}
   * @param reference the reference that was not found, e.g. {@code "fraud@champion"}
   * @param message what was wrong and what to do
   */
  public NotFoundException(String kind, String reference, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.reference = Objects.requireNonNull(reference, "reference");
  }

  /**
   * Returns what was looked for.
   *
   * @return the kind of thing, e.g. {@code "model"}
   */
  public String kind() {
    return kind;
  }

  /**
   * Returns the reference that was not found.
   *
   * @return the reference
   */
  public String reference() {
    return reference;
  }
}
