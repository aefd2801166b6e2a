package dev.mlops.core;

import java.util.Objects;

/**
 * Raised when stored bytes fail verification: a digest that does not match, a truncated blob, a
 * manifest that does not parse, or a signature that does not verify. A model is never returned from
 * bytes that raised this.
 *
 * <p>Restore the artifact from a trusted copy or register it again; {@code verify()} on the store
 * lists every such problem. Instances are immutable and thread-safe.
 */
public class IntegrityException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /** What failed verification. */
  private final String subject;
  /** The expected value, or null. */
  private final String expected;
  /** The value found, or null. */
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param subject what failed verification, e.g. a blob digest or {@code "fraud/3"}
   * @param expected the expected value (a digest, a size), or a short description
   * @param actual the value found
   * @param message what was wrong and what to do
   */
  public IntegrityException(String subject, String expected, String actual, String message) {
    super(message);
    this.subject = Objects.requireNonNull(subject, "subject");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.actual = Objects.requireNonNull(actual, "actual");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param subject what failed verification
   * @param expected the expected value
   * @param actual the value found
   * @param message what was wrong and what to do
   * @param cause the underlying failure, e.g. a parse error
   */
  public IntegrityException(
      String subject, String expected, String actual, String message, Throwable cause) {
    super(message, cause);
    this.subject = Objects.requireNonNull(subject, "subject");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.actual = Objects.requireNonNull(actual, "actual");
  }

  /**
   * Returns what failed verification.
   *
   * @return the subject
   */
  public String subject() {
    return subject;
  }

  /**
   * Returns the expected value.
   *
   * @return the expected value
   */
  public String expected() {
    return expected;
  }

  /**
   * Returns the value found.
   *
   * @return the actual value
   */
  public String actual() {
    return actual;
  }
}
