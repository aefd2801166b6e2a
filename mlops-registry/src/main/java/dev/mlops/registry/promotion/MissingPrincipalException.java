package dev.mlops.registry.promotion;

import dev.mlops.core.InvalidInputException;

/**
 * Raised when an operation that must know who performs it (an approval) finds no principal: the
 * registry was built without {@link dev.mlops.registry.ModelRegistry.Builder#principal}, or the
 * supplier returned nothing usable.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class MissingPrincipalException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing and how to provide it
   */
  public MissingPrincipalException(String message) {
    super("principal", message);
  }
}
