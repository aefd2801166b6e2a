package dev.mlops.core;

/**
 * The root of every exception the SDK throws for a failure that is not a caller bug.
 *
 * <p>Caller bugs (a {@code null} argument, an out-of-range parameter) raise the JDK's own
 * {@link NullPointerException} and {@link IllegalArgumentException}. Everything else (a model that
 * is not there, a conflicting update, bytes that fail verification, input a model cannot accept, a
 * store that cannot be reached) raises a subtype of this class carrying structured fields, so a host
 * application can react without parsing messages. Messages say what was wrong and what to do; they
 * never echo feature values or secrets.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class MlopsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what was wrong and what to do
   */
  public MlopsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what was wrong and what to do
   * @param cause the underlying failure
   */
  public MlopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
