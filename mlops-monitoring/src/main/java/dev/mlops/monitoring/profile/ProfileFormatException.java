package dev.mlops.monitoring.profile;

import dev.mlops.core.InvalidInputException;

/**
 * Raised when profile JSON cannot be read: not JSON, an unknown schema version, a missing field, a
 * damaged sketch. The field names the JSON field. Immutable and thread-safe.
 */
public final class ProfileFormatException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field the JSON field that was wrong
   * @param message what was wrong and what to do
   */
  public ProfileFormatException(String field, String message) {
    super(field, message);
  }
}
