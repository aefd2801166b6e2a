package dev.mlops.core;

import java.util.Objects;

/**
 * Raised when input is well-formed Java but not acceptable: a model name with a path separator, an
 * empty artifact, a feature the model's signature does not know, a value of the wrong type.
 *
 * <p>The field names what was wrong (a feature name, {@code "name"}, {@code "path"}); the message
 * says what is accepted. Feature values are never echoed. Instances are immutable and thread-safe.
 */
public class InvalidInputException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** The rejected input. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the input that was rejected (an argument or a feature name)
   * @param message what was wrong and what is accepted
   */
  public InvalidInputException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns the name of the rejected input.
   *
   * @return the field or feature name
   */
  public String field() {
    return field;
  }
}
